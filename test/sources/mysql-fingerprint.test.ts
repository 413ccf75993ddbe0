// MysqlSource.fingerprints against the real MariaDB at 127.0.0.1:3306 (root, no password): each
// run creates its own database and drops it afterwards. UPDATE_TIME counts seconds and a table
// written in the last 2 s has no fingerprint, so the tests wait SETTLE_MS after writing.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { type Connection, createConnection } from 'mysql2/promise';
import { mysqlDialect } from '../../src/sources/mysql/mysql-dialect.js';
import { MysqlSource } from '../../src/sources/mysql/mysql-source.js';
import type { AssetDescriptor } from '../../src/sources/source-adapter.js';

const DB = `piimap_fp_${randomBytes(6).toString('hex')}`;
const URL = `mysql://root@127.0.0.1:3306/${DB}`;
/** Past the 2 s window whatever fraction of a second the write and the read fall on. */
const SETTLE_MS = 3100;
const WRITTEN = ['ins', 'upd', 'del', 'trunc', 'altered', 'stable'];

let admin: Connection;

before(async () => {
  admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query(`USE ${DB}`);
  for (const table of WRITTEN) {
    await admin.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, email VARCHAR(100))`);
    await admin.query(
      `INSERT INTO ${table} VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com')`,
    );
  }
  await admin.query('CREATE TABLE legacy (id INT, email VARCHAR(100)) ENGINE=MyISAM');
  await admin.query(`INSERT INTO legacy VALUES (1, 'a@example.com')`);
  await admin.query('CREATE TABLE scratch (id INT) ENGINE=MEMORY');
  await admin.query('CREATE VIEW stable_view AS SELECT id FROM stable');
});

after(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.end();
});

async function withSource<T>(
  work: (source: MysqlSource, assets: AssetDescriptor[]) => Promise<T>,
): Promise<T> {
  const source = new MysqlSource({ name: 'shop', url: URL, views: true });
  try {
    return await work(source, await source.listAssets());
  } finally {
    await source.close();
  }
}

async function fingerprintsByName(source: MysqlSource, assets: AssetDescriptor[]) {
  const prints = await source.fingerprints(assets);
  return new Map(assets.map((asset, i) => [asset.name.slice(DB.length + 1), prints[i] ?? null]));
}

async function readAll(source: MysqlSource, asset: AssetDescriptor): Promise<void> {
  const fields = await source.describe(asset);
  const { rowRuns } = await source.sample(asset, fields, { sampleSize: 10, maxValueBytes: 100, full: true });
  for await (const _run of rowRuns);
}

describe('MysqlSource.fingerprints', () => {
  test('MySQL 8 sessions read uncached statistics; MariaDB and older MySQL have nothing to switch off', () => {
    const expiry = { sql: 'SET SESSION information_schema_stats_expiry = 0', values: [] };
    const limits = { statementTimeoutMs: 1000, lockWaitSeconds: 5 };
    assert.deepEqual(mysqlDialect('8.0.36').sessionStatements(limits).at(-1), expiry);
    assert.deepEqual(mysqlDialect('8.4.2-commercial').sessionStatements(limits).at(-1), expiry);
    for (const version of [
      '10.11.19-MariaDB-0+deb12u1',
      '5.5.5-10.6.12-MariaDB-log',
      '8.0.2-dmr',
      '5.7.44-log',
    ])
      assert.ok(
        !mysqlDialect(version)
          .sessionStatements(limits)
          .some((s) => s.sql === expiry.sql),
        version,
      );
  });

  test('null right after a write; then the same digest twice, after full reads, and across reconnects', async () => {
    const fresh = await withSource((source, assets) => fingerprintsByName(source, assets));
    assert.equal(fresh.get('stable'), null, 'written within the last 2 s');
    await sleep(SETTLE_MS);
    const first = await withSource(async (source, assets) => {
      const before = await fingerprintsByName(source, assets);
      for (const asset of assets) await readAll(source, asset);
      assert.deepEqual(await fingerprintsByName(source, assets), before);
      return before;
    });
    for (const table of [...WRITTEN, 'legacy'])
      assert.match(String(first.get(table)), /^[0-9a-f]{64}$/, table);
    assert.equal(first.get('scratch'), null, 'a MEMORY table keeps no UPDATE_TIME');
    assert.equal(first.get('stable_view'), null, 'a view');
    await withSource(async (source, assets) =>
      assert.deepEqual(await fingerprintsByName(source, assets), first),
    );
  });

  test('INSERT, UPDATE, DELETE, TRUNCATE and ADD COLUMN change their table, and only it', async () => {
    await withSource(async (source, assets) => {
      const before = await fingerprintsByName(source, assets);
      await admin.query(`INSERT INTO ins VALUES (4, 'd@example.com')`);
      await admin.query(`UPDATE upd SET email = 'changed@example.com' WHERE id = 2`);
      await admin.query('DELETE FROM del WHERE id = 3');
      await admin.query('TRUNCATE trunc');
      await admin.query('ALTER TABLE altered ADD COLUMN phone VARCHAR(20)');
      await admin.query(`INSERT INTO legacy VALUES (2, 'b@example.com')`);
      await sleep(SETTLE_MS);
      const after = await fingerprintsByName(source, assets);
      for (const table of ['ins', 'upd', 'del', 'trunc', 'altered', 'legacy']) {
        assert.notEqual(after.get(table), before.get(table), table);
        assert.notEqual(after.get(table), null, table);
      }
      assert.equal(after.get('stable'), before.get('stable'));
      assert.notEqual(after.get('stable'), null);
    });
  });

  test('results follow the order of the assets passed; views and unknown tables are null', async () => {
    await withSource(async (source, assets) => {
      const byName = await fingerprintsByName(source, assets);
      const reversed = [...assets].reverse();
      assert.deepEqual(
        await source.fingerprints(reversed),
        reversed.map((asset) => byName.get(asset.name.slice(DB.length + 1))),
      );
      const gone: AssetDescriptor = { name: `${DB}.no_such_table`, kind: 'table' };
      const view = assets.find((asset) => asset.name === `${DB}.stable_view`) as AssetDescriptor;
      assert.deepEqual(await source.fingerprints([gone, view]), [null, null]);
      assert.deepEqual(await source.fingerprints([]), []);
    });
  });
});
