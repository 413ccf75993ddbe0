import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { rowidBoundsSql } from '../../src/sources/sqlite/sqlite-sample.js';
import { SqliteSource } from '../../src/sources/sqlite/sqlite-source.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-sqlite-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'rows.sqlite');
const db = new Database(file);
db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
db.transaction(() => {
  for (let i = 0; i < 20_000; i++) insert.run(`value ${i}`);
})();
db.close();

async function sampleIds(seed?: number): Promise<string[]> {
  const source = new SqliteSource({ name: 's', path: file });
  try {
    const [asset] = await source.listAssets();
    const fields = await source.describe(asset as never);
    const options = { sampleSize: 500, maxValueBytes: 100, full: false, ...(seed !== undefined && { seed }) };
    const { method, rowRuns } = await source.sample(asset as never, fields, options);
    assert.equal(method, 'rowid-ranges');
    const ids: string[] = [];
    for await (const run of rowRuns) for (const row of run) ids.push(String(row[0]));
    return ids;
  } finally {
    await source.close();
  }
}

test('rowid ranges spread over the table, never repeat a row, and repeat exactly with a seed', async () => {
  const first = await sampleIds(7);
  assert.equal(new Set(first).size, first.length);
  assert.ok(first.length > 400 && first.length <= 500, String(first.length));
  const ids = first.map(Number);
  assert.ok(Math.max(...ids) - Math.min(...ids) > 15_000);
  assert.deepEqual(await sampleIds(7), first);
  assert.notDeepEqual(await sampleIds(8), first);
});

test('the file is opened read-only', () => {
  const source = new SqliteSource({ name: 's', path: file });
  const handle = (source as unknown as { db: Database.Database }).db;
  assert.throws(() => handle.exec('DELETE FROM t'), /readonly|read-only|query_only/i);
  void source.close();
});

test("a table's rowid span is read from the b-tree's edges, not by scanning it", async () => {
  const reader = new Database(file, { readonly: true });
  try {
    const plan = reader
      .prepare(`EXPLAIN QUERY PLAN ${rowidBoundsSql('"t"')}`)
      .all()
      .map((row) => (row as { detail: string }).detail);
    assert.ok(!plan.some((step) => /^SCAN t\b/.test(step)), plan.join('; '));
    assert.deepEqual(reader.prepare(rowidBoundsSql('"t"')).get(), { lo: 1, hi: 20_000 });
  } finally {
    reader.close();
  }
  const source = new SqliteSource({ name: 's', path: file });
  try {
    const [asset] = await source.listAssets();
    assert.equal(asset?.rowEstimate, 20_000);
  } finally {
    await source.close();
  }
});
