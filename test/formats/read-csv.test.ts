import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_LINE_CHARS } from '../../src/formats/text-lines.js';
import { readOne } from './memory-store.js';

test('fields are named by the header; quotes, embedded delimiters and line breaks are handled; BOM stripped', async () => {
  const text =
    '\ufeffname,email,note\r\nJane,j@x.com,"likes ""tea"", cake"\r\nJoe,joe@x.com,"two\nlines"\r\n';
  const { result, out } = await readOne('users.csv', text);
  assert.equal(result.format, 'csv');
  assert.equal(out.records, 2);
  assert.deepEqual(out.values, {
    name: ['Jane', 'Joe'],
    email: ['j@x.com', 'joe@x.com'],
    note: ['likes "tea", cake', 'two\nlines'],
  });
});

test('ragged rows never throw: missing cells are no values, extra cells go to $column<N>; they count as malformed', async () => {
  const text = 'a,b,c\n1,2\n3,4,5,6,7\n8,,9\n';
  const { result, out } = await readOne('r.csv', text);
  assert.equal(out.records, 3);
  assert.equal(result.stats.malformedRecords, 2);
  assert.deepEqual(out.values, {
    a: ['1', '3', '8'],
    b: ['2', '4'],
    c: ['5', '9'],
    $column4: ['6'],
    $column5: ['7'],
  });
});

test('a bad row does not end the file: stray quotes are kept, an unclosed quote at the end is skipped', async () => {
  const text = 'a,b\n1,x"y"z\n2,"ok"\n3,"never closed\n';
  const { result, out } = await readOne('q.csv', text);
  assert.deepEqual(out.values['a'], ['1', '2']);
  assert.deepEqual(out.values['b'], ['x"y"z', 'ok']);
  assert.equal(result.stats.malformedRecords, 1, 'the skipped row');
  // A skipped row past where maxRecords stopped the read is not counted, though the parser met it.
  const stopped = await readOne('q.csv', text, { maxRecords: 1 });
  assert.equal(stopped.result.stats.stoppedBy, 'maxRecords');
  assert.equal(stopped.result.stats.malformedRecords, 0);
});

test('rows holding U+FFFD (invalid UTF-8) or NUL are read and counted as malformed', async () => {
  const head = 'name,email\n' + 'ann,ann@x.com\n'.repeat(1000);
  const { result, out } = await readOne('u.csv', `${head}b\ufffdb,b@x.com\nc\u0000,c@x.com\nd,d@x.com\n`);
  assert.equal(out.records, 1003);
  assert.equal(result.stats.malformedRecords, 2);
});

test('a record over MAX_LINE_CHARS is counted once and ends the file; the rows before it are kept', async () => {
  const text = `a,b\n1,2\n3,${'x'.repeat(MAX_LINE_CHARS + 10)}\n5,6\n`;
  const { result, out } = await readOne('long.csv', text, { maxBytes: 16 * 1024 * 1024 });
  assert.deepEqual(out.values['a'], ['1']);
  assert.equal(result.stats.malformedRecords, 1);
  assert.equal(result.stats.stoppedBy, undefined);
});

test('empty, duplicate and value-like header cells are named by position; a header of values is data', async () => {
  const named = await readOne('h.csv', 'id,,id,jane@x.com,2024\n1,2,3,4,5\n');
  assert.deepEqual(Object.keys(named.out.values), ['id', '$column2', '$column3', '$column4', '$column5']);
  const headerless = await readOne('d.csv', 'jane@x.com,555-0100\njoe@x.com,555-0101\n');
  assert.equal(headerless.out.records, 2);
  assert.deepEqual(headerless.out.values, {
    $column1: ['jane@x.com', 'joe@x.com'],
    $column2: ['555-0100', '555-0101'],
  });
});

test('semicolon CSV, TSV, and gzip CSV', async () => {
  const semicolon = await readOne('eu.csv', 'name;iban\nJan;DE89370400440532013000\n');
  assert.deepEqual(semicolon.out.values['iban'], ['DE89370400440532013000']);
  const tsv = await readOne('t.tsv', 'name\temail\nJane\tj@x.com, jr\n');
  assert.equal(tsv.result.format, 'tsv');
  assert.deepEqual(tsv.out.values, { name: ['Jane'], email: ['j@x.com, jr'] });
  const { gzipSync } = await import('node:zlib');
  const gz = await readOne('u.csv.gz', gzipSync('name,email\nJane,j@x.com\n'));
  assert.deepEqual(gz.out.values, { name: ['Jane'], email: ['j@x.com'] });
});

test('a record cut by the byte limit is dropped, even inside a quoted cell', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `u${i},u${i}@x.com,"note ${i}\nsecond line"`);
  const text = `name,email,note\n${rows.join('\n')}\n`;
  const maxBytes = 32 * 1024;
  const { result, out, store } = await readOne('big.csv', text, { maxBytes });
  assert.ok(store.bytesServed <= maxBytes);
  assert.equal(result.stats.stoppedBy, 'maxBytes');
  const notes = out.values['note'] ?? [];
  assert.equal(notes.length, out.records);
  assert.ok(notes.every((note) => note.endsWith('\nsecond line')));
  assert.deepEqual(out.values['email']?.at(-1), `u${out.records - 1}@x.com`);
});
