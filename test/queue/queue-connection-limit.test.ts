// A source's connection limit holds across workers: four `piimap worker` processes scan a Postgres
// source with `maxConnections: 2`, and the number of piimap sessions in pg_stat_activity — sampled
// every ~20 ms for the whole scan, the coordinator's own listing included — never exceeds 2. The
// sessions are told apart from other tests' by a login role of this test's own.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import {
  PG_URL,
  catalogRows,
  createTables,
  removeRedisKeys,
  startCoordinator,
  startWorker,
  uniqueName,
} from './queue-harness.js';

const SCHEMA = uniqueName('limit');
const ROLE = SCHEMA;
const PREFIX = SCHEMA;
const TABLES = 12;
const admin = new pg.Client({ connectionString: PG_URL });
const dir = mkdtempSync(join(tmpdir(), 'piimap-queue-limit-'));
const config = join(dir, 'estate.json');

before(async () => {
  await admin.connect();
  await createTables(admin, SCHEMA, TABLES, 20_000);
  await admin.query(`CREATE ROLE ${ROLE} LOGIN; GRANT USAGE ON SCHEMA ${SCHEMA} TO ${ROLE};
    GRANT SELECT ON ALL TABLES IN SCHEMA ${SCHEMA} TO ${ROLE};`);
  const url = `postgres://${ROLE}@127.0.0.1:5432/test`;
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ name: 'crm', type: 'postgres', url, schemas: [SCHEMA], maxConnections: 2 }],
    }),
  );
});

after(async () => {
  try {
    await removeRedisKeys(PREFIX);
    await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  } finally {
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('4 workers, maxConnections 2: at most 2 piimap sessions at any time', async () => {
  const workers = Array.from({ length: 4 }, () => startWorker(config, PREFIX));
  await Promise.all(workers.map((w) => w.waitFor((e) => e.event === 'worker-started')));

  let peak = 0;
  let samples = 0;
  let busy = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = 'piimap' AND usename = $1`,
        [ROLE],
      );
      const n = rows[0]?.n ?? 0;
      peak = Math.max(peak, n);
      samples++;
      if (n > 0) busy++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const coordinator = startCoordinator(config, join(dir, 'catalog.db'), PREFIX, ['--full']);
  const { code } = await coordinator.exited;
  sampling = false;
  await sampler;
  const stops = await Promise.all(workers.map((w) => w.stop()));

  assert.equal(code, 0, coordinator.stderr);
  assert.deepEqual(
    stops.map((s) => s.code),
    [143, 143, 143, 143],
  );
  const rows = catalogRows(join(dir, 'catalog.db'));
  assert.equal(rows.assets.filter((a) => a.status === 'committed').length, TABLES);
  assert.ok(busy >= 10, `sessions seen in ${busy} of ${samples} samples: the sampler saw the scan`);
  assert.ok(peak <= 2, `peak ${peak} piimap sessions with maxConnections 2`);
  assert.equal(peak, 2, 'both connections were used');
});
