// Failures of a distributed scan, through the real bin: a worker whose config differs from the
// coordinator's refuses the job (it fails at once with the reason, and the worker, having refused
// every source, exits 2); a job that keeps failing is tried `attempts` times and then recorded as a
// failed asset with its (redacted) error while the other assets commit — exit 1 either way. Jobs
// that vanish from Redis are queued again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Queue } from 'bullmq';
import pg from 'pg';
import {
  PG_URL,
  REDIS,
  catalogRows,
  createTables,
  jobCounts,
  removeRedisKeys,
  startCoordinator,
  startWorker,
  uniqueName,
} from './queue-harness.js';

const SCHEMA = uniqueName('fail');
const admin = new pg.Client({ connectionString: PG_URL });
const dir = mkdtempSync(join(tmpdir(), 'piimap-queue-failures-'));
const prefixes: string[] = [];

function estate(name: string, schema: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      sources: [{ name: 'crm', type: 'postgres', url: PG_URL, schemas: [schema], maxConnections: 1 }],
      queue: { attempts: 2, backoffMs: 100 },
      ...extra,
    }),
  );
  return file;
}

function prefix(): string {
  const name = uniqueName('failq');
  prefixes.push(name);
  return name;
}

before(async () => {
  await admin.connect();
  await createTables(admin, SCHEMA, 1, 100);
  await createTables(admin, `${SCHEMA}_drop`, 3, 500);
});

after(async () => {
  try {
    for (const name of prefixes) await removeRedisKeys(name);
    await admin.query(
      `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${SCHEMA}_drop CASCADE`,
    );
  } finally {
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker with another config refuses the job: failed asset with the reason, worker exit 2', async () => {
  const queuePrefix = prefix();
  const coordinatorConfig = estate('coordinator', SCHEMA);
  // One suppression more: findings could differ, so the settings hash does.
  const workerConfig = estate('worker', SCHEMA, { allow: { values: ['nobody@example.com'] } });
  const worker = startWorker(workerConfig, queuePrefix);
  await worker.waitFor((e) => e.event === 'worker-started');
  const catalog = join(dir, 'refused.db');
  const coordinator = startCoordinator(coordinatorConfig, catalog, queuePrefix);

  const { code } = await coordinator.exited;
  assert.equal(code, 1, coordinator.stderr);
  const exit = await worker.exited;
  assert.equal(exit.code, 2, worker.stderr);
  assert.match(worker.stderr, /differ from the coordinator's for every source/);
  assert.equal(worker.count('job-refused'), 1);

  const rows = catalogRows(catalog);
  assert.equal(rows.scan.status, 'completed-with-errors');
  assert.equal(rows.assets.length, 1);
  assert.equal(rows.assets[0]?.status, 'failed');
  assert.match(rows.assets[0]?.error ?? '', /refused it: the worker's config, detectors or piimap version/);
  assert.match(rows.assets[0]?.error ?? '', /\(1 attempt, the last on /);
  const failed = coordinator.events.find((e) => e.event === 'asset-failed');
  assert.match(String(failed?.error), /refused/);
});

test('a job that keeps failing is tried `attempts` times, then recorded as a failed asset (exit 1)', async () => {
  const queuePrefix = prefix();
  const config = estate('drop', `${SCHEMA}_drop`);
  const catalog = join(dir, 'dropped.db');
  // No worker yet: the coordinator lists the three tables and queues them; one is then dropped,
  // so the worker's own listing lacks it, attempt after attempt.
  const coordinator = startCoordinator(config, catalog, queuePrefix);
  await coordinator.waitFor((e) => e.event === 'source-listed');
  for (let i = 0; ; i++) {
    const counts = await jobCounts(queuePrefix, 'crm');
    if (counts.waiting === 3) break;
    assert.ok(i < 200, 'the three jobs are queued');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await admin.query(`DROP TABLE ${SCHEMA}_drop.t1`);
  const worker = startWorker(config, queuePrefix);

  const { code } = await coordinator.exited;
  assert.equal(code, 1, coordinator.stderr);
  assert.equal((await worker.stop()).code, 143, worker.stderr);
  assert.equal(
    worker.events.filter((e) => e.event === 'job-failed' && e.asset === `${SCHEMA}_drop.t1`).length,
    2,
  );

  const rows = catalogRows(catalog);
  assert.equal(rows.scan.status, 'completed-with-errors');
  assert.deepEqual(
    rows.assets.map((a) => [a.name, a.status]),
    [
      [`${SCHEMA}_drop.t0`, 'committed'],
      [`${SCHEMA}_drop.t1`, 'failed'],
      [`${SCHEMA}_drop.t2`, 'committed'],
    ],
  );
  assert.match(
    rows.assets[1]?.error ?? '',
    /not in the worker's listing of the source .*\(2 attempts, the last on /,
  );
  const counts = await jobCounts(queuePrefix, 'crm');
  assert.deepEqual(
    Object.values(counts).filter((n) => n > 0),
    [],
    'failed jobs are removed once recorded',
  );
});

test('jobs that vanish from Redis (restarted without persistence) are queued again, with the limit', async () => {
  const queuePrefix = prefix();
  const config = estate('vanish', SCHEMA);
  const catalog = join(dir, 'vanished.db');
  const coordinator = startCoordinator(config, catalog, queuePrefix);
  for (let i = 0; (await jobCounts(queuePrefix, 'crm')).waiting !== 1; i++) {
    assert.ok(i < 200, 'the job is queued');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await removeRedisKeys(queuePrefix);
  const warning = await coordinator.waitFor((e) => e.event === 'source-warning', 15_000);
  assert.match(String(warning.warning), /1 job\(s\) vanished from Redis .*queued again/);
  const queue = new Queue('crm', { connection: REDIS, prefix: queuePrefix });
  try {
    assert.equal(await queue.getGlobalConcurrency(), 1, "the source's connection limit is set again");
  } finally {
    await queue.close();
  }
  const worker = startWorker(config, queuePrefix);
  assert.equal((await coordinator.exited).code, 0, coordinator.stderr);
  assert.equal((await worker.stop()).code, 143, worker.stderr);
  assert.equal(catalogRows(catalog).assets[0]?.status, 'committed');
});
