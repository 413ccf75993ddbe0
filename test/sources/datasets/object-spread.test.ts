import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectSpread } from '../../../src/sources/datasets/object-spread.js';

function spreadOf(count: number, size: number): ObjectSpread<number> {
  const spread = new ObjectSpread<number>(size);
  for (let i = 0; i < count; i++) spread.add(i);
  return spread;
}

test('a short stream is kept whole, in arrival order', () => {
  assert.deepEqual(spreadOf(5, 10).items(), [0, 1, 2, 3, 4]);
  assert.deepEqual(spreadOf(5, 10).items(3), [0, 1, 2, 4]);
});

test('a long stream keeps an even spread within 2 × size + 1 items', () => {
  const spread = spreadOf(1_000_000, 10);
  assert.ok(spread.retained <= 21, `retained ${spread.retained}`);
  const items = spread.items();
  assert.equal(items.length, 10);
  assert.equal(items[0], 0);
  // Spread over the whole stream, no gap more than twice another.
  const gaps = items.slice(1).map((item, i) => item - (items[i] as number));
  assert.ok(Math.max(...gaps) <= 2 * Math.min(...gaps), gaps.join(' '));
  assert.ok((items.at(-1) as number) > 800_000);
});

test('the same stream gives the same spread', () => {
  assert.deepEqual(spreadOf(12_345, 7).items(), spreadOf(12_345, 7).items());
});

test('size 0 keeps nothing', () => {
  const spread = spreadOf(100, 0);
  assert.equal(spread.retained, 0);
  assert.deepEqual(spread.items(), []);
});
