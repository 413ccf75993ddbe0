// Hostile content, end to end through the real bin: invalid UTF-8 and NUL bytes (in a file's head,
// where they make it binary, and past it, where the record is read and counted as malformed),
// JSON nested 10,000 levels deep (a JSON Lines line, a JSON document's item, a SQLite TEXT and a
// JSON column, a Postgres jsonb), ragged CSV and a gzip bomb (2 MB that inflate to 2 GiB). Each
// asset is cataloged with the PII of its readable part and says what it left out and why; nothing
// crashes. Then broken configs and detectors: exit 2 with the file, the JSON path and a hint, and no
// catalog left behind. The format readers' own tests cover each case on one object; the 200 MB
// line and memory under a small heap are in hostile-estate-memory.test.ts.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { jsonLines, runCli } from '../cli/run-cli.js';

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const PG_SCHEMA = `piimap_hostile_${randomBytes(4).toString('hex')}`;
const DEPTH = 10_000;
/** Invalid UTF-8: a two-byte lead followed by `(`, not a continuation byte. */
const INVALID = Buffer.from([0xc3, 0x28]);

const email = (i: number) => `person${i}@example.com`;
/** `{"a":{"a":…"leaf"…}}`, `depth` objects deep. */
const deepObject = (depth: number, leaf: string) =>
  `${'{"a":'.repeat(depth)}${JSON.stringify(leaf)}${'}'.repeat(depth)}`;
/** Enough lines of `line(i)` to fill the 8 KiB head that decides whether an object is text. */
const lines = (count: number, line: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => line(i)).join('\n') + '\n';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-hostile-input-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface ObjectsRecord {
  sampledKeys: string[];
  skipped: { key: string; reason: string }[];
  incomplete: { key: string; reason: string }[];
  malformedRecords: number;
}
interface ExportedField {
  source: string;
  asset: string;
  field: string;
  classifications: { type: string }[];
  scan: { valuesSeen: number; objects?: ObjectsRecord };
}
type ScanEvent = { event: string; source?: string; asset?: string; error?: string };

async function scanAndExport(config: object, name: string) {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const catalog = join(dir, `${name}.db`);
  const started = Date.now();
  const scan = await runCli(['scan', '--config', file, '--catalog', catalog, '--workers', '0', '--json']);
  const seconds = (Date.now() - started) / 1000;
  const exported = await runCli(['export', '--catalog', catalog]);
  assert.equal(exported.code, 0, exported.stderr);
  const fields = (JSON.parse(exported.stdout) as { fields: ExportedField[] }).fields;
  return { scan, seconds, events: jsonLines(scan.stdout) as ScanEvent[], fields };
}

const typesOf = (fields: ExportedField[], asset: string, field: string) =>
  fields.find((f) => f.asset === asset && f.field === field)?.classifications.map((c) => c.type);

describe('hostile files', () => {
  let result: Awaited<ReturnType<typeof scanAndExport>>;
  const objectsOf = (asset: string) => result.fields.find((f) => f.asset === asset)?.scan.objects;

  before(async () => {
    const folder = join(dir, 'files');
    mkdirSync(folder);
    const put = (name: string, content: string | Buffer) => writeFileSync(join(folder, name), content);
    const jsonLine = (i: number) => JSON.stringify({ email: email(i), note: 'ok' });
    const withInvalid = (text: string) => Buffer.concat([Buffer.from(text), INVALID, Buffer.from('"}\n')]);
    // Invalid UTF-8 inside a JSON string: in the first line (the head), and at line 250 of 300.
    put(
      'broken-head.jsonl',
      Buffer.concat([
        withInvalid('{"email":"x@example.com","note":"bad '),
        Buffer.from(lines(300, jsonLine)),
      ]),
    );
    put(
      'broken-tail.jsonl',
      Buffer.concat([
        Buffer.from(lines(250, jsonLine)),
        withInvalid('{"email":"y@example.com","note":"bad '),
        Buffer.from(lines(50, (i) => jsonLine(i + 250))),
      ]),
    );
    // …and inside a CSV cell, past the head.
    put(
      'broken-tail.csv',
      Buffer.concat([
        Buffer.from(`email,note\n${lines(600, (i) => `${email(i)},ok`)}`),
        Buffer.from('z@example.com,bad '),
        INVALID,
        Buffer.from('\n'),
      ]),
    );
    // NUL bytes: one in the head makes the file binary; one past it is a malformed line.
    put('nul-head.txt', `user=${email(1)} \0 start\n${lines(300, (i) => `user=${email(i)} ok`)}`);
    put('nul-tail.jsonl', `${lines(300, jsonLine)}{"email":"n@example.com","note":"a\0b"}\n`);
    // 10,000 levels: a JSON Lines line between two shallow ones, and an item of a JSON document.
    put('deep.jsonl', `${jsonLine(1)}\n${deepObject(DEPTH, email(2))}\n${jsonLine(3)}\n`);
    put('deep.json', `[${jsonLine(4)}, ${deepObject(DEPTH, email(5))}, ${jsonLine(6)}]`);
    // Ragged CSV: rows of 1 to 5 cells under a 3-column header.
    put(
      'ragged.csv',
      `email,phone,name\n${lines(100, (i) => [email(i), '(201) 555-0123', 'Ann', 'x', 'y'].slice(0, 1 + (i % 5)).join(','))}`,
    );
    // A gzip bomb: 32 concatenated members, each 64 lines of 1 MiB of `a` — 2 MB on disk, 2 GiB inflated.
    const line = Buffer.alloc(1024 * 1024, 'a');
    line[line.length - 1] = 0x0a;
    const member = gzipSync(Buffer.concat(Array.from({ length: 64 }, () => line)), { level: 9 });
    put('bomb.log.gz', Buffer.concat(Array.from({ length: 32 }, () => member)));
    result = await scanAndExport(
      { sources: [{ name: 'files', type: 'files', path: folder, bytesPerObject: 64 * 1024 * 1024 }] },
      'files',
    );
  });

  test('the scan finishes, exit 0, and every file is an asset that was committed', () => {
    assert.equal(result.scan.code, 0, result.scan.stderr);
    const committed = result.events.filter((e) => e.event === 'asset-committed').map((e) => e.asset);
    assert.deepEqual(committed.sort(), [
      'bomb.log*',
      'broken-head.jsonl',
      'broken-tail.csv',
      'broken-tail.jsonl',
      'deep.json',
      'deep.jsonl',
      'nul-head.txt',
      'nul-tail.jsonl',
      'ragged.csv',
    ]);
  });

  test('invalid UTF-8 or a NUL byte in the head: the file is skipped, with the reason', () => {
    assert.deepEqual(objectsOf('broken-head.jsonl')?.skipped, [
      { key: 'broken-head.jsonl', reason: 'binary content (invalid UTF-8)' },
    ]);
    assert.deepEqual(objectsOf('nul-head.txt')?.skipped, [
      { key: 'nul-head.txt', reason: 'binary content (NUL bytes)' },
    ]);
  });

  test('invalid UTF-8 or a NUL byte further on: the record is read and counted as malformed, the PII found', () => {
    for (const asset of ['broken-tail.jsonl', 'broken-tail.csv', 'nul-tail.jsonl']) {
      const objects = objectsOf(asset);
      assert.deepEqual(objects?.skipped, [], asset);
      assert.equal(objects?.malformedRecords, 1, asset);
    }
    assert.deepEqual(typesOf(result.fields, 'broken-tail.jsonl', '$.email'), ['email']);
    assert.deepEqual(typesOf(result.fields, 'broken-tail.csv', 'email'), ['email']);
    assert.deepEqual(typesOf(result.fields, 'nul-tail.jsonl', '$.email'), ['email']);
  });

  test('JSON 10,000 levels deep: the shallow records are cataloged, the deep part is recorded as left out', () => {
    assert.deepEqual(typesOf(result.fields, 'deep.jsonl', '$.email'), ['email']);
    assert.deepEqual(typesOf(result.fields, 'deep.json', '$[*].email'), ['email']);
    const leftOut =
      '1 record(s) held JSON nested deeper than 64 levels or more than 10000 values; that part was left out, the rest read';
    assert.deepEqual(objectsOf('deep.jsonl')?.incomplete, [{ key: 'deep.jsonl', reason: leftOut }]);
    assert.deepEqual(objectsOf('deep.json')?.incomplete, [{ key: 'deep.json', reason: leftOut }]);
    // No path runs 10,000 segments deep into the catalog.
    assert.ok(
      result.fields.every((f) => f.field.length < 64 * 8),
      'paths stay within the walk depth',
    );
  });

  test('ragged CSV: every row read, ragged ones counted, extra cells named by position', () => {
    assert.equal(objectsOf('ragged.csv')?.malformedRecords, 80);
    assert.deepEqual(typesOf(result.fields, 'ragged.csv', 'email'), ['email']);
    assert.deepEqual(typesOf(result.fields, 'ragged.csv', 'phone'), ['phone']);
    assert.ok(result.fields.some((f) => f.asset === 'ragged.csv' && f.field === '$column5'));
  });

  test('a gzip bomb stops at the decompression cap, says so, and costs seconds, not minutes', () => {
    assert.deepEqual(objectsOf('bomb.log*')?.incomplete, [
      {
        key: 'bomb.log.gz',
        reason: 'stopped at the decompression limit (64 MiB): a gzip bomb or a very large compressed object',
      },
    ]);
    assert.ok(result.seconds < 45, `the whole scan took ${result.seconds.toFixed(1)} s`);
  });
});

describe('hostile values in database columns', () => {
  let admin: pg.Client;

  before(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
  });
  after(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
    await admin.end();
  });

  test('SQLite: invalid UTF-8 (a blob cast to TEXT), embedded NUL, 10,000-deep JSON in TEXT and JSON columns', async () => {
    const file = join(dir, 'hostile.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, broken TEXT, nul TEXT, deep_text TEXT, deep_json JSON)');
    const insert = db.prepare(
      'INSERT INTO t (broken, nul, deep_text, deep_json) VALUES (CAST(? AS TEXT), ?, ?, ?)',
    );
    for (let i = 0; i < 20; i++) {
      const deep = i === 0;
      insert.run(
        // The blob cast stores the bytes as TEXT unchecked: `<email>` then 0xC3 0x28.
        Buffer.concat([Buffer.from(email(i)), Buffer.from(' '), INVALID]),
        `before\0after ${email(i)}`,
        deep ? deepObject(DEPTH, email(i)) : JSON.stringify({ user: { email: email(i) } }),
        deep ? deepObject(DEPTH, email(i)) : JSON.stringify({ email: email(i) }),
      );
    }
    db.close();
    // Room for the whole deep document (~60 KB) in one value, so it is walked, not cut.
    const { scan, events, fields } = await scanAndExport(
      { maxValueBytes: 262_144, sources: [{ name: 'lite', type: 'sqlite', path: file }] },
      'sqlite-values',
    );
    assert.equal(scan.code, 0, scan.stderr);
    assert.deepEqual(
      events.filter((e) => e.event === 'asset-committed').map((e) => e.asset),
      ['t'],
    );
    for (const column of ['broken', 'nul', 'deep_text', 'deep_json'])
      assert.deepEqual(typesOf(fields, 't', column), ['email'], column);
    assert.equal(fields.find((f) => f.field === 'nul')?.scan.valuesSeen, 20);
  });

  test('Postgres: a jsonb 10,000 levels deep (the server takes that depth) is sampled, cut or walked, never a crash', async () => {
    await admin.query(`CREATE SCHEMA ${PG_SCHEMA}`);
    await admin.query(`CREATE TABLE ${PG_SCHEMA}.docs (id int, doc jsonb, body text)`);
    const deep = deepObject(DEPTH, email(0));
    await admin.query(`INSERT INTO ${PG_SCHEMA}.docs VALUES (0, $1::jsonb, $1)`, [deep]);
    for (let i = 1; i < 20; i++)
      await admin.query(`INSERT INTO ${PG_SCHEMA}.docs VALUES ($1, $2::jsonb, $2)`, [
        i,
        JSON.stringify({ user: { email: email(i) } }),
      ]);
    const { rows } = await admin.query<{ length: number }>(
      `SELECT length(doc::text) AS length FROM ${PG_SCHEMA}.docs WHERE id = 0`,
    );
    assert.ok(Number(rows[0]?.length) > 65_536, 'jsonb keeps all 10,000 levels');
    // Default maxValueBytes: the deep value is cut on the server (then read as text); a larger one: walked.
    for (const maxValueBytes of [65_536, 262_144]) {
      const { scan, events, fields } = await scanAndExport(
        { maxValueBytes, sources: [{ name: 'pg', type: 'postgres', url: PG_URL, schemas: [PG_SCHEMA] }] },
        `pg-deep-${maxValueBytes}`,
      );
      assert.equal(scan.code, 0, scan.stderr);
      assert.deepEqual(
        events.filter((e) => e.event === 'asset-committed').map((e) => e.asset),
        [`${PG_SCHEMA}.docs`],
      );
      assert.deepEqual(typesOf(fields, `${PG_SCHEMA}.docs`, 'doc'), ['email'], `doc, ${maxValueBytes}`);
      assert.deepEqual(typesOf(fields, `${PG_SCHEMA}.docs`, 'body'), ['email'], `body, ${maxValueBytes}`);
    }
  });
});

describe('broken configs and detectors: exit 2, the file, the JSON path and a hint; no catalog', () => {
  async function scanWith(config: object, name: string, extra: string[] = [], env?: Record<string, string>) {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(config));
    const catalog = join(dir, `${name}.db`);
    const result = await runCli(['scan', '--config', file, '--catalog', catalog, ...extra], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.equal(existsSync(catalog), false, 'no catalog is created');
    assert.equal(result.stdout, '');
    return { stderr: result.stderr, file };
  }

  test('unknown keys and wrong types: every problem, each with its JSON path and what was meant', async () => {
    const { stderr, file } = await scanWith(
      {
        sampleSise: 100,
        workers: 'many',
        sources: [
          { name: 'app', type: 'sqlite', path: './app.sqlite', url: 'sqlite://app' },
          { name: 'crm', type: 'postgres', url: PG_URL, schemas: 'public', maxConnections: -1 },
        ],
      },
      'bad-keys',
    );
    assert.match(
      stderr,
      new RegExp(`config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 5 problem\\(s\\)`),
    );
    assert.match(stderr, /\(root\): unknown key "sampleSise"; did you mean "sampleSize"\?/);
    assert.match(stderr, /workers: must be "auto" or must be integer/);
    // A key of another kind of source is not "meant" as itself: where it belongs is said instead.
    assert.match(stderr, /sources\[0\]: unknown key "url"; "url" is a key of postgres, mysql only/);
    assert.doesNotMatch(stderr, /did you mean "url"/);
    assert.match(stderr, /sources\[1\]\.schemas: must be array/);
    assert.match(stderr, /sources\[1\]\.maxConnections: must be >= 1/);
  });

  test('a ${VAR} that is not set: the file, the JSON path, the variable and what to do', async () => {
    const url = 'postgres://${PIIMAP_TEST_UNSET_USER}@127.0.0.1:5432/test';
    const { stderr, file } = await scanWith(
      { sources: [{ name: 'crm', type: 'postgres', url }] },
      'unset-var',
      [],
      {},
    );
    assert.equal(
      stderr.trim(),
      `piimap: config ${file}: sources[0].url: environment variable PIIMAP_TEST_UNSET_USER is not set; export it or remove \${PIIMAP_TEST_UNSET_USER}`,
    );
  });

  test('a custom detector with a backreference: the detector file and why RE2 refuses it', async () => {
    const detectors = join(dir, 'detectors');
    mkdirSync(detectors);
    const detectorFile = join(detectors, 'repeat_code.json');
    writeFileSync(
      detectorFile,
      JSON.stringify({
        id: 'repeat_code',
        type: 'repeat_code',
        category: 'identity',
        specialCategory: false,
        sensitivity: 'low',
        patterns: [{ name: 'twice', regex: '\\b(\\d{3})-\\1\\b', score: 0.6 }],
        examples: { positive: ['123-123'], negative: ['123-456'] },
      }),
    );
    const sqlite = join(dir, 'empty.sqlite');
    new Database(sqlite).close();
    const message = `detector repeat_code (${detectorFile}): patterns[0] "twice": RE2 does not support backreferences`;
    const fromConfig = await scanWith(
      { detectors: { paths: [detectors] }, sources: [{ name: 'app', type: 'sqlite', path: sqlite }] },
      'backreference',
    );
    assert.ok(fromConfig.stderr.includes(message), fromConfig.stderr);
    const fromFlag = await scanWith({ sources: [{ name: 'app', type: 'sqlite', path: sqlite }] }, 'flag', [
      '--detectors',
      detectors,
    ]);
    assert.ok(fromFlag.stderr.includes(message), fromFlag.stderr);
  });
});
