// piimap scan of an S3 bucket (s3rver behind a fault-injecting proxy), end to end through the real
// bin: partitioned datasets, ranged reads bounded by bytesPerObject, PII in keys, and an object S3
// keeps failing recorded as a failed asset while the rest of the bucket is cataloged (exit 1).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
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
let exported: ExportedField[];

interface ExportedField {
  asset: string;
  field: string;
  scan: {
    samplingMethod: string | null;
    objects?: {
      objectCount: number;
      sampledKeys: string[];
      skipped: { key: string; reason: string }[];
      incomplete: { key: string; reason: string }[];
    };
  };
}

const checkout = (i: number) =>
  JSON.stringify({ event: 'checkout', user: { email: `buyer${i}@example.com` }, total: i * 3 });

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'piimap-scan-s3-'));
  server = await startS3Server();
  proxy = await startFaultProxy(server.endpoint);
  await server.createBucket(bucket);
  const day = (from: number) =>
    gzipSync(Array.from({ length: 30 }, (_, i) => checkout(from + i)).join('\n') + '\n');
  // 60 daily partitions: one dataset, of which 20 objects are read (the newest and a spread).
  for (let d = 0; d < 60; d++) {
    const date = new Date(Date.UTC(2026, 8, 25 + d)).toISOString().slice(0, 10);
    await server.putObject(bucket, `logs/app/dt=${date}/part-0001.jsonl.gz`, day(d * 30));
  }
  const corrupt = Buffer.concat([gzipSync(checkout(1) + '\n' + checkout(2) + '\n'), Buffer.from('garbage')]);
  corrupt.fill(0x5a, 40, 60); // damage the deflate stream after its first bytes
  await server.putObject(bucket, 'logs/broken-gzip/part-0001.jsonl.gz', corrupt);
  await server.putObject(
    bucket,
    'reports/summary.json',
    JSON.stringify({
      owner: { contact: { email: 'owner@example.com' } },
      team: Array.from({ length: 5 }, (_, i) => ({ role: 'support', phone: `(202) 555-01${10 + i}` })),
    }),
  );
  await server.putObject(
    bucket,
    'exports/leads.tsv',
    'lead_email\tsource\n' + Array.from({ length: 10 }, (_, i) => `lead${i}@example.net\tweb`).join('\n'),
  );
  await server.putObject(
    bucket,
    'warehouse/orders/part-0.parquet',
    Buffer.from(
      parquetWriteBuffer({
        columnData: [
          {
            name: 'buyer_email',
            data: Array.from({ length: 10 }, (_, i) => `b${i}@example.com`),
            type: 'STRING',
          },
          { name: 'qty', data: Array.from({ length: 10 }, (_, i) => i), type: 'INT32' },
        ],
      }),
    ),
  );
  await server.putObject(
    bucket,
    'access/app.log',
    Array.from(
      { length: 10 },
      (_, i) => `GET /cart status=200 client=81.2.69.${100 + i} user=u${i}@example.com`,
    ).join('\n'),
  );
  await server.putObject(bucket, 'media/blob.bin', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8, 9]));
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
  const exportRun = await runCli(['export', '--catalog', catalog]);
  exported = (JSON.parse(exportRun.stdout) as { fields: ExportedField[] }).fields;
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
    assert.deepEqual(
      events
        .filter((e) => e.event === 'asset-committed')
        .map((e) => e.asset)
        .sort(),
      [
        'access/app.log*',
        'big/events.jsonl',
        'exports/customers.csv',
        'exports/leads.tsv',
        'logs/app/dt=*/part-*.jsonl.gz',
        'logs/broken-gzip/part-*.jsonl.gz',
        'media/blob.bin',
        'reports/summary.json',
        'users/*/avatar.txt',
        'warehouse/orders/part-*.parquet',
      ].sort(),
    );
  });

  test('every format is read: JSON documents by nested path, TSV, Parquet, key=value logs', () => {
    assert.deepEqual(committed('reports/summary.json')?.piiFields, [
      { field: '$.owner.contact.email', types: ['email'] },
      { field: '$.team[*].phone', types: ['phone'] },
    ]);
    assert.deepEqual(committed('exports/leads.tsv')?.piiFields, [{ field: 'lead_email', types: ['email'] }]);
    assert.deepEqual(committed('warehouse/orders/part-*.parquet')?.piiFields, [
      { field: 'buyer_email', types: ['email'] },
    ]);
    assert.deepEqual(committed('access/app.log*')?.piiFields, [
      { field: 'client', types: ['ip_address'] },
      { field: 'user', types: ['email'] },
    ]);
  });

  test('a dataset of many partitions records its object count and the objects read', () => {
    const logs = exported.find((f) => f.asset === 'logs/app/dt=*/part-*.jsonl.gz');
    assert.equal(logs?.scan.samplingMethod, 'newest-and-spread');
    assert.equal(logs?.scan.objects?.objectCount, 60);
    assert.equal(logs?.scan.objects?.sampledKeys.length, 20);
    assert.ok(
      logs?.scan.objects?.sampledKeys.includes('logs/app/dt=2026-11-23/part-0001.jsonl.gz'),
      'newest read',
    );
  });

  test('a corrupt gzip and a binary blob are recorded, not crashed on', () => {
    const broken = exported.find((f) => f.asset === 'logs/broken-gzip/part-*.jsonl.gz');
    assert.match(broken?.scan.objects?.skipped[0]?.reason ?? '', /corrupt gzip/);
    const blob = exported.find((f) => f.asset === 'media/blob.bin');
    assert.match(blob?.scan.objects?.skipped[0]?.reason ?? '', /binary/);
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
