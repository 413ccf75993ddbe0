// piimap scan of an S3 bucket (s3rver behind a fault-injecting proxy), end to end through the real
// bin: partitioned datasets, ranged reads bounded by bytesPerObject, PII in keys, and an object S3
// keeps failing recorded as a failed asset while the rest of the bucket is cataloged (exit 1).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.js';
import { type S3Server, s3rverCredentials, startS3Server, uniqueBucketName } from '../support/s3-server.js';
import { jsonLines, runCli } from '../cli/run-cli.js';

interface ScanEvent {
  event: string;
  asset?: string;
  error?: string;
  rowsSampled?: number;
  piiFields?: { field: string; types: string[] }[];
}

const bucket = uniqueBucketName('piimap-scan-s3');
const PLANTED_KEY_EMAIL = 'jane.doe@example.com';
let server: S3Server;
let proxy: FaultProxy;
let work: string;
let events: ScanEvent[];
let exitCode: number | null;
let stderr: string;
let catalog: string;

const checkout = (i: number) =>
  JSON.stringify({ event: 'checkout', user: { email: `buyer${i}@example.com` }, total: i * 3 });

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'piimap-scan-s3-'));
  server = await startS3Server();
  proxy = await startFaultProxy(server.endpoint);
  await server.createBucket(bucket);
  const day = (from: number) =>
    gzipSync(Array.from({ length: 30 }, (_, i) => checkout(from + i)).join('\n') + '\n');
  await server.putObject(bucket, 'logs/app/dt=2026-11-22/part-0001.jsonl.gz', day(0));
  await server.putObject(bucket, 'logs/app/dt=2026-11-23/part-0001.jsonl.gz', day(30));
  await server.putObject(
    bucket,
    'exports/customers.csv',
    'customer_email,iban,plan\n' +
      Array.from({ length: 20 }, (_, i) => `c${i}@example.org,GB82WEST12345698765432,basic`).join('\n'),
  );
  // 20,000 records (~1.2 MB); bytesPerObject 4096 reads only its head.
  await server.putObject(
    bucket,
    'big/events.jsonl',
    Array.from({ length: 20_000 }, (_, i) => checkout(i)).join('\n'),
  );
  await server.putObject(bucket, `users/${PLANTED_KEY_EMAIL}/avatar.txt`, 'no pii here, just a caption');
  await server.putObject(bucket, 'broken/data.jsonl', checkout(1));
  // S3 keeps answering 500 for this object: retried, then recorded as a failed asset.
  proxy.failNext({ fault: 500, times: 1000, method: 'GET', path: /^\/[^/]+\/broken\/data\.jsonl/ });

  const config = join(work, 'estate.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: [
        {
          name: 'lake',
          type: 's3',
          bucket,
          region: 'us-east-1',
          endpoint: proxy.endpoint,
          forcePathStyle: true,
          bytesPerObject: 4096,
        },
      ],
    }),
  );
  catalog = join(work, 's3.db');
  const scan = await runCli(['scan', '--config', config, '--catalog', catalog, '--workers', '0', '--json'], {
    env: {
      AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
    },
  });
  exitCode = scan.code;
  stderr = scan.stderr + scan.stdout;
  events = jsonLines(scan.stdout) as ScanEvent[];
  assert.ok(events.length > 0, scan.stderr);
});

after(async () => {
  await proxy.close();
  await server.deleteBucket(bucket);
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('piimap scan (S3)', () => {
  const committed = (asset: string) => events.find((e) => e.event === 'asset-committed' && e.asset === asset);

  test('an object S3 keeps failing fails its dataset only; the scan goes on and exits 1', () => {
    assert.equal(exitCode, 1, stderr);
    const failed = events.filter((e) => e.event === 'asset-failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.asset, 'broken/data.jsonl');
    assert.match(failed[0]?.error ?? '', /broken\/data\.jsonl/);
    assert.match(failed[0]?.error ?? '', /500|InternalError/);
    for (const asset of ['logs/app/dt=*/part-*.jsonl.gz', 'exports/customers.csv', 'big/events.jsonl'])
      assert.ok(committed(asset), `${asset} committed`);
  });

  test('partitions are one dataset, classified by JSON path and CSV header', () => {
    assert.deepEqual(committed('logs/app/dt=*/part-*.jsonl.gz')?.piiFields, [
      { field: '$.user.email', types: ['email'] },
    ]);
    assert.deepEqual(committed('exports/customers.csv')?.piiFields, [
      { field: 'customer_email', types: ['email'] },
      { field: 'iban', types: ['iban'] },
    ]);
  });

  test('bytesPerObject bounds what is read of a large object', () => {
    const rows = committed('big/events.jsonl')?.rowsSampled ?? 0;
    assert.ok(rows > 0 && rows < 100, `${rows} records read`);
  });

  test('an email in a key is found as $key, and its raw form is stored nowhere', () => {
    assert.deepEqual(committed('users/*/avatar.txt')?.piiFields, [{ field: '$key', types: ['email'] }]);
    const stored = readdirSync(work)
      .filter((f) => f.startsWith('s3.db'))
      .map((f) => readFileSync(join(work, f)).toString('latin1'))
      .join('\n');
    assert.ok(!stored.includes(PLANTED_KEY_EMAIL));
    assert.ok(!JSON.stringify(events).includes(PLANTED_KEY_EMAIL));
  });
});
