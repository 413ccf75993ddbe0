// Faults while piimap scans PostgreSQL, through the real bin with --json: a server restarted while a
// table streams (a throwaway server of this file's own), a table dropped and a grant revoked between
// listing and sampling, and a view that runs past statementTimeoutMs (the shared server, in a schema
// and role of this file's own). Each fault lands on its own asset, with a message that says what
// happened and what to do; every other asset is cataloged; exit 1 where an asset failed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  type ScanEvent,
  type ScanOutcome,
  assertCommitted,
  failure,
  streamedScan,
} from '../support/streamed-scan.js';
import {
  type ThrowawayPostgres,
  startThrowawayPostgres,
  throwawayPostgresUnavailable,
} from '../support/throwaway-postgres.js';

const SHARED = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `piimap_faults_${randomBytes(5).toString('hex')}`;
const ROLE = SCHEMA;
const unavailable = throwawayPostgresUnavailable();

let dir: string;
let admin: pg.Client;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-faults-pg-'));
  admin = new pg.Client({ connectionString: SHARED });
  await admin.connect();
  await admin.query(`
    CREATE SCHEMA ${SCHEMA};
    CREATE ROLE ${ROLE} LOGIN;
    GRANT USAGE ON SCHEMA ${SCHEMA} TO ${ROLE};
    CREATE TABLE ${SCHEMA}.a_gate (id int, email text);
    INSERT INTO ${SCHEMA}.a_gate SELECT g, 'gate' || g || '@example.com' FROM generate_series(1, 50) g;
    CREATE TABLE ${SCHEMA}.b_people (id int, email text);
    INSERT INTO ${SCHEMA}.b_people SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;
    CREATE TABLE ${SCHEMA}.c_dropped (id int, contact text);
    INSERT INTO ${SCHEMA}.c_dropped SELECT g, 'buyer' || g || '@example.org' FROM generate_series(1, 50) g;
    CREATE TABLE ${SCHEMA}.c_secret (id int, contact_email text);
    INSERT INTO ${SCHEMA}.c_secret SELECT g, 'vip' || g || '@example.org' FROM generate_series(1, 50) g;
    CREATE VIEW ${SCHEMA}.slow AS SELECT pg_sleep(5)::text AS x, 'a@example.com'::text AS email;
    GRANT SELECT ON ALL TABLES IN SCHEMA ${SCHEMA} TO ${ROLE};
    ANALYZE ${SCHEMA}.a_gate, ${SCHEMA}.b_people, ${SCHEMA}.c_dropped, ${SCHEMA}.c_secret;
  `);
});

after(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin.query(`DROP OWNED BY ${ROLE}`).catch(() => undefined);
  await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs `piimap scan --json` over one source; `onEvent` sees each event as it is printed (and may
 * act on the server: the scan goes on meanwhile). Resolves once the bin exits and every handler
 * has finished.
 */
async function scan(
  name: string,
  source: Record<string, unknown>,
  onEvent: (event: ScanEvent) => Promise<void> | void = () => undefined,
): Promise<ScanOutcome<AssetScan>> {
  const config = join(dir, `${name}.json`);
  writeFileSync(config, JSON.stringify({ sources: [{ name: 'crm', type: 'postgres', ...source }] }));
  const catalog = join(dir, `${name}.db`);
  const run = await streamedScan(['--config', config, '--catalog', catalog, '--workers', '0'], onEvent);
  return { ...run, assets: assetScans(catalog) };
}

interface AssetScan {
  status: string;
  error: string | null;
  rows: number;
  /** Each field's skip reason, `name: reason`. */
  skipped: string[];
}

/** The catalog's record of each asset in the (only) scan. */
function assetScans(catalog: string): Map<string, AssetScan> {
  const db = new Database(catalog, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT a.name, s.status, s.error, s.rows_sampled AS rows,
                (SELECT json_group_array(f.name || ': ' || fs.skipped) FROM fields f
                 JOIN field_scans fs ON fs.field_id = f.id AND fs.scan_id = s.scan_id
                 WHERE f.asset_id = a.id AND fs.skipped IS NOT NULL) AS skipped
         FROM asset_scans s JOIN assets a ON a.id = s.asset_id`,
      )
      .all() as (Omit<AssetScan, 'skipped'> & { name: string; skipped: string })[];
    return new Map(rows.map(({ name, skipped, ...row }) => [name, { ...row, skipped: JSON.parse(skipped) }]));
  } finally {
    db.close();
  }
}

/** Resolves once piimap's session (application_name) reads rows (a cursor's FETCH, a COPY out): rows are flowing. */
async function fetching(server: ThrowawayPostgres): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    const rows = await server.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'piimap' AND (query LIKE 'FETCH %' OR query LIKE 'COPY %')`,
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('piimap did not read rows from a_big within 10 s');
}

describe('Postgres restarted while a table streams', { skip: unavailable }, () => {
  let server: ThrowawayPostgres | undefined;
  before(async () => {
    server = await startThrowawayPostgres();
    await server.query(`
      CREATE TABLE a_big (id int, email text, note text);
      INSERT INTO a_big SELECT g, 'user' || g || '@example.com', 'call (202) 555-0100' FROM generate_series(1, 20000) g;
      CREATE TABLE b_people (id int, email text);
      INSERT INTO b_people SELECT g, 'p' || g || '@example.com' FROM generate_series(1, 50) g;
      CREATE TABLE c_orders (id int, contact text);
      INSERT INTO c_orders SELECT g, 'o' || g || '@example.org' FROM generate_series(1, 50) g;
      ANALYZE;
    `);
  });
  after(() => server?.stop());

  test('the table cut mid-stream fails saying the connection was lost; the next tables reconnect and commit; exit 1', async () => {
    const pg15 = server as ThrowawayPostgres;
    let restarted = false;
    // maxRowsPerSecond 1,000 over 20,000 rows: a_big streams for seconds, its client idle between
    // FETCHes most of the time (where a lost connection once ended the process), when the restart
    // lands, once its rows flow. b_people's connection is then tried while the server is still down
    // or starting.
    const run = await scan(
      'restart',
      { url: pg15.url, schemas: ['public'], maxConnections: 1, sampleSize: 50_000, maxRowsPerSecond: 1000 },
      async (event) => {
        if (event.event === 'asset-started' && event.asset === 'public.a_big') {
          await fetching(pg15);
          restarted = true;
          await pg15.restart('fast');
        }
      },
    );
    assert.ok(restarted, run.output);
    assert.equal(run.code, 1, run.output);
    assert.match(
      failure(run, 'public.a_big'),
      /^public\.a_big: the connection to the server was lost while it was read \(.+\): the server restarted or ended the session; .*scan again to read this one$/,
    );
    assertCommitted(run, ['public.b_people', 'public.c_orders']);
  });
});

/**
 * Holds ACCESS EXCLUSIVE on a_gate, the first table listed: with one connection, piimap waits on it
 * (well within its 5 s lock_timeout) before it samples anything else, so whatever `change` does to
 * the later tables once the listing is printed happens between their listing and their sampling.
 */
async function scanBehindGate(name: string, url: string, include: string[], change: string) {
  const gate = new pg.Client({ connectionString: SHARED });
  await gate.connect();
  try {
    await gate.query(`BEGIN; LOCK TABLE ${SCHEMA}.a_gate IN ACCESS EXCLUSIVE MODE`);
    return await scan(name, { url, schemas: [SCHEMA], include, maxConnections: 1 }, async (event) => {
      if (event.event !== 'source-listed') return;
      await admin.query(change);
      await gate.query('COMMIT');
    });
  } finally {
    await gate.end();
  }
}

describe('the shared server changed under the scan', () => {
  test('a table dropped after the listing fails with "no longer exists"; the others commit; exit 1', async () => {
    const run = await scanBehindGate(
      'dropped',
      SHARED,
      ['*.a_gate', '*.b_people', '*.c_dropped'],
      `DROP TABLE ${SCHEMA}.c_dropped`,
    );
    assert.equal(run.code, 1, run.output);
    assert.match(
      failure(run, `${SCHEMA}.c_dropped`),
      new RegExp(
        `^${SCHEMA}\\.c_dropped: no longer exists \\(.*does not exist\\); it was dropped or renamed after the listing`,
      ),
    );
    assertCommitted(run, [`${SCHEMA}.a_gate`, `${SCHEMA}.b_people`]);
  });

  test('a grant revoked after the listing: cataloged from column names (metadata-only) with the GRANT to run; exit 0', async () => {
    // As for a table never granted (README): the asset is cataloged, not failed.
    const run = await scanBehindGate(
      'revoked',
      `postgres://${ROLE}@127.0.0.1:5432/test`,
      ['*.a_gate', '*.b_people', '*.c_secret'],
      `REVOKE SELECT ON ${SCHEMA}.c_secret FROM ${ROLE}`,
    );
    assert.equal(run.code, 0, run.output);
    const secret = run.assets.get(`${SCHEMA}.c_secret`);
    assert.equal(secret?.status, 'metadata-only', run.output);
    assert.equal(secret?.rows, 0);
    assert.equal(secret?.skipped.length, 2, JSON.stringify(secret));
    for (const reason of secret?.skipped ?? [])
      assert.match(reason, /permission denied; GRANT SELECT on it to the scanning role/);
    assertCommitted(run, [`${SCHEMA}.a_gate`, `${SCHEMA}.b_people`]);
  });

  test('a view over pg_sleep() past statementTimeoutMs fails naming the timeout and the setting; exit 1', async () => {
    const run = await scan('timeout', {
      url: SHARED,
      schemas: [SCHEMA],
      include: ['*.b_people', '*.slow'],
      views: true,
      statementTimeoutMs: 500,
    });
    assert.equal(run.code, 1, run.output);
    assert.equal(
      failure(run, `${SCHEMA}.slow`),
      `${SCHEMA}.slow: a query ran longer than the statement timeout (500 ms) and was canceled; raise statementTimeoutMs in source crm (or exclude the asset) to read it`,
    );
    assertCommitted(run, [`${SCHEMA}.b_people`]);
  });
});
