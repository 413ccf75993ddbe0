// batchFromStrings: every value's UTF-8 bytes, each followed by the 0xFF separator, whether the
// batch takes the all-ASCII path (one join) or is encoded value by value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VALUE_SEPARATOR, batchFromStrings } from '../../src/detection/value-batch.js';

/** The batch as built by hand: each value encoded on its own, then the separator. */
function expected(values: string[]): { bytes: Buffer; starts: number[]; ends: number[] } {
  const parts: Buffer[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const value of values) {
    const bytes = Buffer.from(value, 'utf8');
    starts.push(offset);
    ends.push(offset + bytes.length);
    parts.push(bytes, Buffer.of(VALUE_SEPARATOR));
    offset += bytes.length + 1;
  }
  return { bytes: Buffer.concat(parts), starts, ends };
}

function assertBatchOf(values: string[]): void {
  const batch = batchFromStrings(values);
  const want = expected(values);
  assert.equal(batch.count, values.length);
  assert.deepEqual([...batch.starts], want.starts);
  assert.deepEqual([...batch.ends], want.ends);
  assert.ok(batch.bytes.equals(want.bytes), JSON.stringify(values));
}

test('ASCII values, including newlines, tabs and empty strings inside the batch', () => {
  assertBatchOf(['jane@example.com', '(415) 555-0100', 'line\nbreak', '', 'tab\there', '\n', 'x']);
  assertBatchOf([]);
  assertBatchOf(['only']);
});

test('values past ASCII: Latin-1, multi-byte, astral and lone surrogates', () => {
  assertBatchOf(['José', 'plain']);
  assertBatchOf(['plain', 'Zoë\u00ff', '€ 12', '😀 jane@example.com']);
  assertBatchOf(['broken \ud800 half', 'ok']);
});

test('random mixes agree with value-by-value encoding', () => {
  const alphabet = ['a', 'Z', '0', '@', ' ', '\n', '\t', 'é', 'ÿ', '€', '😀', '\u0000', '\u007f'];
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < 300; round++) {
    const asciiOnly = round % 2 === 0;
    const values = Array.from({ length: Math.floor(random() * 20) }, () =>
      Array.from({ length: Math.floor(random() * 12) }, () => {
        const pool = asciiOnly ? alphabet.filter((c) => c.charCodeAt(0) < 0x80) : alphabet;
        return pool[Math.floor(random() * pool.length)] as string;
      }).join(''),
    );
    assertBatchOf(values);
  }
});
