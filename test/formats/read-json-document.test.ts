import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readOne } from './memory-store.js';

const item = (i: number) => ({ id: i, user: { email: `u${i}@x.com` }, tags: ['a', 'b'] });

test('a top-level array is read item by item, under $[*]', async () => {
  const text = JSON.stringify(
    Array.from({ length: 5 }, (_, i) => item(i)),
    null,
    2,
  );
  const { result, out } = await readOne('users.json', text, { batchRecords: 2 });
  assert.equal(result.format, 'json');
  assert.deepEqual(out.batches, [2, 2, 1]);
  assert.deepEqual(out.values['$[*].user.email'], [
    'u0@x.com',
    'u1@x.com',
    'u2@x.com',
    'u3@x.com',
    'u4@x.com',
  ]);
  assert.deepEqual(out.values['$[*].tags[*]']?.length, 10);
  assert.equal(result.stats.stoppedBy, undefined);
});

test('an array larger than maxBytes yields the items read before the cut; the cut item is dropped', async () => {
  const items = Array.from({ length: 20_000 }, (_, i) => item(i));
  const text = JSON.stringify(items, null, 1);
  const maxBytes = 64 * 1024;
  const { result, out, store } = await readOne('big.json', text, { maxBytes });
  assert.ok(store.bytesServed <= maxBytes);
  assert.equal(result.stats.stoppedBy, 'maxBytes');
  assert.equal(result.stats.unreadableTail, undefined);
  assert.equal(result.stats.malformedRecords, 0, 'an item cut by a limit is not malformed');
  const inRange = text.slice(0, maxBytes).split('\n  }').length - 1;
  assert.equal(out.records, inRange);
  assert.equal(out.values['$[*].user.email']?.at(-1), `u${inRange - 1}@x.com`);
});

test('maxRecords stops an array part way', async () => {
  const text = JSON.stringify(Array.from({ length: 100 }, (_, i) => item(i)));
  const { result, out } = await readOne('a.json', text, { maxRecords: 10 });
  assert.equal(out.records, 10);
  assert.equal(result.stats.stoppedBy, 'maxRecords');
});

test('a top-level object is one record; one cut short is kept as far as it was read', async () => {
  const whole = await readOne(
    'config.json',
    JSON.stringify({ owner: { email: 'o@x.com' }, users: [item(1)] }, null, 2),
  );
  assert.equal(whole.out.records, 1);
  assert.deepEqual(whole.out.values['$.owner.email'], ['o@x.com']);
  assert.deepEqual(whole.out.values['$.users[*].user.email'], ['u1@x.com']);

  const users = Array.from({ length: 10_000 }, (_, i) => item(i));
  const text = JSON.stringify({ owner: 'o@x.com', users }, null, 1);
  const { result, out } = await readOne('dump.json', text, { maxBytes: 32 * 1024 });
  assert.equal(out.records, 1);
  assert.equal(result.stats.stoppedBy, 'maxBytes');
  assert.deepEqual(out.values['$.owner'], ['o@x.com']);
  const emails = out.values['$.users[*].user.email'] ?? [];
  assert.ok(emails.length > 100 && emails.length < 10_000);
});

test('invalid JSON ends the read quietly with the records before it', async () => {
  const text = `[${JSON.stringify(item(1))},\n${JSON.stringify(item(2))},\n{"id": 3, oops}]`;
  const { result, out } = await readOne('bad.json', text);
  assert.equal(out.records, 2);
  assert.equal(result.stats.unreadableTail, 'invalid JSON');
  assert.equal(result.stats.malformedRecords, 1, 'the invalid item; the rest is the unreadable tail');
});

test('a record holding U+FFFD (invalid UTF-8 inside a string) is read and counted as malformed', async () => {
  const encode = (text: string) => [...new TextEncoder().encode(text)];
  const head = encode(`[${JSON.stringify(Array.from({ length: 200 }, (_, i) => item(i))).slice(1, -1)},`);
  const bytes = [...head, ...encode('{"name":"b'), 0xff, ...encode('b"},{"name":"c"}]')];
  const { result, out } = await readOne('u.json', Uint8Array.from(bytes));
  assert.equal(out.records, 202);
  assert.deepEqual(out.values['$[*].name'], ['b\ufffdb', 'c']);
  assert.equal(result.stats.malformedRecords, 1);
  assert.equal(result.stats.unreadableTail, undefined);
});

test('concatenated and pretty-printed documents are records one after another; scalars are no records', async () => {
  const text = `{\n "a": "1"\n}\n{\n "a": "2"\n}\n"just a string"\n[\n "x@y.com", 42, null\n]\n`;
  const { out } = await readOne('stream.json', text);
  assert.equal(out.records, 5);
  assert.deepEqual(out.values['$.a'], ['1', '2']);
  assert.deepEqual(out.values['$[*]'], ['x@y.com', '42']);
});

test('JSON nested 10,000 levels deep does not crash, as an item or as the whole document', async () => {
  const deep = '['.repeat(10_000) + '"deep"' + ']'.repeat(10_000);
  const items = await readOne('deep.json', `[{"email":"a@x.com"}, ${deep}, {"email":"b@x.com"}]`);
  assert.equal(items.out.records, 3);
  assert.deepEqual(items.out.values['$[*].email'], ['a@x.com', 'b@x.com']);
  const objects = '{"a":'.repeat(10_000) + '"deep"' + '}'.repeat(10_000);
  const document = await readOne('deep-object.json', objects);
  assert.equal(document.out.records, 1);
  const cut = await readOne('deep-cut.json', objects, { maxBytes: 20_000 });
  assert.equal(cut.out.records, 1);
});

test('long strings are cut to maxValueBytes', async () => {
  const { out } = await readOne('a.json', JSON.stringify([{ note: 'x'.repeat(100_000) }]), {
    maxValueBytes: 1000,
  });
  assert.equal(out.values['$[*].note']?.[0]?.length, 1000);
});
