import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SNIFF_BYTES, readObjectRecords } from '../../src/formats/index.js';
import { MemoryStore, OPTIONS, readOne } from './memory-store.js';

test('binary objects are skipped after reading only their head', async () => {
  const store = new MemoryStore();
  const png = new Uint8Array(1024 * 1024);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const object = store.put('img/avatar.png', png);
  assert.deepEqual(await readObjectRecords(store, object, OPTIONS), {
    skipped: 'binary content (PNG image)',
  });
  assert.equal(store.bytesServed, SNIFF_BYTES);
  assert.deepEqual(await readObjectRecords(store, store.put('empty.log', ''), OPTIONS), {
    skipped: 'empty object',
  });
});

test('the head is not fetched twice: a small object costs its size; maxBytes below the head size holds', async () => {
  const text = 'user=a@x.com\n'.repeat(2000);
  const whole = await readOne('app.log', text);
  assert.equal(whole.store.bytesServed, text.length);
  assert.equal(whole.result.stats.bytesRead, text.length);
  assert.deepEqual(
    whole.store.requests.map(({ kind, start, end }) => [kind, start, end]),
    [
      ['read', 0, SNIFF_BYTES],
      ['stream', SNIFF_BYTES, text.length],
    ],
  );
  const small = await readOne('app.log', text, { maxBytes: 100 });
  assert.equal(small.store.bytesServed, 100);
  assert.equal(small.out.records, 7);
  assert.equal(small.result.stats.stoppedBy, 'maxBytes');
});

test('stopping the iteration early ends the reads', async () => {
  const store = new MemoryStore();
  const object = store.put('app.log', 'user=a@x.com\n'.repeat(200_000));
  const result = await readObjectRecords(store, object, {
    ...OPTIONS,
    maxBytes: 10 * 1024 * 1024,
    batchRecords: 10,
  });
  if ('skipped' in result) throw new Error(result.skipped);
  for await (const batch of result.batches) {
    assert.equal(batch.records, 10);
    break;
  }
  assert.equal(store.openStreams, 0);
  assert.ok(store.bytesServed < 1024 * 1024, `${store.bytesServed} bytes read`);
});
