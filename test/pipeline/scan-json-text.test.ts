// Text columns of a row source (SQLite here): JSON documents are walked by path, plain values are
// scanned as the field's own, and NULLs and blanks are seen but not non-empty — whether a run of
// rows holds no JSON at all (one pass straight to a batch) or some (walked value by value).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli } from '../cli/run-cli.js';

const ROWS = 300;
const dir = mkdtempSync(join(tmpdir(), 'piimap-json-text-'));
const file = join(dir, 'app.sqlite');
const catalog = join(dir, 'piimap.db');

interface ExportedClassification {
  type: string;
  prevalence: number;
  matched: number;
}
interface ExportedField {
  field: string;
  scan: { valuesSeen: number; nonEmpty: number };
  classifications: ExportedClassification[];
  paths?: { path: string; classifications: ExportedClassification[] }[];
}
let fields: Map<string, ExportedField>;

before(async () => {
  const db = new Database(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, doc TEXT, mixed TEXT, notes TEXT)');
  const insert = db.prepare('INSERT INTO t (doc, mixed, notes) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++)
      insert.run(
        JSON.stringify({ user: { email: `user${i}@example.com` } }),
        // Every other value a JSON document behind leading blanks, the rest plain emails.
        i % 2 === 1
          ? `  {"contact": {"phone": "+1 415 555 0${String(100 + i).slice(-3)}"}}`
          : `user${i}@example.org`,
        // A third NULL, a third blank, a third an email.
        i % 3 === 0 ? null : i % 3 === 1 ? '   ' : `jane${i}@example.com`,
      );
  })();
  db.close();
  const scan = await runCli(['scan', file, '--catalog', catalog, '--full', '--workers', '0']);
  assert.equal(scan.code, 0, scan.stderr);
  const exported = await runCli(['export', '--catalog', catalog, '--format', 'json']);
  assert.equal(exported.code, 0, exported.stderr);
  const all = (JSON.parse(exported.stdout) as { fields: ExportedField[] }).fields;
  fields = new Map(all.map((field) => [field.field, field]));
});

after(() => rmSync(dir, { recursive: true, force: true }));

const summary = (list: ExportedClassification[]) =>
  list.map(({ type, prevalence, matched }) => ({ type, prevalence, matched }));

test('a column of JSON documents is walked by path', () => {
  const doc = fields.get('doc');
  assert.equal(doc?.scan.valuesSeen, ROWS);
  assert.equal(doc?.scan.nonEmpty, ROWS);
  assert.deepEqual(
    doc?.paths?.map((path) => [path.path, summary(path.classifications)]),
    [['$.user.email', [{ type: 'email', prevalence: 1, matched: ROWS }]]],
  );
});

test('a column mixing documents and plain values: paths for the documents, the field for the rest', () => {
  const mixed = fields.get('mixed');
  assert.equal(mixed?.scan.nonEmpty, ROWS);
  assert.deepEqual(
    summary(mixed?.classifications ?? []).find((c) => c.type === 'email'),
    { type: 'email', prevalence: 0.5, matched: ROWS / 2 },
  );
  assert.deepEqual(
    mixed?.paths?.map((path) => [path.path, summary(path.classifications)]),
    [['$.contact.phone', [{ type: 'phone', prevalence: 1, matched: ROWS / 2 }]]],
  );
});

test('NULLs and blank values are seen but not non-empty', () => {
  const notes = fields.get('notes');
  assert.equal(notes?.scan.valuesSeen, ROWS);
  assert.equal(notes?.scan.nonEmpty, ROWS / 3);
  assert.deepEqual(summary(notes?.classifications ?? []), [
    { type: 'email', prevalence: 1, matched: ROWS / 3 },
  ]);
  assert.equal(notes?.paths, undefined);
});
