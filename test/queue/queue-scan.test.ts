// A distributed scan through the real bin, real Redis and real Postgres: a coordinator and two
// `piimap worker` processes; the worker that takes the first job is SIGKILLed while it reads it,
// and BullMQ's stalled-job recovery (short lock and check intervals) hands the job to the other.
// Every asset is cataloged exactly once, the export equals that of a local `--full` scan of the same
// estate, no job is left in Redis, and no raw value ever crossed it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { runCli } from '../cli/run-cli.js';
import {
  PG_URL,
  catalogRows,
  createTables,
  exportWithoutTimes,
  jobCounts,
  redisText,
  removeRedisKeys,
  startCoordinator,
  startWorker,
  uniqueName,
} from './queue-harness.js';

const SCHEMA = uniqueName('scan');
const PREFIX = SCHEMA;
const TABLES = 8;
const admin = new pg.Client({ connectionString: PG_URL });
const dir = mkdtempSync(join(tmpdir(), 'piimap-queue-scan-'));
const config = join(dir, 'estate.json');

before(async () => {
  await admin.connect();
  // Big enough that the first job is still being read when its worker is killed.
  await createTables(admin, SCHEMA, TABLES, 10_000);
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ name: 'crm', type: 'postgres', url: PG_URL, schemas: [SCHEMA], maxConnections: 2 }],
      queue: { lockDurationMs: 2000, stalledIntervalMs: 500, maxStalledCount: 2, backoffMs: 200 },
    }),
  );
});

after(async () => {
  try {
    await removeRedisKeys(PREFIX);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  } finally {
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('coordinator + 2 workers, one SIGKILLed mid-job: every asset once, export equal to a local --full scan', async () => {
  const local = join(dir, 'local.db');
  const scanned = await runCli([
    'scan',
    '--config',
    config,
    '--catalog',
    local,
    '--full',
    '--examples',
    'masked',
    '--workers',
    '0',
  ]);
  assert.equal(scanned.code, 0, scanned.stderr);

  const workers = [startWorker(config, PREFIX), startWorker(config, PREFIX)];
  await Promise.all(workers.map((w) => w.waitFor((e) => e.event === 'worker-started')));
  const catalog = join(dir, 'distributed.db');
  const coordinator = startCoordinator(config, catalog, PREFIX, ['--full', '--examples', 'masked']);

  // Whichever worker starts a job first dies with it in hand.
  const first = await Promise.race(
    workers.map((w) => w.waitFor((e) => e.event === 'job-started').then((e) => ({ worker: w, job: e }))),
  );
  first.worker.child.kill('SIGKILL');
  const survivor = workers.find((w) => w !== first.worker)!;

  const { code } = await coordinator.exited;
  assert.equal(code, 0, coordinator.stderr);
  assert.equal((await survivor.stop()).code, 143, survivor.stderr);
  assert.equal((await first.worker.exited).signal, 'SIGKILL');

  // The killed worker's job was taken over by the survivor after its lock expired.
  const killedAsset = first.job.asset as string;
  assert.ok(
    survivor.events.some((e) => e.event === 'job-done' && e.asset === killedAsset),
    `survivor did not finish ${killedAsset}: ${JSON.stringify(survivor.events)}`,
  );
  assert.ok(
    survivor.events.some((e) => e.event === 'job-stalled'),
    'the stalled job was noticed',
  );

  // Every asset exactly once: one committed row each, no finding twice, one event each.
  const rows = catalogRows(catalog);
  assert.equal(rows.scan.status, 'completed');
  assert.deepEqual(
    rows.assets.map((a) => [a.name, a.status]),
    Array.from({ length: TABLES }, (_, t) => [`${SCHEMA}.t${t}`, 'committed']),
  );
  assert.equal(rows.findings, rows.distinctFindings);
  assert.equal(rows.findings, catalogRows(local).findings);
  const committed = coordinator.events.filter((e) => e.event === 'asset-committed').map((e) => e.asset);
  assert.equal(committed.length, TABLES);
  assert.equal(new Set(committed).size, TABLES);
  assert.equal(coordinator.count('asset-started'), TABLES);
  assert.equal(coordinator.events.find((e) => e.event === 'summary')?.status, 'completed');

  assert.deepEqual(await exportWithoutTimes(catalog), await exportWithoutTimes(local));

  // Jobs are removed once written; the records that crossed Redis hold masked examples only.
  const counts = await jobCounts(PREFIX, 'crm');
  assert.deepEqual(
    Object.values(counts).filter((n) => n > 0),
    [],
    JSON.stringify(counts),
  );
  const stored = await redisText(PREFIX);
  assert.match(stored, /\*\*\*@\*\*\*\.com/, 'masked examples are in the completed events');
  assert.doesNotMatch(stored, /user\d+\.\d+@example\.com/);
  assert.doesNotMatch(stored, /\(201\) 555-\d{4}/);
});
