import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readObjectRecords } from '../../src/formats/index.js';
import { MemoryStore, OPTIONS, assertRead, collect, readOne } from './memory-store.js';

const line = (i: number) =>
  JSON.stringify({ id: i, user: { email: `u${i}@x.com` }, items: [{ sku: `S${i}` }] });

test('each line is a record walked by JSON path; map-like objects collapse with their keys kept', async () => {
  const text = [
    line(1),
    '',
    '{"users":{"jane@x.com":{"phone":"555-0100"},"joe@x.com":{"phone":"555-0101"}}}',
    line(2),
  ].join('\n');
  const { result, out } = await readOne('events.jsonl', text);
  assert.equal(result.format, 'jsonl');
  assert.equal(out.records, 3);
  assert.deepEqual(out.values, {
    '$.id': ['1', '2'],
    '$.user.email': ['u1@x.com', 'u2@x.com'],
    '$.items[*].sku': ['S1', 'S2'],
    '$.users.*.phone': ['555-0100', '555-0101'],
  });
  assert.deepEqual(out.keys, { '$.users.*': ['jane@x.com', 'joe@x.com'] });
  assert.deepEqual(result.stats, {
    records: 3,
    bytesRead: text.length,
    stoppedBy: undefined,
    unreadableTail: undefined,
    malformedRecords: 0,
    truncatedRecords: 0,
  });
});

test('a line that is not JSON is read as a text line; one that starts like JSON is counted as malformed', async () => {
  const text = `${line(1)}\nuser=jane@x.com oops not json\n{"broken":\n  [1, 2\n`;
  const { result, out } = await readOne('events.ndjson', text);
  assert.equal(out.records, 4);
  assert.deepEqual(out.values['user'], ['jane@x.com']);
  assert.deepEqual(out.values['$text'], ['oops not json', '{"broken":', '[1, 2']);
  assert.equal(result.stats.malformedRecords, 2);
});

test('batches hold batchRecords records; maxRecords stops reading and says so', async () => {
  const text = Array.from({ length: 25 }, (_, i) => line(i)).join('\n') + '\n';
  const exact = await readOne('e.jsonl', text, { batchRecords: 10, maxRecords: 25 });
  assert.deepEqual(exact.out.batches, [10, 10, 5]);
  assert.equal(exact.result.stats.stoppedBy, undefined, 'exactly maxRecords records is no early stop');
  const { result, out, store } = await readOne('e.jsonl', text, { batchRecords: 10, maxRecords: 12 });
  assert.deepEqual(out.batches, [10, 2]);
  assert.equal(result.stats.records, 12);
  assert.equal(result.stats.stoppedBy, 'maxRecords');
  assert.equal(store.openStreams, 0, 'stopping early closes the object stream');
});

test('a 50 MB object with maxBytes 64 KiB: only the range is read, the cut last line is dropped', async () => {
  const store = new MemoryStore();
  const lines: string[] = [];
  for (let size = 0, i = 0; size < 50 * 1024 * 1024; i++) {
    lines.push(line(i));
    size += (lines.at(-1) as string).length + 1;
  }
  const object = store.put('big.jsonl', lines.join('\n'));
  const maxBytes = 64 * 1024;
  const result = assertRead(await readObjectRecords(store, object, { ...OPTIONS, maxBytes }));
  const out = await collect(result);
  assert.ok(store.bytesServed <= maxBytes, `${store.bytesServed} bytes read`);
  assert.equal(result.stats.bytesRead, maxBytes);
  assert.equal(result.stats.stoppedBy, 'maxBytes');
  const whole = lines.join('\n').slice(0, maxBytes).split('\n').length - 1;
  assert.equal(out.records, whole);
  assert.equal(out.values['$.user.email']?.at(-1), `u${whole - 1}@x.com`);
  assert.ok(store.requests.every((request) => request.end <= maxBytes));
});

test('a last line without a line break is kept when the object was read to its end', async () => {
  const { out } = await readOne('e.jsonl', `${line(1)}\n${line(2)}`);
  assert.equal(out.records, 2);
});

test('long values are cut at maxValueBytes on a character boundary', async () => {
  const { out } = await readOne(
    'e.jsonl',
    `${JSON.stringify({ note: 'é'.repeat(20), big: 'x'.repeat(100) })}\n`,
    {
      maxValueBytes: 11,
    },
  );
  assert.deepEqual(out.values['$.note'], ['é'.repeat(5)]);
  assert.deepEqual(out.values['$.big'], ['x'.repeat(11)]);
});

test('invalid UTF-8 and NUL bytes past the head are decoded with replacement, never a crash', async () => {
  const head = new TextEncoder().encode(`${line(1)}\n`.repeat(400));
  const encode = (text: string) => [...new TextEncoder().encode(text)];
  const bad = [...encode('{"a":"x'), 0xff, 0xfe, ...encode('y"}\nuser=a'), 0x00, ...encode('b tail\n')];
  const { result, out } = await readOne('e.jsonl', Uint8Array.from([...head, ...bad]));
  assert.equal(out.records, 402);
  assert.equal(result.stats.malformedRecords, 2, 'the line with U+FFFD and the line with NUL');
  assert.deepEqual(out.values['$.a'], ['x\ufffd\ufffdy']);
  assert.deepEqual(out.values['user'], ['a\u0000b']);
  assert.deepEqual(out.values['$text'], ['tail']);
});

test('a batch is handed on early when its records are large, bounding memory', async () => {
  const big = `${JSON.stringify({ note: 'x'.repeat(1024 * 1024) })}\n`.repeat(20);
  const maxValueBytes = 2 * 1024 * 1024;
  for (const key of ['big-lines.jsonl', 'big-lines.json']) {
    const { result, out } = await readOne(key, big, { maxBytes: 64 * 1024 * 1024, maxValueBytes });
    // A first line longer than the sniffed head: JSON Lines if so named, else concatenated JSON (the same records).
    assert.equal(result.format, key.endsWith('.jsonl') ? 'jsonl' : 'json');
    assert.equal(out.records, 20);
    assert.deepEqual(out.batches, [16, 4]);
  }
});
