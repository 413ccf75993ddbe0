// PostgresSource.fingerprints against the real server: each run creates its own schema and drops
// it afterwards. Writes are followed by pg_stat_force_next_flush() in the writing session, so its
// counters are published when that session goes idle, before the query's promise resolves.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { PostgresSource } from '../../src/sources/postgres/postgres-source.js';
import type { AssetDescriptor } from '../../src/sources/source-adapter.js';

const URL_ = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `piimap_pgfp_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: URL_ });
const WRITTEN = ['ins', 'upd', 'del', 'trunc', 'altered', 'stable'];

/** Runs `sql` and publishes this session's statistics before returning. */
async function write(sql: string): Promise<void> {
  await admin.query(sql);
  await admin.query('SELECT pg_stat_force_next_flush()');
}

before(async () => {
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${SCHEMA}; SET search_path TO ${SCHEMA}`);
  for (const table of WRITTEN) {
    await admin.query(`CREATE TABLE ${table} (id int, email text)`);
    await admin.query(
      `INSERT INTO ${table} SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 20) g`,
    );
  }
  await write(`
    CREATE TABLE events (id int, ip text) PARTITION BY RANGE (id);
    CREATE TABLE events_a PARTITION OF events FOR VALUES FROM (0) TO (500);
    CREATE TABLE events_b PARTITION OF events FOR VALUES FROM (500) TO (1000);
    INSERT INTO events SELECT g, '81.2.69.' || (g % 200) FROM generate_series(0, 999) g;
    CREATE TABLE base (id int, name text);
    CREATE TABLE child (extra text) INHERITS (base);
    INSERT INTO child VALUES (1, 'a', 'b');
    CREATE VIEW stable_view AS SELECT * FROM stable;
    CREATE MATERIALIZED VIEW ins_report AS SELECT count(*) AS n FROM ins;
  `);
});

after(async () => {
  await admin.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await admin.end();
});

async function withSource<T>(
  work: (source: PostgresSource, assets: Map<string, AssetDescriptor>) => Promise<T>,
  options: { url?: string; views?: boolean } = {},
): Promise<T> {
  const source = new PostgresSource({ name: 'pg', url: URL_, schemas: [SCHEMA], ...options });
  try {
    const assets = new Map((await source.listAssets()).map((a) => [a.name.slice(SCHEMA.length + 1), a]));
    return await work(source, assets);
  } finally {
    await source.close();
  }
}

/** Fingerprints by table name, asked for all listed assets at once. */
async function fingerprintsByName(
  source: PostgresSource,
  assets: Map<string, AssetDescriptor>,
): Promise<Map<string, string | null>> {
  const names = [...assets.keys()];
  const prints = await source.fingerprints(names.map((name) => assets.get(name) as AssetDescriptor));
  return new Map(names.map((name, i) => [name, prints[i] ?? null]));
}

async function readAll(source: PostgresSource, asset: AssetDescriptor): Promise<number> {
  const fields = await source.describe(asset);
  const sample = await source.sample(asset, fields, { sampleSize: 10, maxValueBytes: 100, full: true });
  let count = 0;
  if ('columns' in sample) for await (const run of sample.columns) count += run.rows;
  else for await (const run of sample.rowRuns) count += run.length;
  return count;
}

async function relationSize(table: string): Promise<string> {
  const { rows } = await admin.query<{ size: string }>(
    'SELECT pg_relation_size($1::regclass)::text AS size',
    [`${SCHEMA}.${table}`],
  );
  return rows[0]?.size ?? '';
}

describe('PostgresSource.fingerprints', () => {
  test('is a sha256 hex digest, the same twice, after a full read of every table, and across reconnects', async () => {
    const first = await withSource(async (source, assets) => {
      const before = await fingerprintsByName(source, assets);
      for (const asset of assets.values()) await readAll(source, asset);
      assert.deepEqual(await fingerprintsByName(source, assets), before);
      return before;
    });
    for (const [name, print] of first) assert.match(String(print), /^[0-9a-f]{64}$/, name);
    assert.equal(new Set(first.values()).size, first.size, 'every table has its own');
    await withSource(async (source, assets) =>
      assert.deepEqual(await fingerprintsByName(source, assets), first),
    );
  });

  test('INSERT, UPDATE, DELETE, TRUNCATE and ADD COLUMN change their table, and only it', async () => {
    await withSource(async (source, assets) => {
      const before = await fingerprintsByName(source, assets);
      const sizes = { upd: await relationSize('upd'), del: await relationSize('del') };
      await write(`SET search_path TO ${SCHEMA};
        INSERT INTO ins VALUES (21, 'new@example.com');
        UPDATE upd SET email = 'changed@example.com' WHERE id = 3;
        DELETE FROM del WHERE id = 4;
        TRUNCATE trunc;
        ALTER TABLE altered ADD COLUMN phone text;`);
      // The page had room: only the counters tell these two apart.
      assert.deepEqual({ upd: await relationSize('upd'), del: await relationSize('del') }, sizes);
      const after = await fingerprintsByName(source, assets);
      for (const table of ['ins', 'upd', 'del', 'trunc', 'altered'])
        assert.notEqual(after.get(table), before.get(table), table);
      for (const table of ['stable', 'events', 'base'])
        assert.equal(after.get(table), before.get(table), table);
      for (const print of after.values()) assert.notEqual(print, null);
    });
  });

  test('a parent changes with any of its partitions or inheritance children, and when one is detached', async () => {
    await withSource(async (source, assets) => {
      const before = await fingerprintsByName(source, assets);
      await write(`INSERT INTO ${SCHEMA}.events_b VALUES (600, '10.0.0.1')`);
      const afterPartition = await fingerprintsByName(source, assets);
      assert.notEqual(afterPartition.get('events'), before.get('events'));
      assert.equal(afterPartition.get('base'), before.get('base'));

      await write(`UPDATE ${SCHEMA}.child SET extra = 'c'`);
      const afterChild = await fingerprintsByName(source, assets);
      assert.notEqual(afterChild.get('base'), afterPartition.get('base'));
      assert.equal(afterChild.get('events'), afterPartition.get('events'));

      await write(`ALTER TABLE ${SCHEMA}.events DETACH PARTITION ${SCHEMA}.events_a`);
      assert.notEqual(
        (await source.fingerprints([assets.get('events') as AssetDescriptor]))[0],
        afterChild.get('events'),
      );
      await write(
        `ALTER TABLE ${SCHEMA}.events ATTACH PARTITION ${SCHEMA}.events_a FOR VALUES FROM (0) TO (500)`,
      );
      assert.equal(
        (await source.fingerprints([assets.get('events') as AssetDescriptor]))[0],
        afterChild.get('events'),
      );
    });
  });

  test('views are null; a materialized view is stable and changes on REFRESH', async () => {
    await withSource(
      async (source, assets) => {
        const before = await fingerprintsByName(source, assets);
        assert.equal(before.get('stable_view'), null);
        assert.match(String(before.get('ins_report')), /^[0-9a-f]{64}$/);
        assert.equal((await fingerprintsByName(source, assets)).get('ins_report'), before.get('ins_report'));
        await write(`REFRESH MATERIALIZED VIEW ${SCHEMA}.ins_report`);
        assert.notEqual(
          (await fingerprintsByName(source, assets)).get('ins_report'),
          before.get('ins_report'),
        );
      },
      { views: true },
    );
  });

  test('results follow the order of the assets passed', async () => {
    await withSource(
      async (source, assets) => {
        const byName = await fingerprintsByName(source, assets);
        const reversed = [...assets.values()].reverse();
        assert.deepEqual(
          await source.fingerprints(reversed),
          reversed.map((asset) => byName.get(asset.name.slice(SCHEMA.length + 1))),
        );
        assert.deepEqual(await source.fingerprints([]), []);
      },
      { views: true },
    );
  });

  test('null where the server cannot tell: counters not kept (track_counts off), a table dropped since listing', async () => {
    const url = `${URL_}?options=${encodeURIComponent('-c track_counts=off')}`;
    await withSource(
      async (source, assets) => {
        assert.deepEqual(
          await source.fingerprints([...assets.values()]),
          [...assets.values()].map(() => null),
        );
      },
      { url },
    );
    await write(`CREATE TABLE ${SCHEMA}.doomed (id int)`);
    await withSource(async (source, assets) => {
      await write(`DROP TABLE ${SCHEMA}.doomed`);
      const [doomed, stable] = await source.fingerprints([
        assets.get('doomed') as AssetDescriptor,
        assets.get('stable') as AssetDescriptor,
      ]);
      assert.equal(doomed, null);
      assert.notEqual(stable, null);
    });
  });
});
