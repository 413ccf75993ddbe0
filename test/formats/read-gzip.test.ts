import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MAX_DECOMPRESSED_BYTES, readObjectRecords } from '../../src/formats/index.js';
import { MemoryStore, OPTIONS, assertRead, collect, readOne } from './memory-store.js';

/** Lines that do not compress well, so a byte limit cuts the gzip stream part way. */
const lines = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      i,
      email: `u${i}@x.com`,
      pad: createHash('sha256').update(String(i)).digest('hex').slice(0, 48),
    }),
  );

test('gzip JSON Lines is read whole, by magic bytes, with or without .gz', async () => {
  const text = lines(100).join('\n') + '\n';
  for (const key of ['part-0001.jsonl.gz', 'part-0001']) {
    const { result, out } = await readOne(key, gzipSync(text));
    assert.equal(result.format, 'jsonl');
    assert.equal(result.gzip, true);
    assert.equal(out.records, 100);
    assert.equal(result.stats.stoppedBy, undefined);
    assert.equal(result.stats.unreadableTail, undefined);
  }
});

test('concatenated gzip members are read as one stream', async () => {
  const member = (from: number) => gzipSync(`{"n":"${from}"}\n{"n":"${from + 1}"}\n`);
  const { out } = await readOne('logs.jsonl.gz', Buffer.concat([member(1), member(3)]));
  assert.deepEqual(out.values['$.n'], ['1', '2', '3', '4']);
});

test('a gzip cut off by maxBytes ends quietly, keeping the records decoded so far', async () => {
  const all = lines(5000);
  const gz = gzipSync(all.join('\n') + '\n');
  const maxBytes = 32 * 1024;
  const { result, out, store } = await readOne('big.jsonl.gz', gz, { maxBytes });
  assert.ok(gz.length > maxBytes * 4);
  assert.ok(store.bytesServed <= maxBytes);
  assert.equal(result.stats.stoppedBy, 'maxBytes');
  assert.equal(result.stats.unreadableTail, undefined);
  assert.ok(out.records > 100 && out.records < 5000, `${out.records} records`);
  // Every record kept is whole: the cut last line was dropped.
  assert.deepEqual(
    out.values['$.email'],
    all.slice(0, out.records).map((_, i) => `u${i}@x.com`),
  );
});

test('a gzip object that is itself truncated ends quietly and says so', async () => {
  const gz = gzipSync(lines(3000).join('\n') + '\n');
  const { result, out } = await readOne('broken.jsonl.gz', gz.subarray(0, gz.length - 1000));
  assert.ok(out.records > 0);
  assert.equal(result.stats.stoppedBy, undefined);
  assert.equal(result.stats.unreadableTail, 'gzip stream ends early');
});

test('a gzip bomb stops at the decompressed cap', async () => {
  const maxDecompressedBytes = 4 * 1024 * 1024 + 512;
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, `${'a'.repeat(1023)}\n`));
  assert.ok(bomb.length * 300 < 64 * 1024 * 1024, 'a bomb: 300× or more');
  const started = performance.now();
  const { result, out } = await readOne('bomb.log.gz', bomb, { maxDecompressedBytes, maxRecords: Infinity });
  assert.equal(result.stats.stoppedBy, 'maxDecompressedBytes');
  assert.equal(out.records, 4096, 'the line cut by the cap is dropped');
  assert.ok(performance.now() - started < 10_000);
  assert.ok(MAX_DECOMPRESSED_BYTES >= 16 * 1024 * 1024, 'the default cap leaves room for real data');
});

test('corrupt gzip data part way ends quietly and says so', async () => {
  const gz = Buffer.from(gzipSync(lines(3000).join('\n') + '\n'));
  for (let i = 0; i < 64; i++) gz[Math.floor(gz.length / 2) + i] = 0xff;
  const { result, out } = await readOne('corrupt.jsonl.gz', gz);
  assert.ok(out.records > 0 && out.records < 3000, `${out.records} records`);
  assert.equal(result.stats.unreadableTail, 'corrupt gzip data');
});

test('an error of the store part way is not mistaken for a broken gzip: it reaches the caller', async () => {
  class FailingStore extends MemoryStore {
    override async stream(): Promise<AsyncIterable<Uint8Array>> {
      return (async function* () {
        yield new Uint8Array(0);
        throw new Error('connection reset');
      })();
    }
  }
  const store = new FailingStore();
  const object = store.put('a.jsonl.gz', gzipSync(lines(3000).join('\n')));
  const result = assertRead(await readObjectRecords(store, object, OPTIONS));
  await assert.rejects(collect(result), /connection reset/);
});
