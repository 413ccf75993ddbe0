import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { chooseFormat } from '../../src/formats/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const JSONL = '{"user":"a@x.com"}\n{"user":"b@x.com"}\n';
const CSV = 'name,email\nJane,j@x.com\n';

test('JSON Lines and JSON documents are told apart by content, not by extension', () => {
  assert.deepEqual(chooseFormat('a.jsonl', bytes(JSONL)), { format: 'jsonl', gzip: false });
  assert.deepEqual(chooseFormat('a.json', bytes(JSONL)), { format: 'jsonl', gzip: false });
  assert.deepEqual(chooseFormat('a.json', bytes('{\n  "user": "a@x.com"\n}\n')), {
    format: 'json',
    gzip: false,
  });
  assert.deepEqual(chooseFormat('a.jsonl', bytes('[{"a":1},\n{"a":2}]')), { format: 'json', gzip: false });
  assert.deepEqual(chooseFormat('a.json', bytes('[{"a":1},{"a":2}]\n')), { format: 'json', gzip: false });
  assert.deepEqual(chooseFormat('a.json', bytes('[1,2]\n[3,4]\n')), { format: 'jsonl', gzip: false });
  // A first line longer than the head is a document (one long record or a minified array).
  assert.deepEqual(chooseFormat('dump', bytes(`{"a":"${'x'.repeat(100)}`)), { format: 'json', gzip: false });
  assert.deepEqual(chooseFormat('e.ndjson', bytes(`{"a":"${'x'.repeat(100)}`)), {
    format: 'jsonl',
    gzip: false,
  });
  assert.deepEqual(chooseFormat('events', bytes(`\ufeff  ${JSONL}`)), { format: 'jsonl', gzip: false });
});

test('CSV and TSV by extension, and by a header sniff when the name does not say', () => {
  assert.deepEqual(chooseFormat('users.csv', bytes(CSV)), { format: 'csv', gzip: false });
  assert.deepEqual(chooseFormat('users.CSV', bytes('single_column\nvalue\n')), {
    format: 'csv',
    gzip: false,
  });
  assert.deepEqual(chooseFormat('users.tsv', bytes('name\temail\nJane\tj@x.com\n')), {
    format: 'tsv',
    gzip: false,
  });
  assert.deepEqual(chooseFormat('users.csv', bytes('name\temail\nJane\tj@x.com\n')), {
    format: 'tsv',
    gzip: false,
  });
  assert.deepEqual(chooseFormat('export', bytes(CSV)), { format: 'csv', gzip: false });
  assert.deepEqual(chooseFormat('export.dat', bytes('name;email\nJane;j@x.com\n')), {
    format: 'csv',
    gzip: false,
  });
  assert.deepEqual(chooseFormat('export', bytes('name\temail\nJane\tj@x.com\n')), {
    format: 'tsv',
    gzip: false,
  });
});

test('logs, rotated logs and unknown text are text', () => {
  const log = '2026-11-23T10:00:00Z INFO user=jane, status=ok\n2026-11-23T10:00:01Z INFO done, bye\n';
  for (const key of ['app.log', 'app.log.1', 'logs/app.log-20261123', 'notes.txt', 'README', 'data.xyz']) {
    assert.deepEqual(chooseFormat(key, bytes(log)), { format: 'text', gzip: false }, key);
  }
  assert.deepEqual(chooseFormat('app.log.2.gz', gzipSync(log)), { format: 'text', gzip: true });
  // A log whose lines are CSV-like stays text: logs have commas.
  assert.deepEqual(chooseFormat('app.log', bytes(CSV)), { format: 'text', gzip: false });
  // A .json that holds no JSON is read as text rather than failing.
  assert.deepEqual(chooseFormat('broken.json', bytes('not json at all\n')), { format: 'text', gzip: false });
});

test('gzip by magic bytes, whatever the name; a .gz name without them is read as what it holds', () => {
  assert.deepEqual(chooseFormat('part-0001.jsonl.gz', gzipSync(JSONL)), { format: 'jsonl', gzip: true });
  assert.deepEqual(chooseFormat('part-0001', gzipSync(JSONL)), { format: 'jsonl', gzip: true });
  assert.deepEqual(chooseFormat('users.csv.gz', gzipSync(CSV)), { format: 'csv', gzip: true });
  assert.deepEqual(chooseFormat('users.csv.gz', bytes(CSV)), { format: 'csv', gzip: false });
  // Only the head of a large gzip is given: a cut gzip stream still sniffs.
  const big = gzipSync(JSONL.repeat(100_000));
  assert.deepEqual(chooseFormat('big.jsonl.gz', big.subarray(0, 8192)), { format: 'jsonl', gzip: true });
  assert.deepEqual(
    chooseFormat('x.gz', Uint8Array.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff])),
    {
      skipped: 'corrupt gzip data',
    },
  );
  assert.deepEqual(chooseFormat('x.gz', gzipSync(gzipSync(JSONL))), {
    skipped: 'binary content (gzip inside gzip)',
  });
});

test('Parquet by PAR1 magic; a .parquet without it is skipped', () => {
  const parquet = Uint8Array.from([...bytes('PAR1'), 0x15, 0x04, 0x00]);
  assert.deepEqual(chooseFormat('t/part-0.parquet', parquet), { format: 'parquet', gzip: false });
  assert.deepEqual(chooseFormat('t/part-0', parquet), { format: 'parquet', gzip: false });
  assert.deepEqual(chooseFormat('t/part-0.parquet', bytes(CSV)), {
    skipped: 'not a Parquet file (no PAR1 magic bytes)',
  });
  assert.deepEqual(chooseFormat('t/part-0.parquet.gz', gzipSync(parquet)), {
    skipped: 'gzip-compressed Parquet (not supported)',
  });
});

test('binary content is skipped with what it is, never read as text', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  assert.deepEqual(chooseFormat('avatar.png', png), { skipped: 'binary content (PNG image)' });
  assert.deepEqual(chooseFormat('avatar.txt', png), { skipped: 'binary content (PNG image)' });
  assert.deepEqual(chooseFormat('a.zip', Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0])), {
    skipped: 'binary content (ZIP archive or Office document)',
  });
  assert.deepEqual(chooseFormat('report.pdf', bytes('%PDF-1.7\n%âãÏÓ\n')), {
    skipped: 'binary content (PDF document)',
  });
  assert.deepEqual(chooseFormat('app.db', bytes('SQLite format 3\0\x10\0')), {
    skipped: 'binary content (SQLite database)',
  });
  const tar = new Uint8Array(512);
  tar.set(bytes('file.txt'), 0);
  tar.set(bytes('ustar'), 257);
  assert.deepEqual(chooseFormat('backup.tar.gz', gzipSync(tar)), { skipped: 'binary content (tar archive)' });
  assert.deepEqual(chooseFormat('blob', bytes('abc\0def')), { skipped: 'binary content (NUL bytes)' });
  assert.deepEqual(chooseFormat('blob', Uint8Array.from([0x61, 0xc3, 0x28, 0x62])), {
    skipped: 'binary content (invalid UTF-8)',
  });
  assert.deepEqual(chooseFormat('blob', Uint8Array.from([1, 2, 3, 4, 5, 6, 0x61])), {
    skipped: 'binary content (control characters)',
  });
  assert.deepEqual(chooseFormat('win.txt', Uint8Array.from([0xff, 0xfe, 0x61, 0x00])), {
    skipped: 'UTF-16/UTF-32 text (not supported)',
  });
  // A multi-byte character cut by the end of the head is not invalid UTF-8.
  assert.deepEqual(chooseFormat('a.txt', bytes('héllo ü').subarray(0, 8)), { format: 'text', gzip: false });
});
