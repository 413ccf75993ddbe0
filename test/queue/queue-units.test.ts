// The queue's small parts: job ids and what crosses Redis, the Redis URL, the queue settings and
// their place in the estate config, and the commands' refusals before anything is scanned.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { assetJobId, assetRecordOf, isAssetJobData } from '../../src/queue/asset-job.js';
import { QUEUE_DEFAULTS, queueSettings } from '../../src/queue/queue-settings.js';
import { redisTarget } from '../../src/queue/redis-connection.js';
import { compileSchema } from '../../src/shared/json-schema.js';
import { ROOT, runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-queue-units-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('job ids: one per scan and asset, `:` (which BullMQ refuses) and `%` escaped', () => {
  assert.equal(assetJobId(12, 'public.users'), '12|public.users');
  assert.equal(assetJobId(3, 'logs/dt=*/a:b%c.log'), '3|logs/dt=*/a%3Ab%25c.log');
  assert.notEqual(assetJobId(3, 'a%3Ab'), assetJobId(3, 'a:b'));
});

test('job data and results are checked when they come out of Redis', () => {
  const data = {
    scanId: 1,
    source: 'crm',
    asset: 'public.users',
    sample: { sampleSize: 10, maxValueBytes: 100, full: false },
    keepExamples: false,
    settingsHash: 'abc',
  };
  assert.equal(isAssetJobData(data), true);
  assert.equal(isAssetJobData({ ...data, sample: null }), false);
  assert.equal(isAssetJobData('1|users'), false);
  const record = { name: 'public.users', status: 'committed', fields: [] };
  assert.equal(assetRecordOf(record, 'public.users'), record);
  assert.equal(assetRecordOf(record, 'public.orders'), undefined);
  assert.equal(assetRecordOf(null, 'public.users'), undefined);
  assert.equal(assetRecordOf({ ...record, status: 'failed' }, 'public.users'), undefined);
});

test('the Redis URL: host, port, credentials, database, TLS; the password never shown', () => {
  const target = redisTarget('rediss://scan:s3cret@redis.internal:6380/2');
  assert.deepEqual(target.connection, {
    host: 'redis.internal',
    port: 6380,
    username: 'scan',
    password: 's3cret',
    db: 2,
    tls: {},
    maxRetriesPerRequest: null,
  });
  assert.doesNotMatch(target.display, /s3cret/);
  assert.deepEqual(redisTarget('redis://127.0.0.1').connection, {
    host: '127.0.0.1',
    port: 6379,
    maxRetriesPerRequest: null,
  });
  assert.throws(() => redisTarget('http://x'), /not a redis:\/\//);
  assert.throws(() => redisTarget('redis://x/abc'), /database number/);
  assert.throws(() => redisTarget('nonsense'), /not a URL/);
});

test('queue settings: defaults, then the config, then the flags', () => {
  assert.deepEqual(queueSettings({}, {}), QUEUE_DEFAULTS);
  const settings = queueSettings(
    { prefix: 'estate-a', attempts: 5, lockDurationMs: 5000 },
    { prefix: undefined, lockDurationMs: 2000, maxStalledCount: 3 },
  );
  assert.equal(settings.prefix, 'estate-a');
  assert.equal(settings.attempts, 5);
  assert.equal(settings.lockDurationMs, 2000);
  assert.equal(settings.maxStalledCount, 3);
  assert.throws(() => queueSettings({}, { prefix: 'has space' }), /not a queue prefix/);
});

test('estate.schema.json: the queue object, checked like the rest', () => {
  const validate = compileSchema('estate.schema.json');
  assert.equal(validate({ queue: { prefix: 'crm-estate', attempts: 2, stalledIntervalMs: 500 } }), true);
  assert.equal(validate({ queue: { attempt: 2 } }), false);
  assert.equal(validate({ queue: { prefix: 'a b' } }), false);
  assert.equal(validate({ queue: { lockDurationMs: 10 } }), false);
});

test('refused before anything is scanned: no --queue for a worker, an unreachable Redis, sources as arguments (exit 2)', async () => {
  const config = join(dir, 'estate.json');
  writeFileSync(config, JSON.stringify({ sources: [{ name: 'app', type: 'sqlite', path: 'app.sqlite' }] }));
  const noQueue = await runCli(['worker', '--config', config]);
  assert.equal(noQueue.code, 2);
  assert.match(noQueue.stderr, /--queue is required/);

  const catalog = join(dir, 'never.db');
  const demo = join(ROOT, 'fixtures/demo/shop.sqlite');
  const unreachable = await runCli([
    'scan',
    '--config',
    config,
    '--catalog',
    catalog,
    '--queue',
    'redis://127.0.0.1:1',
  ]);
  assert.equal(unreachable.code, 2);
  assert.match(unreachable.stderr, /cannot reach Redis/);
  assert.equal(existsSync(catalog), false, 'the catalog was not even opened');

  const argumentSources = await runCli([
    'scan',
    demo,
    '--catalog',
    catalog,
    '--queue',
    'redis://127.0.0.1:6379',
  ]);
  assert.equal(argumentSources.code, 2);
  assert.match(argumentSources.stderr, /sources must come from --config alone/);

  const worker = await runCli(['worker', '--config', config, '--queue', 'redis://:pw@127.0.0.1:1']);
  assert.equal(worker.code, 2);
  assert.doesNotMatch(worker.stderr, /:pw@/);

  const prefixWithoutQueue = await runCli(['scan', demo, '--catalog', catalog, '--queue-prefix', 'x']);
  assert.equal(prefixWithoutQueue.code, 2);
  assert.match(prefixWithoutQueue.stderr, /only apply to --queue/);
});
