// The Postgres adapter against the real server: listing, sampling methods, server-side cuts,
// read-only bounded sessions, hostile identifiers, abandoned streams, metadata-only assets.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgresPool } from '../../src/sources/postgres/postgres-connection.js';
import { PostgresSource } from '../../src/sources/postgres/postgres-source.js';
import type { AssetDescriptor, ColumnarSample, TableSample } from '../../src/sources/source-adapter.js';
import { runCli } from '../cli/run-cli.js';

const URL_ = 'postgres://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(4).toString('hex');
const SCHEMA = `piimap_pg_${suffix}`;
const ROLE = `piimap_reader_${suffix}`;
const HOSTILE = 'a"; DROP TABLE x; --';
const admin = new pg.Client({ connectionString: URL_ });
const dir = mkdtempSync(join(tmpdir(), 'piimap-pg-'));

before(async () => {
  await admin.connect();
  await admin.query(`
    CREATE SCHEMA ${SCHEMA};
    SET search_path TO ${SCHEMA};
    CREATE TABLE small (id int, email text);
    INSERT INTO small SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;
    CREATE TABLE medium (id int, phone text);
    INSERT INTO medium SELECT g, '(201) 555-' || lpad((g % 10000)::text, 4, '0') FROM generate_series(1, 20000) g;
    CREATE TABLE large (id int, note text);
    INSERT INTO large SELECT g, 'row ' || g FROM generate_series(1, 300000) g;
    CREATE TABLE events (id int, ip text) PARTITION BY RANGE (id);
    CREATE TABLE events_a PARTITION OF events FOR VALUES FROM (0) TO (500);
    CREATE TABLE events_b PARTITION OF events FOR VALUES FROM (500) TO (1000);
    INSERT INTO events SELECT g, '81.2.69.' || (g % 200) FROM generate_series(0, 999) g;
    CREATE TABLE base (id int, name text);
    CREATE TABLE child (extra text) INHERITS (base);
    CREATE VIEW small_view AS SELECT * FROM small;
    CREATE TABLE big_values (id int, body text);
    INSERT INTO big_values VALUES (1, repeat('x', 200000) || ' jane@example.com');
    CREATE TABLE "${HOSTILE.replace(/"/g, '""')}" ("we""ird col" text, ssn text);
    INSERT INTO "${HOSTILE.replace(/"/g, '""')}" VALUES ('x', '536-22-1234');
    CREATE TABLE x (id int);
    CREATE TABLE secret (id int, email text, phone text);
    INSERT INTO secret VALUES (1, 'a@example.com', '(201) 555-0123');
    CREATE ROLE ${ROLE} LOGIN;
    GRANT USAGE ON SCHEMA ${SCHEMA} TO ${ROLE};
    GRANT SELECT ON small TO ${ROLE};
    ANALYZE;
  `);
});

after(async () => {
  await admin.query(`DROP SCHEMA ${SCHEMA} CASCADE; DROP ROLE IF EXISTS ${ROLE}`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

async function withSource<T>(
  work: (source: PostgresSource, assets: Map<string, AssetDescriptor>) => Promise<T>,
  options = {},
): Promise<T> {
  const source = new PostgresSource({ name: 'pg', url: URL_, schemas: [SCHEMA], ...options });
  try {
    const assets = new Map((await source.listAssets()).map((a) => [a.name.slice(SCHEMA.length + 1), a]));
    return await work(source, assets);
  } finally {
    await source.close();
  }
}

async function sampleAll(
  source: PostgresSource,
  asset: AssetDescriptor,
  options: { sampleSize?: number; full?: boolean; maxValueBytes?: number; seed?: number } = {},
) {
  const fields = (await source.describe(asset)).filter((f) => f.scan !== 'skip');
  const sample = await source.sample(asset, fields, {
    sampleSize: 1000,
    maxValueBytes: 65536,
    full: false,
    ...options,
  });
  const collected: (string | null)[][] = [];
  for await (const row of rowsOf(sample)) collected.push(row);
  return { method: sample.method, rows: collected };
}

/**
 * A sample's rows, also of one read by column (COPY): there each column's batch holds its non-empty
 * values only, so a row's missing values come back as null — exact for tables without NULLs or blanks.
 */
async function* rowsOf(sample: TableSample | ColumnarSample): AsyncGenerator<(string | null)[]> {
  if ('rowRuns' in sample) {
    for await (const run of sample.rowRuns) yield* run;
    return;
  }
  for await (const run of sample.columns) {
    for (let row = 0; row < run.rows; row++)
      yield run.columns.map(({ batch }) =>
        row < batch.count ? batch.bytes.toString('utf8', batch.starts[row], batch.ends[row]) : null,
      );
  }
}

describe('PostgresSource', () => {
  test('lists tables once: partitions and inheritance children fold into their parent; views only when asked', async () => {
    await withSource(async (_source, assets) => {
      assert.deepEqual(
        [...assets.keys()].sort(),
        ['base', 'big_values', 'events', 'large', 'medium', 'secret', 'small', HOSTILE, 'x'].sort(),
      );
      assert.equal(assets.get('events')?.rowEstimate, 1000);
      assert.equal(assets.get('large')?.kind, 'table');
    });
    await withSource(async (_source, assets) => assert.equal(assets.get('small_view')?.kind, 'view'), {
      views: true,
    });
  });

  test('samples by size: full, TABLESAMPLE BERNOULLI, TABLESAMPLE SYSTEM, views from the head', async () => {
    await withSource(async (source, assets) => {
      const small = await sampleAll(source, assets.get('small') as AssetDescriptor);
      assert.deepEqual([small.method, small.rows.length], ['full', 50]);
      const medium = await sampleAll(source, assets.get('medium') as AssetDescriptor);
      assert.equal(medium.method, 'tablesample-bernoulli');
      assert.ok(medium.rows.length > 500 && medium.rows.length <= 1000, String(medium.rows.length));
      const ids = medium.rows.map((r) => Number(r[0]));
      assert.ok(Math.max(...ids) - Math.min(...ids) > 15000, 'spread across the table');
      // Seeded: SYSTEM picks ~7 of this table's pages for 1,500 rows, and by chance (~1% of runs)
      // only one or none — then the sample is that small, as PostgreSQL returns it.
      const large = await sampleAll(source, assets.get('large') as AssetDescriptor, { seed: 3 });
      assert.equal(large.method, 'tablesample-system');
      assert.ok(large.rows.length > 300 && large.rows.length <= 1000, String(large.rows.length));
      const full = await sampleAll(source, assets.get('medium') as AssetDescriptor, { full: true });
      assert.deepEqual([full.method, full.rows.length], ['full', 20000]);
    });
    await withSource(
      async (source, assets) =>
        assert.equal((await sampleAll(source, assets.get('small_view') as AssetDescriptor)).method, 'head'),
      { views: true },
    );
  });

  test('samples and whole tables are read by COPY into columns; every row of a view by a cursor', async () => {
    await withSource(
      async (source, assets) => {
        const read = async (name: string, full: boolean) => {
          const asset = assets.get(name) as AssetDescriptor;
          const fields = await source.describe(asset);
          const sample = await source.sample(asset, fields, { sampleSize: 1000, maxValueBytes: 100, full });
          let rows = 0;
          for await (const _row of rowsOf(sample)) rows++;
          return { method: sample.method, byColumn: 'columns' in sample, rows };
        };
        const sampled = await read('medium', false);
        assert.equal(sampled.byColumn, true);
        assert.match(sampled.method, /^tablesample-/);
        assert.ok(sampled.rows > 500 && sampled.rows <= 1000, String(sampled.rows));
        assert.deepEqual(await read('small_view', false), { method: 'head', byColumn: true, rows: 50 });
        assert.deepEqual(await read('small_view', true), { method: 'full', byColumn: false, rows: 50 });
        assert.deepEqual(await read('medium', true), { method: 'full', byColumn: true, rows: 20000 });
      },
      { views: true },
    );
  });

  test('a seed makes TABLESAMPLE repeatable', async () => {
    await withSource(async (source, assets) => {
      const medium = assets.get('medium') as AssetDescriptor;
      const seeded = async (seed: number) => {
        const fields = await source.describe(medium);
        const sample = await source.sample(medium, fields, {
          sampleSize: 1000,
          maxValueBytes: 100,
          full: false,
          seed,
        });
        const ids: string[] = [];
        for await (const row of rowsOf(sample)) ids.push(String(row[0]));
        return ids;
      };
      const first = await seeded(11);
      assert.deepEqual(await seeded(11), first);
      assert.notDeepEqual(await seeded(12), first);
    });
  });

  test('long values are cut on the server', async () => {
    await withSource(async (source, assets) => {
      const { rows } = await sampleAll(source, assets.get('big_values') as AssetDescriptor, {
        maxValueBytes: 1000,
      });
      assert.equal(rows[0]?.[1]?.length, 1000);
    });
  });

  test('hostile identifiers are quoted, never executed', async () => {
    await withSource(async (source, assets) => {
      const hostile = assets.get(HOSTILE) as AssetDescriptor;
      assert.deepEqual(
        (await source.describe(hostile)).map((f) => f.name),
        ['we"ird col', 'ssn'],
      );
      assert.deepEqual((await sampleAll(source, hostile)).rows, [['x', '536-22-1234']]);
    });
    const { rows } = await admin.query(`SELECT to_regclass('${SCHEMA}.x') IS NOT NULL AS present`);
    assert.deepEqual(rows, [{ present: true }]);
  });

  test('sessions are read-only, time-limited and marked as piimap', async () => {
    const pool = openPostgresPool({ url: URL_, statementTimeoutMs: 1500 });
    try {
      const { rows } = await pool.query(
        `SELECT current_setting('default_transaction_read_only') AS ro, current_setting('statement_timeout') AS st,
                current_setting('lock_timeout') AS lt, current_setting('application_name') AS app`,
      );
      assert.deepEqual(rows, [{ ro: 'on', st: '1500ms', lt: '5s', app: 'piimap' }]);
      await assert.rejects(pool.query(`INSERT INTO ${SCHEMA}.x VALUES (1)`), /read-only transaction/);
      await assert.rejects(pool.query('SELECT pg_sleep(3)'), /statement timeout/);
    } finally {
      await pool.end();
    }
  });

  test(
    'a sample abandoned half-way leaves no session behind and the source still closes',
    { timeout: 30_000 },
    async () => {
      const source = new PostgresSource({ name: 'pg', url: URL_, schemas: [SCHEMA] });
      const asset = (await source.listAssets()).find((a) => a.name.endsWith('.large')) as AssetDescriptor;
      const sample = await source.sample(asset, await source.describe(asset), {
        sampleSize: 1000,
        maxValueBytes: 100,
        full: true,
      });
      let read = 0;
      for await (const _row of rowsOf(sample)) if (++read === 10) break;
      await source.close();
      // A destroyed client's backend goes away as soon as it notices the closed socket.
      let sessions: unknown[] = [];
      for (let attempt = 0; attempt < 50; attempt++) {
        ({ rows: sessions } = await admin.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'piimap' AND query LIKE '%${SCHEMA}%large%' AND state <> 'idle'`,
        ));
        if ((sessions[0] as { n: number }).n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(sessions, [{ n: 0 }]);
    },
  );

  test('end to end: the connection password is never stored or printed', async () => {
    const secret = `pw-${suffix}-Secret`;
    const config = join(dir, 'secret.json');
    const url = `postgres://postgres:${secret}@127.0.0.1:5432/test?sslmode=disable&password=${secret}`;
    writeFileSync(
      config,
      JSON.stringify({
        sources: [{ name: 'crm', type: 'postgres', url, schemas: [SCHEMA], include: ['*.small'] }],
      }),
    );
    const catalog = join(dir, 'secret.db');
    const scan = await runCli(['scan', '--config', config, '--catalog', catalog, '--workers', '0', '--json']);
    assert.equal(scan.code, 0, scan.stderr);
    const exported = await runCli(['export', '--catalog', catalog]);
    const db = new Database(catalog, { readonly: true });
    const location = (db.prepare('SELECT location FROM sources').get() as { location: string }).location;
    db.close();
    assert.match(location, /postgres:\/\/postgres:\*\*\*@127\.0\.0\.1/);
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('secret.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('');
    for (const text of [bytes, scan.stdout, scan.stderr, exported.stdout]) assert.ok(!text.includes(secret));
  });

  test('end to end: a table the role may not read is cataloged from its column names (metadata-only)', async () => {
    const config = join(dir, 'estate.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [
          {
            name: 'crm',
            type: 'postgres',
            url: `postgres://${ROLE}@127.0.0.1:5432/test`,
            schemas: [SCHEMA],
            include: ['*.small', '*.secret'],
          },
        ],
      }),
    );
    const catalog = join(dir, 'meta.db');
    const { code, stderr } = await runCli([
      'scan',
      '--config',
      config,
      '--catalog',
      catalog,
      '--workers',
      '0',
    ]);
    assert.equal(code, 0, stderr);
    const db = new Database(catalog, { readonly: true });
    const statuses = db
      .prepare(
        'SELECT a.name, s.status, s.sampling_method AS method FROM asset_scans s JOIN assets a ON a.id = s.asset_id ORDER BY a.name',
      )
      .all();
    const secret = db
      .prepare(
        `SELECT field, type, confidence FROM current_findings WHERE asset = '${SCHEMA}.secret' ORDER BY field`,
      )
      .all();
    const small = db
      .prepare(
        `SELECT field, type FROM current_findings WHERE asset = '${SCHEMA}.small' AND confidence >= 0.5`,
      )
      .all();
    db.close();
    assert.deepEqual(statuses, [
      { name: `${SCHEMA}.secret`, status: 'metadata-only', method: 'none' },
      { name: `${SCHEMA}.small`, status: 'committed', method: 'full' },
    ]);
    assert.deepEqual(secret, [
      { field: 'email', type: 'email', confidence: 0.3 },
      { field: 'phone', type: 'phone', confidence: 0.3 },
    ]);
    assert.deepEqual(small, [{ field: 'email', type: 'email' }]);
  });
});
