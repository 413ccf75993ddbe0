// CopyTextBatcher: COPY text output → per-column value batches, byte-for-byte what batchFromStrings
// makes of the same values (NULLs and blanks dropped), whatever the chunk boundaries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { batchFromStrings } from '../../src/detection/value-batch.js';
import { type CopyRows, CopyTextBatcher } from '../../src/sources/postgres/copy-text-batches.js';

type Row = (string | null)[];

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** What COPY TO writes for one field (text format), as PostgreSQL's CopyAttributeOutText does. */
function encodeField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\b\f\n\r\t\v]/g, (c) => ESCAPES[c] ?? c);
}

const encodeRows = (rows: readonly Row[]) =>
  Buffer.from(rows.map((row) => row.map(encodeField).join('\t') + '\n').join(''));

/** Plain data for deepEqual: bytes, starts, ends, count and seen of every column. */
function plain(batches: readonly CopyRows[]) {
  return batches.map(({ rows, columns }) => ({
    rows,
    columns: columns.map(({ batch, seen }) => ({
      bytes: [...batch.bytes],
      starts: [...batch.starts],
      ends: [...batch.ends],
      count: batch.count,
      seen,
    })),
  }));
}

/** What the pipeline would build from the same rows as strings. */
function expected(rows: readonly Row[], columnCount: number, rowsPerBatch: number) {
  const batches: CopyRows[] = [];
  for (let first = 0; first < rows.length; first += rowsPerBatch) {
    const run = rows.slice(first, first + rowsPerBatch);
    const columns = Array.from({ length: columnCount }, (_, column) => {
      const values = run.map((row) => row[column] ?? null);
      const kept = values.filter((value): value is string => value !== null && value.trim() !== '');
      return { batch: batchFromStrings(kept), seen: run.length };
    });
    batches.push({ rows: run.length, columns });
  }
  return plain(batches);
}

function feed(batcher: CopyTextBatcher, data: Buffer, chunkSizes: () => number): CopyRows[] {
  const batches: CopyRows[] = [];
  for (let offset = 0; offset < data.length;) {
    const size = Math.min(chunkSizes(), data.length - offset);
    batches.push(...batcher.push(data.subarray(offset, offset + size)));
    offset += size;
  }
  batches.push(...batcher.finish());
  return batches;
}

function run(data: Buffer | string, columnCount: number, rowsPerBatch = 1000, chunkSize = Infinity) {
  const batcher = new CopyTextBatcher(columnCount, rowsPerBatch);
  return feed(batcher, Buffer.from(data), () => chunkSize);
}

/** The one column's kept values of a single-batch result, as strings. */
function valuesOf(batches: readonly CopyRows[], column = 0): string[] {
  const { batch } = batches[0]?.columns[column] ?? assert.fail('no batch');
  return Array.from({ length: batch.count }, (_, i) =>
    batch.bytes.toString('utf8', batch.starts[i], batch.ends[i]),
  );
}

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'jane.doe@example.com',
  '(415) 555-0123',
  '536-22-1234',
  'a',
  'Z9',
  'N',
  '\\N',
  '\\',
  '\\\\',
  '\t',
  '\n',
  '\r',
  '\r\n',
  ' ',
  '  ',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\ufeff',
  '\u2028',
  '\u0085', // NEL: not trimmed by JS
  '\u200b', // zero-width space: not trimmed by JS
  '\x0b\x0c',
  '\b',
  'é',
  'Grüße',
  '中文',
  '😀',
  '👩‍💻',
  'x\\y',
  '\\t',
  '\\x41',
  '\\101',
];

function randomValue(next: () => number): string | null {
  const roll = next();
  if (roll < 0.1) return null;
  if (roll < 0.15) return '';
  const pieces = 1 + Math.floor(next() * 5);
  let value = '';
  for (let i = 0; i < pieces; i++) value += PIECES[Math.floor(next() * PIECES.length)];
  return value;
}

const randomRows = (next: () => number, count: number, columnCount: number): Row[] =>
  Array.from({ length: count }, () => Array.from({ length: columnCount }, () => randomValue(next)));

describe('CopyTextBatcher', () => {
  test('matches batchFromStrings on random rows, whatever the chunk boundaries', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const next = random(seed);
      const columnCount = 1 + Math.floor(next() * 5);
      const rowsPerBatch = 1 + Math.floor(next() * 40);
      const rows = randomRows(next, Math.floor(next() * 300), columnCount);
      const data = encodeRows(rows);
      const want = expected(rows, columnCount, rowsPerBatch);
      const chunkings: [string, () => number][] = [
        ['whole', () => data.length || 1],
        ['1 byte', () => 1],
        ['1-7 bytes', () => 1 + Math.floor(next() * 7)],
        ['1-3000 bytes', () => 1 + Math.floor(next() * 3000)],
      ];
      for (const [name, sizes] of chunkings) {
        const got = feed(new CopyTextBatcher(columnCount, rowsPerBatch), data, sizes);
        assert.deepEqual(plain(got), want, `seed ${seed}, ${name} chunks`);
      }
    }
  });

  test('makes batches of exactly rowsPerBatch rows, several from one chunk, the rest at finish()', () => {
    const rows: Row[] = Array.from({ length: 10 }, (_, i) => [`id ${i}`, i % 2 ? null : `v${i}`]);
    const batcher = new CopyTextBatcher(2, 3);
    const data = encodeRows(rows);
    const first = batcher.push(data.subarray(0, 20));
    const second = batcher.push(data.subarray(20));
    assert.deepEqual(
      [first, second].map((batches) => batches.map((batch) => batch.rows)),
      [[], [3, 3, 3]],
    );
    assert.equal(batcher.rowsRead, 10);
    const rest = batcher.finish();
    assert.deepEqual(
      rest.map((batch) => batch.rows),
      [1],
    );
    assert.deepEqual(plain([...second, ...rest]), expected(rows, 2, 3));
    assert.deepEqual(
      second.map((batch) => batch.columns[1]?.seen),
      [3, 3, 3],
    );
    assert.deepEqual(
      second.map((batch) => batch.columns[1]?.batch.count),
      [2, 1, 2],
    );
  });

  test('finish() gives nothing when the rows came out even, or when there were none', () => {
    assert.deepEqual(run('a\nb\n', 1, 2).length, 1);
    assert.deepEqual(run('', 3, 2), []);
  });

  test('tells NULL from the empty string, the literal \\N and \\N followed by more', () => {
    // COPY writes NULL as \N, '' as nothing, the two characters \N as \\N.
    const batches = run('\\N\n\n\\\\N\n\\NN\nN\n\\N \n', 1);
    assert.deepEqual(valuesOf(batches), ['\\N', 'NN', 'N', 'N ']);
    assert.equal(batches[0]?.columns[0]?.seen, 6);
    assert.deepEqual(valuesOf(run('\\N\t\\\\N\t\\N\n', 3), 1), ['\\N']);
    assert.equal(run('\\N\t\\\\N\t\\N\n', 3)[0]?.columns[2]?.batch.count, 0);
  });

  test('drops blanks by JavaScript trim() but keeps the surrounding whitespace of other values', () => {
    const rows: Row[] = [
      ' \\t\\n\\r\x0b\x0c',
      '\u00a0\u3000\ufeff\u2028\u2029\u205f',
      ' x ',
      '\u0085',
      '\u200b',
      '\u00a0é',
      'é',
      '中文\u3000',
      '😀 ',
    ].map((value) => [value]);
    const data = Buffer.from(rows.map((row) => `${row[0]}\n`).join(''));
    assert.deepEqual(valuesOf(run(data, 1)), [
      ' x ',
      '\u0085',
      '\u200b',
      '\u00a0é',
      'é',
      '中文\u3000',
      '😀 ',
    ]);
  });

  test('decodes octal, hex and one-character escapes, also cut across chunks', () => {
    const fields: [string, string][] = [
      ['\\101', 'A'],
      ['\\x41', 'A'],
      ['\\X41', 'X41'],
      ['\\x4g', '\x04g'],
      ['\\xg', 'xg'],
      ['a\\x', 'ax'],
      ['a\\x4', 'a\x04'],
      ['a\\1', 'a\x01'],
      ['\\1a', '\x01a'],
      ['\\0123', '\n3'],
      ['\\18', '\x018'],
      ['\\303\\251t\\xc3\\xA9', 'été'],
      ['\\b\\f\\v\\r\\n\\t\\\\', '\b\f\v\r\n\t\\'],
      ['\\q\\"\\\u00e9', 'q"é'],
    ];
    const data = fields.map(([raw]) => `${raw}\n`).join('');
    const want = fields.map(([, value]) => value);
    for (const chunkSize of [Infinity, 1, 2, 3]) {
      assert.deepEqual(valuesOf(run(data, 1, 1000, chunkSize)), want, `${chunkSize}-byte chunks`);
    }
  });

  test('never puts the separator byte 0xFF inside a value: it becomes U+FFFD', () => {
    const data = Buffer.concat([
      Buffer.from('a\\377\tb\\xff\t\\777\tc'),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ]);
    for (const chunkSize of [Infinity, 1]) {
      const columns = run(data, 4, 1000, chunkSize)[0]?.columns ?? [];
      const values = columns.map(({ batch }) => batch.bytes.toString('utf8', 0, batch.ends[0]));
      assert.deepEqual(values, ['a\ufffd', 'b\ufffd', '\ufffd', 'c\ufffd']);
      for (const { batch } of columns) assert.equal(batch.bytes.indexOf(0xff), batch.ends[0]);
    }
  });

  test('copies four bytes at a time only when none is special, wherever the special byte falls', () => {
    // Raw control bytes look special to the four-byte test without being so; 0xff (written here as
    // U+FFFD, then put back as the raw byte) must still become U+FFFD.
    const pieces = [...'\x00\x01\x1f\x7f\\\t\n \u00a0é\u07ff\ufffd😀'];
    const rows: Row[] = [];
    for (let pad = 0; pad < 9; pad++) {
      for (const piece of pieces) {
        rows.push([
          'a'.repeat(pad) + piece + 'bcdefghij'.slice(pad),
          piece.repeat(pad),
          ' '.repeat(pad) + piece,
        ]);
      }
    }
    const data = Buffer.from(
      encodeRows(rows).toString('latin1').replaceAll('\xef\xbf\xbd', '\xff'),
      'latin1',
    );
    const want = expected(rows, 3, 1000);
    for (const chunkSize of [Infinity, 1, 2, 3, 4, 5, 7, 13]) {
      assert.deepEqual(plain(run(data, 3, 1000, chunkSize)), want, `${chunkSize}-byte chunks`);
    }
  });

  test('rejects a row with too many or too few fields, naming the row', () => {
    for (const chunkSize of [Infinity, 1]) {
      assert.throws(() => run('a\tb\nc\td\te\n', 2, 1000, chunkSize), {
        message: 'COPY row 2 has 3 fields, expected 2',
      });
      assert.throws(() => run('a\tb\tc\td\n', 2, 1000, chunkSize), {
        message: 'COPY row 1 has 4 fields, expected 2',
      });
      assert.throws(() => run('a\tb\nc\td\ne\n', 2, 1000, chunkSize), {
        message: 'COPY row 3 has 1 fields, expected 2',
      });
    }
  });

  test('finish() throws when the data ends in the middle of a row', () => {
    for (const data of ['a\tb', 'a\tb\nc', 'a\t', 'a\tb\\', 'a\t\\N', 'a\tb\\x4']) {
      assert.throws(() => run(data, 2), /COPY data ends in the middle of row/, JSON.stringify(data));
    }
    assert.throws(() => run('x\ny', 1), /row 2/);
  });

  test('a batch already returned stays as it was after later pushes, in memory of its own', () => {
    const next = random(99);
    const rows = randomRows(next, 400, 3);
    const data = encodeRows(rows);
    const batcher = new CopyTextBatcher(3, 50);
    const batches: CopyRows[] = [];
    const snapshots: ReturnType<typeof plain>[] = [];
    for (let offset = 0; offset < data.length; offset += 777) {
      for (const batch of batcher.push(data.subarray(offset, offset + 777))) {
        batches.push(batch);
        snapshots.push(plain([batch]));
      }
    }
    batches.push(...batcher.finish());
    assert.deepEqual(plain(batches.slice(0, snapshots.length)), snapshots.flat());
    assert.deepEqual(plain(batches), expected(rows, 3, 50));
    const buffers = batches.flatMap(({ columns }) => columns.map(({ batch }) => batch.bytes.buffer));
    assert.equal(new Set(buffers).size, buffers.length);
  });

  test('grows past its first buffers for long values and large batches', () => {
    const long = 'é'.repeat(100_000) + '\\' + 'x'.repeat(50_000);
    const rows: Row[] = Array.from({ length: 3000 }, (_, i) => [i % 1000 === 0 ? long : `value ${i}`]);
    const want = expected(rows, 1, 2000);
    assert.deepEqual(plain(run(encodeRows(rows), 1, 2000)), want);
    assert.deepEqual(plain(run(encodeRows(rows), 1, 2000, 4096)), want);
  });

  test('reads what PostgreSQL itself writes', (t) => {
    const next = random(7);
    const rows = randomRows(next, 200, 3);
    const literal = (value: string | null) => (value === null ? 'NULL' : `'${value.replaceAll("'", "''")}'`);
    const values = rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n');
    const sql = `COPY (SELECT * FROM (VALUES ${values}) AS v (a, b, c)) TO STDOUT`;
    const psql = spawnSync(
      'psql',
      ['-X', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'test', '-Aqt', '-c', sql],
      {
        env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (psql.error || psql.status !== 0) {
      t.skip(`psql could not run: ${psql.error?.message ?? psql.stderr.toString().trim()}`);
      return;
    }
    assert.equal(psql.stdout.toString(), encodeRows(rows).toString());
    assert.deepEqual(plain(run(psql.stdout, 3, 64, 100)), expected(rows, 3, 64));
  });

  test('rejects a column count or batch size that is not a positive integer', () => {
    assert.throws(() => new CopyTextBatcher(0, 10), RangeError);
    assert.throws(() => new CopyTextBatcher(2, 0), RangeError);
    assert.throws(() => new CopyTextBatcher(2, 1.5), RangeError);
  });
});
