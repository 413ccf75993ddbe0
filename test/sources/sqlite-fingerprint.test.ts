// SqliteSource.fingerprints on real files in a temporary folder. A file written in the last 2 s
// has no fingerprint, so every file is written first and the tests wait SETTLE_MS once.
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteSource } from '../../src/sources/sqlite/sqlite-source.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-sqlite-fp-'));
const SETTLE_MS = 2200;
const CHANGES: Record<string, string> = {
  insert: "INSERT INTO people VALUES (4, 'd@example.com')",
  update: "UPDATE people SET email = 'x@example.com' WHERE id = 2",
  delete: 'DELETE FROM people WHERE id = 3',
  truncate: 'DELETE FROM people',
  alter: 'ALTER TABLE people ADD COLUMN phone TEXT',
};

/** A database with two tables and a view; `wal` leaves its writer open, so the -wal file stays. */
function createDatabase(name: string, wal = false): { path: string; db: Database.Database } {
  const path = join(dir, `${name}.sqlite`);
  const db = new Database(path);
  if (wal) db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT);
    INSERT INTO people VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com');
    CREATE TABLE orders (id INTEGER PRIMARY KEY, note TEXT);
    INSERT INTO orders VALUES (1, 'first');
    CREATE VIEW people_view AS SELECT email FROM people;`);
  if (!wal) db.close();
  return { path, db };
}

const plain = createDatabase('plain');
const replacement = createDatabase('replacement');
const target = createDatabase('target');
const wal = createDatabase('wal', true);
const changed = Object.fromEntries(Object.keys(CHANGES).map((change) => [change, createDatabase(change)]));
const sources: SqliteSource[] = [];

before(() => sleep(SETTLE_MS));
after(async () => {
  await Promise.all(sources.map((source) => source.close()));
  wal.db.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(path: string): SqliteSource {
  const source = new SqliteSource({ name: 's', path, views: true });
  sources.push(source);
  return source;
}

async function fingerprintsByName(source: SqliteSource): Promise<Map<string, string | null>> {
  const assets = await source.listAssets();
  const prints = await source.fingerprints(assets);
  return new Map(assets.map((asset, i) => [asset.name, prints[i] ?? null]));
}

async function readAll(source: SqliteSource): Promise<void> {
  for (const asset of await source.listAssets()) {
    const fields = await source.describe(asset);
    const { rowRuns } = await source.sample(asset, fields, {
      sampleSize: 10,
      maxValueBytes: 100,
      full: true,
    });
    for await (const _run of rowRuns);
  }
}

describe('SqliteSource.fingerprints', () => {
  test('the same digest twice, after full reads, and across reopening; views are null', async () => {
    for (const { path } of [plain, wal]) {
      const first = await fingerprintsByName(open(path));
      assert.match(String(first.get('people')), /^[0-9a-f]{64}$/, path);
      assert.notEqual(first.get('people'), first.get('orders'));
      assert.equal(first.get('people_view'), null);
      await readAll(open(path));
      assert.deepEqual(await fingerprintsByName(open(path)), first, path);
    }
  });

  test('INSERT, UPDATE, DELETE, delete-all and ADD COLUMN change every table of the file', async () => {
    const before = new Map<string, Map<string, string | null>>();
    for (const [change, { path }] of Object.entries(changed))
      before.set(change, await fingerprintsByName(open(path)));
    const sizes = new Map(Object.entries(changed).map(([change, { path }]) => [change, statSync(path).size]));
    for (const [change, { path }] of Object.entries(changed)) {
      const db = new Database(path);
      db.exec(CHANGES[change] as string);
      db.close();
    }
    assert.equal(statSync(changed.update?.path as string).size, sizes.get('update'), 'only mtime tells');
    const fresh = await fingerprintsByName(open(changed.insert?.path as string));
    assert.equal(fresh.get('people'), null, 'written within the last 2 s');
    await sleep(SETTLE_MS);
    for (const [change, { path }] of Object.entries(changed)) {
      const after = await fingerprintsByName(open(path));
      // No per-table counter: a write anywhere in the file changes its sibling too.
      for (const table of ['people', 'orders']) {
        assert.notEqual(after.get(table), null, `${change}: ${table}`);
        assert.notEqual(after.get(table), before.get(change)?.get(table), `${change}: ${table}`);
      }
    }
  });

  test('in WAL mode, a commit to the -wal file and a checkpoint each change it', async () => {
    const source = open(wal.path);
    const before = await fingerprintsByName(source);
    wal.db.exec("UPDATE people SET email = 'y@example.com' WHERE id = 1");
    await sleep(SETTLE_MS);
    const committed = await fingerprintsByName(source);
    assert.notEqual(committed.get('people'), before.get('people'));
    wal.db.pragma('wal_checkpoint(TRUNCATE)');
    await sleep(SETTLE_MS);
    const checkpointed = await fingerprintsByName(source);
    assert.notEqual(checkpointed.get('people'), committed.get('people'));
    assert.notEqual(checkpointed.get('people'), null);
  });

  test('results follow the order of the assets passed; unknown tables are null', async () => {
    const source = open(plain.path);
    const assets = await source.listAssets();
    const byName = await fingerprintsByName(source);
    const reversed = [...assets].reverse();
    assert.deepEqual(
      await source.fingerprints(reversed),
      reversed.map((asset) => byName.get(asset.name)),
    );
    assert.deepEqual(await source.fingerprints([{ name: 'no_such_table', kind: 'table' }]), [null]);
    assert.deepEqual(await source.fingerprints([]), []);
  });

  test('a file put in place of the opened one makes every fingerprint null for the open source', async () => {
    const source = open(target.path);
    const assets = await source.listAssets();
    assert.notEqual((await source.fingerprints(assets))[0], null);
    renameSync(replacement.path, target.path);
    assert.deepEqual(
      await source.fingerprints(assets),
      assets.map(() => null),
    );
    assert.notEqual(
      (await open(target.path).fingerprints(assets))[0],
      null,
      'a new source reads the new file',
    );
  });
});
