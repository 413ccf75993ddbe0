// Stopping a distributed scan: on SIGTERM the coordinator takes back the jobs no worker has started
// (left for `--resume`), waits for those running, records them and exits 143; `--resume --queue`
// finishes the scan with no asset twice. Out of time budget, the jobs not started are taken back and
// recorded as deferred (exit 6). A worker stopped twice hands its job back to the queue at once, for
// another worker to take without waiting for the lock to expire. Jobs are slowed by the source's
// maxRowsPerSecond.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { autoWorkerCount } from '../../src/detection/detection-pool.js';
import {
  PG_URL,
  type PiimapProcess,
  catalogRows,
  createTables,
  jobCounts,
  removeRedisKeys,
  startCoordinator,
  startWorker,
  uniqueName,
} from './queue-harness.js';

const SCHEMA = uniqueName('stop');
const PREFIX = SCHEMA;
const TABLES = 6;
const admin = new pg.Client({ connectionString: PG_URL });
const dir = mkdtempSync(join(tmpdir(), 'piimap-queue-stop-'));
const config = join(dir, 'estate.json');
let worker: PiimapProcess;

before(async () => {
  await admin.connect();
  // 3,000 rows at 2,000 rows/s: a job takes about half a second after the bucket's first second.
  await createTables(admin, SCHEMA, TABLES, 3000);
  writeFileSync(
    config,
    JSON.stringify({
      sources: [
        {
          name: 'crm',
          type: 'postgres',
          url: PG_URL,
          schemas: [SCHEMA],
          maxConnections: 1,
          maxRowsPerSecond: 2000,
        },
      ],
    }),
  );
  // auto, with the source's Postgres on this machine: one core is kept for it.
  worker = startWorker(config, PREFIX, ['--workers', 'auto']);
  await worker.waitFor((e) => e.event === 'worker-started');
});

test('a worker with --workers auto keeps a core for a database on its machine', async () => {
  const started = await worker.waitFor((e) => e.event === 'worker-started');
  assert.equal(started.threads, autoWorkerCount(1));
});

after(async () => {
  try {
    await worker.stop();
    await removeRedisKeys(PREFIX);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  } finally {
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM: jobs not started are taken back, running ones recorded, exit 143; --resume finishes', async () => {
  const catalog = join(dir, 'signal.db');
  const doneBefore = worker.count('job-done');
  const coordinator = startCoordinator(config, catalog, PREFIX, ['--full']);
  await coordinator.waitFor((e) => e.event === 'asset-committed');
  coordinator.child.kill('SIGTERM');
  const { code } = await coordinator.exited;
  assert.equal(code, 143, coordinator.stderr);

  const rows = catalogRows(catalog);
  assert.equal(rows.scan.status, 'interrupted');
  assert.equal(rows.scan.stopReason, 'SIGTERM');
  const committed = rows.assets.filter((a) => a.status === 'committed').length;
  assert.ok(committed >= 1 && committed < TABLES, `${committed} committed`);
  assert.equal(rows.assets.length, committed, 'nothing else recorded: the rest is left for --resume');
  // Every job a worker started was waited for and written; the others were taken back. (The
  // worker's events come through another pipe: wait for them to arrive.)
  await worker.waitFor(() => worker.count('job-done') - doneBefore >= committed, 5000);
  assert.equal(worker.count('job-done') - doneBefore, committed);
  assert.deepEqual(
    Object.values(await jobCounts(PREFIX, 'crm')).filter((n) => n > 0),
    [],
  );

  const resumed = startCoordinator(config, catalog, PREFIX, ['--full', '--resume']);
  assert.equal((await resumed.exited).code, 0, resumed.stderr);
  const after = catalogRows(catalog);
  assert.equal(after.scan.status, 'completed');
  assert.equal(after.assets.filter((a) => a.status === 'committed').length, TABLES);
  await worker.waitFor(() => worker.count('job-done') - doneBefore >= TABLES, 5000);
  assert.equal(worker.count('job-done') - doneBefore, TABLES, 'no asset scanned twice');
});

test('--time-budget: jobs not started are taken back and recorded as deferred, exit 6', async () => {
  const catalog = join(dir, 'budget.db');
  const coordinator = startCoordinator(config, catalog, PREFIX, ['--full', '--time-budget', '1.5s']);
  const { code } = await coordinator.exited;
  assert.equal(code, 6, coordinator.stderr);

  const rows = catalogRows(catalog);
  assert.equal(rows.scan.status, 'interrupted');
  assert.equal(rows.scan.stopReason, 'time-budget');
  const committed = rows.assets.filter((a) => a.status === 'committed').length;
  const deferred = rows.assets.filter((a) => a.skipReason === 'time-budget').length;
  assert.ok(committed >= 1 && deferred >= 1, `${committed} committed, ${deferred} deferred`);
  assert.equal(committed + deferred, TABLES);
  assert.equal(coordinator.count('asset-deferred'), deferred);
  assert.deepEqual(
    Object.values(await jobCounts(PREFIX, 'crm')).filter((n) => n > 0),
    [],
  );
});

test('a worker signalled twice hands its job back: another takes it at once, exit 143', async () => {
  const prefix = `${PREFIX}_release`;
  const slow = join(dir, 'slow.json');
  const fast = join(dir, 'fast.json');
  const source = { name: 'crm', type: 'postgres', url: PG_URL, schemas: [`${SCHEMA}_slow`] };
  await createTables(admin, `${SCHEMA}_slow`, 1, 20_000);
  // maxRowsPerSecond paces reading; it is no result setting, so both configs' jobs are the same.
  writeFileSync(slow, JSON.stringify({ sources: [{ ...source, maxRowsPerSecond: 1000 }] }));
  writeFileSync(fast, JSON.stringify({ sources: [source] }));
  try {
    const first = startWorker(slow, prefix);
    await first.waitFor((e) => e.event === 'worker-started');
    const catalog = join(dir, 'release.db');
    const coordinator = startCoordinator(fast, catalog, prefix, ['--full']);
    await first.waitFor((e) => e.event === 'job-started');
    first.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    first.child.kill('SIGTERM');
    assert.equal((await first.exited).code, 143, first.stderr);
    assert.equal(first.events.find((e) => e.event === 'worker-stopped')?.jobsReleased, 1);

    const releasedAt = Date.now();
    const second = startWorker(fast, prefix);
    await second.waitFor((e) => e.event === 'job-done');
    // Well within the 30 s lock a dead worker's job waits out.
    assert.ok(Date.now() - releasedAt < 15_000, `${Date.now() - releasedAt} ms`);
    assert.equal((await coordinator.exited).code, 0, coordinator.stderr);
    assert.equal((await second.stop()).code, 143);
    assert.equal(catalogRows(catalog).assets[0]?.status, 'committed');
  } finally {
    await removeRedisKeys(prefix);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA}_slow CASCADE`);
  }
});
