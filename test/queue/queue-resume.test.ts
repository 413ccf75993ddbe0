// A coordinator restart loses no finished job: the coordinator is SIGKILLed after its second
// committed asset while its worker goes on through the queue; the jobs the worker finishes stay in
// Redis with their records, and `piimap scan --resume --queue` writes them first — no asset is
// scanned twice — under the same scan id, ending with the export of a local `--full` scan.
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
  removeRedisKeys,
  startCoordinator,
  startWorker,
  uniqueName,
} from './queue-harness.js';

const SCHEMA = uniqueName('resume');
const PREFIX = SCHEMA;
const TABLES = 8;
const admin = new pg.Client({ connectionString: PG_URL });
const dir = mkdtempSync(join(tmpdir(), 'piimap-queue-resume-'));
const config = join(dir, 'estate.json');

before(async () => {
  await admin.connect();
  await createTables(admin, SCHEMA, TABLES, 4000);
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ name: 'crm', type: 'postgres', url: PG_URL, schemas: [SCHEMA], maxConnections: 1 }],
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

test('coordinator SIGKILLed mid-scan: --resume collects what workers finished meanwhile, nothing twice', async () => {
  const worker = startWorker(config, PREFIX);
  await worker.waitFor((e) => e.event === 'worker-started');
  const catalog = join(dir, 'catalog.db');
  const first = startCoordinator(config, catalog, PREFIX, ['--full']);
  await first.waitFor((e) => e.event === 'asset-committed' && first.count('asset-committed') === 2);
  first.child.kill('SIGKILL');
  assert.equal((await first.exited).signal, 'SIGKILL');

  // The worker goes on with the queue; the results wait in Redis.
  await worker.waitFor(() => worker.count('job-done') === TABLES);
  const left = await jobCounts(PREFIX, 'crm');
  assert.ok(
    (left.completed ?? 0) >= TABLES - 3,
    `finished jobs kept for the coordinator: ${JSON.stringify(left)}`,
  );

  const resumed = startCoordinator(config, catalog, PREFIX, ['--full', '--resume']);
  const { code } = await resumed.exited;
  assert.equal(code, 0, resumed.stderr);
  assert.equal((await worker.stop()).code, 143, worker.stderr);

  assert.equal(worker.count('job-done'), TABLES, 'no asset was scanned twice');
  const started = resumed.events.find((e) => e.event === 'scan-started');
  assert.equal(started?.resumed, true);
  const listed = resumed.events.find((e) => e.event === 'source-listed');
  const before = Number(listed?.alreadyCommitted ?? 0);
  assert.ok(before >= 2, `${before} committed before the kill`);
  assert.equal(resumed.count('asset-committed'), TABLES - before);

  const rows = catalogRows(catalog);
  assert.equal(rows.scan.status, 'completed');
  assert.equal(rows.scan.id, started?.scanId);
  assert.equal(rows.assets.length, TABLES);
  assert.ok(rows.assets.every((a) => a.status === 'committed'));
  assert.equal(rows.findings, rows.distinctFindings);
  assert.deepEqual(
    Object.values(await jobCounts(PREFIX, 'crm')).filter((n) => n > 0),
    [],
  );

  const local = join(dir, 'local.db');
  const scanned = await runCli(['scan', '--config', config, '--catalog', local, '--full', '--workers', '0']);
  assert.equal(scanned.code, 0, scanned.stderr);
  assert.deepEqual(await exportWithoutTimes(catalog), await exportWithoutTimes(local));
});
