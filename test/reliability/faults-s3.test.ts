// S3 faults through the real bin (s3rver behind the fault proxy). Already covered elsewhere and not
// repeated here: the store's retries of 503 SlowDown, of a connection dropped before the answer, of
// a SlowDown between listing pages and a persistent 500 (test/sources/objects/s3-retry.test.ts),
// and a persistent 500 failing one dataset of a scan, exit 1 (test/pipeline/scan-s3.test.ts). Added
// here: every transient kind in one scan, a connection dropped in the middle of a body among them,
// retried to the same results as a clean scan (exit 0, the extra requests counted); and connections
// that keep dropping, before the answer or mid-body, failing only their own datasets (exit 1).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { type Fault, startFaultProxy } from '../support/fault-proxy.js';
import { type S3Server, s3rverCredentials, startS3Server, uniqueBucketName } from '../support/s3-server.js';
import { jsonLines, runCli } from '../cli/run-cli.js';

interface ScanEvent {
  event: string;
  asset?: string;
  error?: string;
  rowsSampled?: number;
  piiFields?: unknown[];
}

const bucket = uniqueBucketName('piimap-faults-s3');
const KEYS = {
  people: 'people/customers.csv',
  contacts: 'contacts/book.json',
  notes: 'notes/support.txt',
  /** ~370 KB, read whole (bytesPerObject is 1 MiB): a body long enough to be cut in the middle. */
  events: 'events/app.jsonl',
};
let server: S3Server;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-faults-s3-'));
  server = await startS3Server();
  await server.createBucket(bucket);
  const rows = (n: number, row: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => row(i)).join('\n');
  await server.putObject(bucket, KEYS.people, `email,plan\n${rows(50, (i) => `c${i}@example.org,basic`)}`);
  await server.putObject(
    bucket,
    KEYS.contacts,
    JSON.stringify({ owner: { email: 'owner@example.com' }, team: [{ phone: '(202) 555-0110' }] }),
  );
  await server.putObject(
    bucket,
    KEYS.notes,
    rows(20, (i) => `ticket ${i}: call back at (202) 555-01${10 + (i % 80)}`),
  );
  await server.putObject(
    bucket,
    KEYS.events,
    rows(5000, (i) =>
      JSON.stringify({ event: 'checkout', user: { email: `buyer${i}@example.com` }, total: i }),
    ),
  );
});

after(async () => {
  await server.deleteBucket(bucket);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One scan of the bucket through a fresh fault proxy with `faults` queued. */
async function scan(name: string, faults: Fault[] = []) {
  const proxy = await startFaultProxy(server.endpoint);
  try {
    for (const fault of faults) proxy.failNext(fault);
    const config = join(dir, `${name}.json`);
    const source = {
      name: 'lake',
      type: 's3',
      bucket,
      region: 'us-east-1',
      endpoint: proxy.endpoint,
      forcePathStyle: true,
    };
    writeFileSync(config, JSON.stringify({ sources: [source] }));
    const run = await runCli(
      ['scan', '--config', config, '--catalog', join(dir, `${name}.db`), '--workers', '0', '--json'],
      {
        env: {
          AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
        },
      },
    );
    const events = jsonLines(run.stdout) as ScanEvent[];
    const catalog = assetScans(join(dir, `${name}.db`));
    /** Requests whose path (and query) matches. */
    const requests = (path: RegExp) => proxy.requests.filter((r) => path.test(r.split(' ')[1] ?? '')).length;
    return {
      code: run.code,
      events,
      catalog,
      requests,
      pending: proxy.pending(),
      output: `exit ${run.code}\n${run.stderr}\n${run.stdout}`,
    };
  } finally {
    await proxy.close();
  }
}

/** Each asset's status and error in the catalog's (only) scan. */
function assetScans(catalog: string): Map<string, { status: string; error: string | null }> {
  const db = new Database(catalog, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT a.name, s.status, s.error FROM asset_scans s JOIN assets a ON a.id = s.asset_id')
      .all() as { name: string; status: string; error: string | null }[];
    return new Map(rows.map(({ name, ...row }) => [name, row]));
  } finally {
    db.close();
  }
}

const objectPath = (key: string) => new RegExp(`^/${bucket}/${key.replace(/[./]/g, '\\$&')}\\?`);
const LISTING = /list-type=2/;

/** What each committed asset's event says, failures by asset: the results to compare. */
function outcome(events: ScanEvent[]) {
  return Object.fromEntries(
    events
      .filter((e) => e.event === 'asset-committed' || e.event === 'asset-failed')
      .map((e) => [
        e.asset,
        e.event === 'asset-failed' ? e.error : { rows: e.rowsSampled, pii: e.piiFields },
      ]),
  );
}

test('transient 500, SlowDown, dropped connections (also mid-body) and a listing 500: retried, the same results as a clean scan, exit 0', async () => {
  const clean = await scan('clean');
  assert.equal(clean.code, 0, clean.output);
  const faults: Fault[] = [
    { fault: 500, path: LISTING },
    { fault: 500, method: 'GET', path: objectPath(KEYS.people) },
    { fault: 503, method: 'GET', path: objectPath(KEYS.contacts) },
    { fault: 'destroy', method: 'GET', path: objectPath(KEYS.notes) },
    {
      fault: 'destroy-mid-body',
      afterBytes: 1000,
      method: 'GET',
      path: objectPath(KEYS.events),
    },
  ];
  const faulty = await scan('transient', faults);
  assert.equal(faulty.code, 0, faulty.output);
  assert.equal(faulty.pending, 0, 'every fault was met');
  assert.deepEqual(outcome(faulty.events), outcome(clean.events), 'retries change nothing in the results');
  assert.deepEqual(
    [...faulty.catalog.values()].map((a) => a.status),
    ['committed', 'committed', 'committed', 'committed'],
  );
  // Each fault cost exactly one more request: the retry (or, mid-body, the GET of the rest).
  for (const [path, extra] of [
    [LISTING, 1],
    [objectPath(KEYS.people), 1],
    [objectPath(KEYS.contacts), 1],
    [objectPath(KEYS.notes), 1],
    [objectPath(KEYS.events), 1],
  ] as const)
    assert.equal(faulty.requests(path) - clean.requests(path), extra, String(path));
});

test('connections that keep dropping fail only their datasets, saying so; the rest is cataloged; exit 1', async () => {
  const run = await scan('persistent', [
    { fault: 'destroy', times: 1000, method: 'GET', path: objectPath(KEYS.notes) },
    {
      fault: 'destroy-mid-body',
      afterBytes: 1000,
      times: 1000,
      method: 'GET',
      path: objectPath(KEYS.events),
    },
  ]);
  assert.equal(run.code, 1, run.output);
  const result = outcome(run.events);
  for (const key of [KEYS.notes, KEYS.events])
    assert.match(
      String(result[key]),
      new RegExp(
        `^s3://${bucket}/${key.replace('.', '\\.')}: the connection to S3 dropped or timed out \\(ECONNRESET\\) after 5 attempts; check the network and try again$`,
      ),
      run.output,
    );
  for (const key of [KEYS.notes, KEYS.events])
    assert.deepEqual(run.catalog.get(key), { status: 'failed', error: result[key] }, 'the catalog agrees');
  assert.equal(run.requests(objectPath(KEYS.events)), 5, 'five bodies of its first read, each cut');
  for (const key of [KEYS.people, KEYS.contacts])
    assert.equal(typeof result[key], 'object', `${key} committed\n${run.output}`);
});
