import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readObjectRecords } from '../../src/formats/index.js';
import { MAX_LINE_CHARS } from '../../src/formats/text-lines.js';
import { MemoryStore, OPTIONS, assertRead, collect } from './memory-store.js';

const MB = 1024 * 1024;

/**
 * `head`, then one ASCII character repeated, then `tail`, `size` bytes in all, made range by range
 * as it is read. `onRange` runs for each range made (to watch memory while the object streams).
 */
function repeatedBytes(head: string, char: string, tail: string, size: number, onRange: () => void) {
  const encoder = new TextEncoder();
  const [first, last] = [encoder.encode(head), encoder.encode(tail)];
  const tailStart = size - last.length;
  return (start: number, end: number): Uint8Array => {
    onRange();
    const bytes = new Uint8Array(Math.max(0, end - start)).fill(char.charCodeAt(0));
    if (start < first.length) bytes.set(first.subarray(start, end), 0);
    if (end > tailStart)
      bytes.set(
        last.subarray(Math.max(0, start - tailStart), end - tailStart),
        Math.max(0, tailStart - start),
      );
    return bytes;
  };
}

test('a 200 MB line is cut at MAX_LINE_CHARS, counted as malformed once, in bounded memory; the lines after it are read', async () => {
  const head = `${JSON.stringify({ email: 'before@x.com' })}\n{"note":"`;
  const tail = `"}\n${JSON.stringify({ email: 'after@x.com' })}\n`;
  const size = 200 * MB;
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  let ranges = 0;
  const watch = () => {
    if (ranges++ % 64 === 0) peak = Math.max(peak, process.memoryUsage.rss());
  };
  const store = new MemoryStore();
  const object = store.putGenerated('huge.jsonl', size, repeatedBytes(head, 'x', tail, size, watch));

  const options = { ...OPTIONS, maxBytes: size + 1, maxValueBytes: 2 * MAX_LINE_CHARS };
  const result = assertRead(await readObjectRecords(store, object, options));
  const out = await collect(result);

  assert.equal(result.format, 'jsonl');
  assert.deepEqual(result.stats, {
    records: 3,
    bytesRead: size,
    stoppedBy: undefined,
    unreadableTail: undefined,
    // Cut, and (being cut) not JSON: still one malformed record.
    malformedRecords: 1,
    truncatedRecords: 0,
  });
  assert.deepEqual(out.values['$.email'], ['before@x.com', 'after@x.com']);
  const [cutLine] = out.values['$text'] ?? [];
  assert.equal(cutLine?.length, MAX_LINE_CHARS, 'the line is kept up to the cap');
  assert.ok(cutLine?.startsWith('{"note":"xxx'));
  assert.equal(store.openStreams, 0);
  const growth = (peak - baseline) / MB;
  assert.ok(growth < 120, `resident memory grew by ${growth.toFixed(0)} MB while reading 200 MB`);
});
