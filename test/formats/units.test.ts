import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchBuilder, MAX_FIELDS_PER_BATCH } from '../../src/formats/batch-builder.js';
import { JsonRecordText } from '../../src/formats/json-record-text.js';
import { keyExtension } from '../../src/formats/object-key-extension.js';
import { pickRowRanges } from '../../src/formats/parquet-row-groups.js';
import { Utf8Cutter } from '../../src/formats/utf8-cut.js';
import { jsonParser } from 'stream-json/parser.js';

test('keyExtension: the extension under .gz and rotation or date suffixes', () => {
  const cases: [string, string][] = [
    ['app.log', 'log'],
    ['var/log/app.log.1', 'log'],
    ['app.log.2.gz', 'log'],
    ['app.log-20261123', 'log'],
    ['app.log.2026-11-23.gz', 'log'],
    ['logs/dt=2026-11-23/part-0001.jsonl.gz', 'jsonl'],
    ['users.CSV', 'csv'],
    ['README', ''],
    ['.hidden', ''],
    ['report-2024', ''],
  ];
  for (const [key, extension] of cases) assert.equal(keyExtension(key), extension, key);
});

test('Utf8Cutter cuts at a character boundary, never inside a surrogate pair', () => {
  const cutter = new Utf8Cutter(5);
  assert.equal(cutter.cut('abc'), 'abc');
  assert.equal(cutter.cut('abcdefgh'), 'abcde');
  assert.equal(cutter.cut('ééé'), 'éé');
  assert.equal(cutter.cut('a😀b'), 'a😀');
  assert.equal(cutter.cut('ab😀'), 'ab');
});

test('BatchBuilder keeps at most MAX_FIELDS_PER_BATCH distinct fields', () => {
  const builder = new BatchBuilder(100);
  for (let i = 0; i < MAX_FIELDS_PER_BATCH + 10; i++) builder.addValue(`k${i}`, 'v');
  builder.endRecord();
  const batch = builder.take();
  assert.equal(batch.values.size, MAX_FIELDS_PER_BATCH);
  assert.equal(builder.take().records, 0, 'take starts afresh');
});

test('pickRowRanges: all rows when they fit; else whole groups spread out, the last in part', () => {
  assert.deepEqual(pickRowRanges([10, 10], 100), [
    { rowStart: 0, rowEnd: 10, wholeGroup: true },
    { rowStart: 10, rowEnd: 20, wholeGroup: true },
  ]);
  assert.deepEqual(pickRowRanges([1_000_000], 500), [{ rowStart: 0, rowEnd: 500, wholeGroup: false }]);
  assert.deepEqual(pickRowRanges([100, 100, 100, 100], 150), [
    { rowStart: 0, rowEnd: 100, wholeGroup: true },
    { rowStart: 200, rowEnd: 250, wholeGroup: false },
  ]);
  // Uneven groups: the budget is filled from further groups in order.
  assert.deepEqual(pickRowRanges([10, 1000, 10, 10], 30), [
    { rowStart: 0, rowEnd: 10, wholeGroup: true },
    { rowStart: 10, rowEnd: 30, wholeGroup: false },
  ]);
  assert.deepEqual(pickRowRanges([], 10), []);
});

function textOf(json: string, limits = { maxDepth: 64, maxChars: 1_000_000, maxStringLength: 1000 }): string {
  const record = new JsonRecordText(limits);
  const tokens = jsonParser({ packValues: true, streamValues: false })(json);
  if (typeof tokens !== 'symbol') for (const token of tokens.values) record.write(token);
  return record.text();
}

test('JsonRecordText writes tokens back as JSON, within its limits, closing what is open', () => {
  const json = '{"a":[1,"x",{"b":null,"c":true}],"d":{},"e":[]}';
  assert.equal(textOf(json), json);
  assert.equal(
    textOf('{"a":{"b":{"c":{"d":1}}},"e":2}', { maxDepth: 2, maxChars: 1000, maxStringLength: 10 }),
    '{"a":{"b":null},"e":2}',
  );
  assert.equal(textOf('[[[[1]]],2]', { maxDepth: 2, maxChars: 1000, maxStringLength: 10 }), '[[],2]');
  assert.equal(
    textOf('{"s":"abcdefgh"}', { maxDepth: 5, maxChars: 1000, maxStringLength: 3 }),
    '{"s":"abc"}',
  );
  assert.equal(textOf('[1,2,3,4,5,6,7,8,9]', { maxDepth: 5, maxChars: 6, maxStringLength: 3 }), '[1,2,3,4]');
  assert.equal(
    textOf('{"a":1,"b":{"c":2},"d":3}', { maxDepth: 5, maxChars: 6, maxStringLength: 3 }),
    '{"a":1,"b":null}',
  );
  // A record cut short (the parser waits for more): still valid JSON.
  assert.equal(textOf('{"a":[1,{"b":"x"'), '{"a":[1,{"b":"x"}]}');
  assert.equal(textOf('{"a":{"b":'), '{"a":{"b":null}}');
});
