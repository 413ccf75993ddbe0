// piimap plan and check on S3 (s3rver behind a fault proxy): datasets and the objects a scan would
// read, one byte read per dataset to prove GetObject is allowed, and a dataset S3 will not serve.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EstateCheck, EstatePlan } from '../../src/planning/plan-records.js';
import { runCli } from '../cli/run-cli.js';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { type S3Server, s3rverCredentials, startS3Server, uniqueBucketName } from '../support/s3-server.js';

const bucket = uniqueBucketName('piimap-plan');
const env = {
  AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
};
let server: S3Server;
let proxy: FaultProxy;
let config: string;
const dir = mkdtempSync(join(tmpdir(), 'piimap-plan-s3-'));

before(async () => {
  server = await startS3Server();
  proxy = await startFaultProxy(server.endpoint);
  await server.createBucket(bucket);
  for (let day = 1; day <= 30; day++)
    await server.putObject(
      bucket,
      `events/dt=2026-01-${String(day).padStart(2, '0')}/part-0.jsonl`,
      '{"a":1}\n',
    );
  await server.putObject(bucket, 'exports/customers.csv', 'email\nx@example.com\n');
  await server.putObject(bucket, 'locked/data.jsonl', '{"a":1}\n');
  config = join(dir, 'estate.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: [
        {
          name: 'lake',
          type: 's3',
          bucket,
          endpoint: proxy.endpoint,
          forcePathStyle: true,
          objectsPerDataset: 5,
        },
      ],
    }),
  );
});

after(async () => {
  await proxy.close();
  await server.deleteBucket(bucket);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('plan on S3: datasets, object counts, the objects a scan would read, one byte read from each dataset', async () => {
  // Every GET of this object fails: 5 attempts, the S3 client's default.
  proxy.failNext({ fault: 500, times: 5, method: 'GET', path: /^\/[^/]+\/locked\/data\.jsonl/ });
  const before = proxy.requests.length;
  const result = await runCli(['plan', '--config', config, '--json'], { env });
  assert.equal(result.code, 0, result.stderr);
  const [lake] = (JSON.parse(result.stdout) as EstatePlan).sources;
  assert.ok(lake?.location?.startsWith(`s3://${bucket}/`), lake?.location);
  assert.equal(proxy.pending(), 0);
  const byName = new Map(lake?.assets.map((a) => [a.asset, a]));
  assert.deepEqual(
    [...byName.keys()],
    ['events/dt=*/part-*.jsonl', 'exports/customers.csv', 'locked/data.jsonl'],
  );
  const events = byName.get('events/dt=*/part-*.jsonl');
  assert.deepEqual(
    [events?.method, events?.objectCount, events?.objects?.length, events?.readable],
    ['newest-and-spread', 30, 5, true],
  );
  assert.match(events?.access ?? '', /^read 1 byte of events\/dt=2026-01-\d\d\/part-0\.jsonl$/);
  assert.deepEqual(
    [byName.get('exports/customers.csv')?.method, byName.get('exports/customers.csv')?.readable],
    ['all-objects', true],
  );
  assert.equal(byName.get('locked/data.jsonl')?.readable, false);
  assert.match(byName.get('locked/data.jsonl')?.access ?? '', /locked\/data\.jsonl/);
  // Listing, then one ranged GET per dataset (the failing one retried): nothing else was read.
  const gets = proxy.requests.slice(before).filter((r) => r.startsWith('GET') && !r.includes('list-type=2'));
  assert.equal(new Set(gets).size, 3, gets.join('\n'));
});

test('check on S3: the bucket lists; a dataset whose objects cannot be read fails the source', async () => {
  proxy.failNext({ fault: 500, times: 5, method: 'GET', path: /^\/[^/]+\/locked\/data\.jsonl/ });
  const result = await runCli(['check', '--config', config, '--json'], { env });
  assert.equal(result.code, 1, result.stderr);
  const [lake] = (JSON.parse(result.stdout) as EstateCheck).sources;
  assert.deepEqual(
    [lake?.ok, lake?.assets?.total, lake?.assets?.readable, lake?.assets?.unreadable.map((u) => u.asset)],
    [false, 3, 2, ['locked/data.jsonl']],
  );
  assert.equal(proxy.pending(), 0);
  const ok = await runCli(['check', '--config', config], { env });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stdout, '✓ lake (s3): 3 of 3 assets readable\n');
});
