// Hostile identifiers, end to end through the real bin: quotes, backticks, semicolons, spaces, dots,
// line breaks, unicode (名前, emoji), reserved words (select, order, user) and SQL injection attempts
// (`a"; DROP TABLE x; --`, ``a`; DROP TABLE x; --``) as the schema/database, the table AND the column
// names, in Postgres, MariaDB and SQLite in one scan. Every table is cataloged with the email in
// every column found, `lookup` finds a field by its hostile names, and the canary table `x` (and
// every other table, rows and all) is still there afterwards. The adapters' own tests cover one
// hostile table and column per server; this covers the rest: schema and database names, the
// SQLite adapter, unicode and reserved words, and the catalog at the end of the pipeline.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { escapeId } from 'mysql2';
import { type Connection, type RowDataPacket, createConnection } from 'mysql2/promise';
import pg from 'pg';
import { jsonLines, runCli } from '../cli/run-cli.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(4).toString('hex');
const PG_INJECTION = 'a"; DROP TABLE x; --';
const MY_INJECTION = 'a`; DROP TABLE x; --';
/** Table and column names, every one in every role. */
const NAMES = [
  PG_INJECTION,
  MY_INJECTION,
  "it's",
  'sp ace',
  'semi;colon',
  'dot.ted',
  '名前',
  'emoji 😀',
  'select',
  'order',
  'user',
];
/** Column names: the table names, and a line break and a leading dot (see the last test for tables). */
const COLUMNS = [...NAMES, 'new\nline', '.hidden'];
/**
 * MariaDB identifiers are utf8mb3: characters outside the BMP (emoji) are refused by the server
 * itself (ER_INVALID_CHARACTER_STRING), so MariaDB gets a BMP symbol in their place.
 */
const MY_NAMES = NAMES.map((name) => name.replace('😀', '☃'));
const MY_COLUMNS = COLUMNS.map((name) => name.replace('😀', '☃'));
const PG_SCHEMA = `piimap_rel_${suffix} ${PG_INJECTION}`;
const MY_DATABASE = `piimap_rel_${suffix}_${MY_INJECTION}`;
const ROWS = 5;

const email = (row: number, column: number) => `user${row}.c${column}@example.com`;

let dir: string;
let sqliteFile: string;
let admin: pg.Client;
let mysql: Connection;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-hostile-ids-'));
  admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const q = (name: string) => admin.escapeIdentifier(name);
  await admin.query(`CREATE SCHEMA ${q(PG_SCHEMA)}`);
  await admin.query(`CREATE TABLE ${q(PG_SCHEMA)}.x (id int)`);
  for (const table of NAMES) {
    await admin.query(
      `CREATE TABLE ${q(PG_SCHEMA)}.${q(table)} (${COLUMNS.map((column) => `${q(column)} text`).join(', ')})`,
    );
    for (let row = 0; row < ROWS; row++)
      await admin.query(
        `INSERT INTO ${q(PG_SCHEMA)}.${q(table)} VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
        COLUMNS.map((_, column) => email(row, column)),
      );
  }

  mysql = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', charset: 'utf8mb4' });
  const m = (name: string) => escapeId(name, true);
  await mysql.query(`CREATE DATABASE ${m(MY_DATABASE)} CHARACTER SET utf8mb4`);
  await mysql.query(`CREATE TABLE ${m(MY_DATABASE)}.x (id INT)`);
  for (const table of MY_NAMES) {
    await mysql.query(
      `CREATE TABLE ${m(MY_DATABASE)}.${m(table)} (${MY_COLUMNS.map((column) => `${m(column)} VARCHAR(64)`).join(', ')})`,
    );
    await mysql.query(`INSERT INTO ${m(MY_DATABASE)}.${m(table)} VALUES ?`, [
      Array.from({ length: ROWS }, (_, row) => MY_COLUMNS.map((_, column) => email(row, column))),
    ]);
  }

  sqliteFile = join(dir, 'hostile.sqlite');
  const db = new Database(sqliteFile);
  const s = (name: string) => `"${name.replace(/"/g, '""')}"`;
  db.exec('CREATE TABLE x (id INTEGER)');
  for (const table of NAMES) {
    db.exec(`CREATE TABLE ${s(table)} (${COLUMNS.map((column) => `${s(column)} TEXT`).join(', ')})`);
    const insert = db.prepare(`INSERT INTO ${s(table)} VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    for (let row = 0; row < ROWS; row++) insert.run(...COLUMNS.map((_, column) => email(row, column)));
  }
  db.close();
});

after(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${admin.escapeIdentifier(PG_SCHEMA)} CASCADE`);
  await admin?.end();
  await mysql?.query(`DROP DATABASE IF EXISTS ${escapeId(MY_DATABASE, true)}`);
  await mysql?.end();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface ExportedField {
  source: string;
  asset: string;
  field: string;
  classifications: { type: string }[];
}

describe('hostile identifiers (Postgres, MariaDB, SQLite)', () => {
  let events: { event: string; source?: string; assets?: number; error?: string }[];
  let fields: ExportedField[];
  let catalog: string;

  before(async () => {
    catalog = join(dir, 'catalog.db');
    const config = join(dir, 'estate.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [
          { name: 'pg', type: 'postgres', url: PG_URL, schemas: [PG_SCHEMA] },
          { name: 'my', type: 'mysql', url: 'mysql://root@127.0.0.1:3306/', databases: [MY_DATABASE] },
          { name: 'lite', type: 'sqlite', path: sqliteFile },
        ],
      }),
    );
    const scan = await runCli(['scan', '--config', config, '--catalog', catalog, '--workers', '0', '--json']);
    assert.equal(scan.code, 0, scan.stderr + scan.stdout);
    events = jsonLines(scan.stdout) as typeof events;
    const exported = await runCli(['export', '--catalog', catalog]);
    assert.equal(exported.code, 0, exported.stderr);
    fields = (JSON.parse(exported.stdout) as { fields: ExportedField[] }).fields;
  });

  test('every table under a hostile schema/database name is listed and committed, none failed', () => {
    for (const source of ['pg', 'my', 'lite']) {
      const listed = events.find((e) => e.event === 'source-listed' && e.source === source);
      assert.equal(listed?.assets, NAMES.length + 1, `${source}: every table and the canary`);
    }
    const failed = events.filter((e) => /failed|warning/.test(e.event));
    assert.deepEqual(failed, []);
    assert.equal(events.filter((e) => e.event === 'asset-committed').length, 3 * (NAMES.length + 1));
  });

  test('every hostile column of every hostile table is cataloged under its exact name, as email', () => {
    const expected = (source: string, container: string | undefined, tables: string[], columns: string[]) =>
      tables.flatMap((table) =>
        columns.map((column) => {
          const asset = container === undefined ? table : `${container}.${table}`;
          return `${source} | ${asset} | ${column} | email`;
        }),
      );
    const found = fields
      .filter((f) => !f.asset.endsWith('x'))
      .map((f) => `${f.source} | ${f.asset} | ${f.field} | ${f.classifications.map((c) => c.type).join(',')}`)
      .sort();
    assert.deepEqual(
      found,
      [
        ...expected('pg', PG_SCHEMA, NAMES, COLUMNS),
        ...expected('my', MY_DATABASE, MY_NAMES, MY_COLUMNS),
        ...expected('lite', undefined, NAMES, COLUMNS),
      ].sort(),
    );
  });

  test('lookup finds a field by its hostile source, asset and column names', async () => {
    for (const [source, asset, field] of [
      ['pg', `${PG_SCHEMA}.${PG_INJECTION}`, 'select'],
      ['my', `${MY_DATABASE}.${MY_INJECTION}`, '名前'],
      ['lite', 'emoji 😀', 'new\nline'],
    ] as const) {
      const args = ['--source', source, '--asset', asset, '--field', field, '--json'];
      const found = await runCli(['lookup', '--catalog', catalog, ...args]);
      assert.equal(found.code, 0, `${source} ${asset} ${field}: ${found.stderr}`);
      const [record] = JSON.parse(found.stdout) as { asset: string; field: string }[];
      assert.deepEqual([record?.asset, record?.field], [asset, field]);
    }
  });

  test('nothing was executed: the canary x and every table are still there, rows and all', async () => {
    const { rows } = await admin.query<{ table_name: string; n: string }>(
      `SELECT c.relname AS table_name, (xpath('/row/n/text()',
         query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text AS n
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [PG_SCHEMA],
    );
    assert.deepEqual(
      rows.map((r) => `${r.table_name}:${r.n}`).sort(),
      ['x:0', ...NAMES.map((name) => `${name}:${ROWS}`)].sort(),
    );

    const [tables] = await mysql.query<RowDataPacket[]>(
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
      [MY_DATABASE],
    );
    assert.deepEqual(tables.map((t) => String(t.name)).sort(), ['x', ...MY_NAMES].sort());
    const [counts] = await mysql.query<RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM ${escapeId(MY_DATABASE, true)}.${escapeId(MY_INJECTION, true)}`,
    );
    assert.equal(Number(counts[0]?.n), ROWS);

    const db = new Database(sqliteFile, { readonly: true });
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    db.close();
    assert.deepEqual(names.sort(), ['x', ...NAMES].sort());
  });
});

describe('tables and files named with a line break or a leading dot', () => {
  const names = ['new\nline', '.hidden', 'plain'];

  test('files: every file is read, whatever its name', async () => {
    const folder = join(dir, 'odd-files');
    mkdirSync(folder);
    for (const name of names) writeFileSync(join(folder, `${name}.txt`), `user=${name.length}@example.com\n`);
    const config = join(dir, 'odd-files.json');
    writeFileSync(
      config,
      JSON.stringify({ sources: [{ name: 'f', type: 'files', path: folder, include: ['**'] }] }),
    );
    const scan = await runCli(['scan', '--config', config, '--catalog', join(dir, 'odd-files.db'), '--json']);
    assert.equal(scan.code, 0, scan.stderr);
    const committed = jsonLines(scan.stdout).filter(
      (e) => (e as { event: string }).event === 'asset-committed',
    ) as { asset: string }[];
    assert.deepEqual(committed.map((e) => e.asset).sort(), names.map((name) => `${name}.txt`).sort());
  });

  test('tables: every table is selected, whatever its name', async () => {
    const file = join(dir, 'odd-tables.sqlite');
    const db = new Database(file);
    for (const name of names)
      db.exec(`CREATE TABLE "${name}" (email TEXT); INSERT INTO "${name}" VALUES ('a@example.com')`);
    db.close();
    const scan = await runCli(['scan', file, '--catalog', join(dir, 'odd-tables.db'), '--json']);
    assert.equal(scan.code, 0, scan.stderr);
    const committed = jsonLines(scan.stdout).filter(
      (e) => (e as { event: string }).event === 'asset-committed',
    ) as { asset: string }[];
    assert.deepEqual(committed.map((e) => e.asset).sort(), [...names].sort());
  });
});
