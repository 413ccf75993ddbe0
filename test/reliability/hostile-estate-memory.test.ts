// One hostile estate, scanned whole (`--full`) by the real bin in a child process held to a 256 MB
// V8 heap (`node --max-old-space-size=256 bin/piimap.js scan …`): a folder with a 200 MB line, a
// gzip bomb (2 MB → 2 GiB), JSON nested 10,000 levels deep, invalid UTF-8, NUL bytes and ragged
// CSV, and a SQLite file with 2 million rows of short values, a 50 MB value and the same hostile
// values in columns. The scan must finish (exit 0, or 1 with the problems recorded) — not crash or
// run out of memory — with every asset in the catalog with a status, and the process's peak
// resident memory bounded. Inputs are generated in a temp dir, never committed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { ROOT, jsonLines } from '../cli/run-cli.js';

const MB = 1024 * 1024;
const HEAP_MB = 256;
/** Peak resident memory allowed: the heap, native buffers (zlib, SQLite, RE2), the detection worker. */
const MAX_RSS_MB = 900;
const SQLITE_ROWS = 2_000_000;

const email = (i: number) => `person${i}@example.com`;
const deepObject = (depth: number, leaf: string) =>
  `${'{"a":'.repeat(depth)}${JSON.stringify(leaf)}${'}'.repeat(depth)}`;
const lines = (count: number, line: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => line(i)).join('\n') + '\n';

let dir: string;
let folder: string;
let sqlite: string;

/** The 200 MB line, written in 4 MiB pieces: a line with PII before and after it. */
function writeHugeLine(file: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `user=${email(1)} before\n{"note":"`);
    const piece = Buffer.alloc(4 * MB, 'x');
    for (let written = 0; written < 200 * MB; written += piece.length) writeSync(fd, piece);
    writeSync(fd, `"}\nuser=${email(2)} after\n`);
  } finally {
    closeSync(fd);
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-hostile-estate-'));
  folder = join(dir, 'files');
  mkdirSync(folder);
  const put = (name: string, content: string | Buffer) => writeFileSync(join(folder, name), content);
  const jsonLine = (i: number) => JSON.stringify({ email: email(i) });
  const invalid = Buffer.from([0xc3, 0x28]);
  writeHugeLine(join(folder, 'huge-line.txt'));
  const line = Buffer.alloc(MB, 'a');
  line[line.length - 1] = 0x0a;
  const member = gzipSync(Buffer.concat(Array.from({ length: 64 }, () => line)), { level: 9 });
  put('bomb.log.gz', Buffer.concat(Array.from({ length: 32 }, () => member)));
  put('deep.jsonl', `${jsonLine(1)}\n${deepObject(10_000, email(2))}\n${jsonLine(3)}\n`);
  put('deep.json', `[${jsonLine(4)}, ${deepObject(10_000, email(5))}]`);
  put(
    'broken-head.jsonl',
    Buffer.concat([Buffer.from('{"note":"'), invalid, Buffer.from(`"}\n${lines(300, jsonLine)}`)]),
  );
  put('broken-tail.jsonl', Buffer.concat([Buffer.from(lines(300, jsonLine)), invalid, Buffer.from('\n')]));
  put('nul-head.txt', `\0${lines(300, (i) => `user=${email(i)}`)}`);
  put('nul-tail.jsonl', `${lines(300, jsonLine)}{"note":"\0"}\n`);
  put(
    'ragged.csv',
    `email,phone,name\n${lines(300, (i) => [email(i), '(201) 555-0123', 'x', 'y'].slice(0, 1 + (i % 4)).join(','))}`,
  );

  sqlite = join(dir, 'estate.sqlite');
  const db = new Database(sqlite);
  db.exec(`
    CREATE TABLE events (id INTEGER PRIMARY KEY, email TEXT, code TEXT);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT ${SQLITE_ROWS})
    INSERT INTO events SELECT i, 'u' || i || '@example.com', 'c' || (i % 97) FROM n;
    CREATE TABLE hostile (id INTEGER PRIMARY KEY, broken TEXT, nul TEXT, deep TEXT, huge TEXT);`);
  const insert = db.prepare(
    'INSERT INTO hostile (broken, nul, deep, huge) VALUES (CAST(? AS TEXT), ?, ?, ?)',
  );
  insert.run(
    Buffer.concat([Buffer.from(`${email(1)} `), invalid]),
    `a\0${email(1)}`,
    deepObject(10_000, email(1)),
    null,
  );
  insert.run(null, null, null, `${'y'.repeat(50 * MB)} ${email(2)}`);
  db.close();
});

after(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Linux: the child's peak resident set (VmHWM), polled while it runs; 0 where /proc is missing. */
function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function scanUnderSmallHeap(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, join(ROOT, 'bin/piimap.js'), ...args],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let peakMb = 0;
    const poll = setInterval(() => (peakMb = Math.max(peakMb, peakRssMb(child.pid ?? 0))), 100);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stdout, stderr, peakMb });
    });
  });
}

test(`a hostile estate is scanned whole under a ${HEAP_MB} MB heap: it finishes, every asset has a status, memory stays bounded`, async (t) => {
  const config = join(dir, 'estate.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: [
        { name: 'files', type: 'files', path: folder },
        { name: 'app', type: 'sqlite', path: sqlite },
      ],
    }),
  );
  const catalog = join(dir, 'catalog.db');
  const started = Date.now();
  const result = await scanUnderSmallHeap([
    'scan',
    '--config',
    config,
    '--catalog',
    catalog,
    '--full',
    '--json',
  ]);
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`scan ${seconds.toFixed(1)} s, peak RSS ${result.peakMb.toFixed(0)} MB`);

  assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr.slice(-2000)}`);
  assert.doesNotMatch(result.stderr, /heap out of memory|FATAL ERROR|RangeError|Maximum call stack/);
  assert.ok(result.code === 0 || result.code === 1, `exit ${result.code}: ${result.stderr.slice(-2000)}`);
  const events = jsonLines(result.stdout) as { event: string; status?: string }[];
  assert.equal(events.at(-1)?.event, 'summary');

  const db = new Database(catalog, { readonly: true });
  const rows = db
    .prepare(
      `SELECT s.name AS source, a.name AS asset, x.status, x.rows_sampled AS rows, x.objects
       FROM asset_scans x JOIN assets a ON a.id = x.asset_id JOIN sources s ON s.id = a.source_id
       WHERE x.scan_id = (SELECT max(id) FROM scans)`,
    )
    .all() as { source: string; asset: string; status: string; rows: number; objects: string | null }[];
  const scanStatus = db.prepare('SELECT status FROM scans ORDER BY id DESC LIMIT 1').pluck().get();
  db.close();
  assert.equal(scanStatus, 'completed');
  assert.deepEqual(rows.map((r) => `${r.source}.${r.asset}: ${r.status}`).sort(), [
    'app.events: committed',
    'app.hostile: committed',
    'files.bomb.log*: committed',
    'files.broken-head.jsonl: committed',
    'files.broken-tail.jsonl: committed',
    'files.deep.json: committed',
    'files.deep.jsonl: committed',
    'files.huge-line.txt: committed',
    'files.nul-head.txt: committed',
    'files.nul-tail.jsonl: committed',
    'files.ragged.csv: committed',
  ]);
  const byAsset = new Map(rows.map((r) => [r.asset, r]));
  assert.equal(byAsset.get('events')?.rows, SQLITE_ROWS, '--full read every row');
  const objects = (asset: string) =>
    JSON.parse(byAsset.get(asset)?.objects ?? 'null') as {
      bytesRead: number;
      malformedRecords: number;
      skipped: unknown[];
      incomplete: { reason: string }[];
    };
  assert.equal(
    objects('huge-line.txt').bytesRead,
    statSync(join(folder, 'huge-line.txt')).size,
    'the 200 MB line was read through',
  );
  assert.equal(objects('huge-line.txt').malformedRecords, 1, 'the 200 MB line is cut and counted');
  assert.match(objects('bomb.log*').incomplete[0]?.reason ?? '', /decompression limit/);
  assert.match(objects('deep.jsonl').incomplete[0]?.reason ?? '', /nested deeper than 64 levels/);
  assert.equal(objects('broken-head.jsonl').skipped.length, 1);
  assert.equal(objects('nul-head.txt').skipped.length, 1);

  assert.ok(result.peakMb < MAX_RSS_MB, `peak resident memory ${result.peakMb.toFixed(0)} MB`);
});
