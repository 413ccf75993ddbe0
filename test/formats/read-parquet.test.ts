import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { readObjectRecords } from '../../src/formats/index.js';
import { MemoryStore, OPTIONS, assertRead, collect, readOne } from './memory-store.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function parquet(
  columnData: ColumnSource[],
  options: Omit<Parameters<typeof parquetWriteBuffer>[0], 'columnData'> = {},
) {
  return new Uint8Array(parquetWriteBuffer({ columnData, ...options }));
}

test('flat columns are fields named by column; values as text; binary and booleans skipped', async () => {
  const file = parquet([
    { name: 'email', data: ['a@x.com', null, 'c@x.com'], type: 'STRING' },
    { name: 'age', data: [31, 42, 53], type: 'INT32' },
    { name: 'card', data: [4111111111111111n, 5500000000000004n, 0n], type: 'INT64' },
    { name: 'seen', data: [new Date(Date.UTC(2026, 10, 23, 10)), null, null], type: 'TIMESTAMP' },
    { name: 'photo', data: [Uint8Array.from([0x89, 0x50, 0xff, 0]), null, null], type: 'BYTE_ARRAY' },
    { name: 'legacy_text', data: [new TextEncoder().encode('jane doe'), null, null], type: 'BYTE_ARRAY' },
    { name: 'active', data: [true, false, true], type: 'BOOLEAN' },
  ]);
  const { result, out } = await readOne('t/users.parquet', file);
  assert.equal(result.format, 'parquet');
  assert.equal(out.records, 3);
  assert.deepEqual(out.values, {
    email: ['a@x.com', 'c@x.com'],
    age: ['31', '42', '53'],
    card: ['4111111111111111', '5500000000000004', '0'],
    seen: ['2026-11-23T10:00:00.000Z'],
    legacy_text: ['jane doe'],
  });
  assert.equal(result.stats.stoppedBy, undefined);
  assert.equal(result.stats.malformedRecords, 0);
});

test('dates are ISO dates; structs, lists and JSON columns become JSON paths rooted at the column', async () => {
  const schema: SchemaElement[] = [
    { name: 'root', num_children: 4 },
    { name: 'birth', type: 'INT32', converted_type: 'DATE', repetition_type: 'OPTIONAL' },
    { name: 'address', repetition_type: 'OPTIONAL', num_children: 1 },
    { name: 'city', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
    { name: 'profile', type: 'BYTE_ARRAY', converted_type: 'JSON', repetition_type: 'OPTIONAL' },
  ];
  const file = parquet(
    [
      { name: 'birth', data: [new Date(Date.UTC(1990, 4, 1)), new Date(Date.UTC(1985, 0, 31))] },
      { name: 'address', data: [{ city: 'Paris' }, { city: 'Oslo' }] },
      { name: 'tags', data: [['vip', 'eu'], []] },
      { name: 'profile', data: [{ users: { 'jane@x.com': { phone: '555-0100' } } }, { nick: 'jo' }] },
    ],
    { schema },
  );
  const { out } = await readOne('nested.parquet', file);
  assert.deepEqual(out.values, {
    birth: ['1990-05-01', '1985-01-31'],
    '$.address.city': ['Paris', 'Oslo'],
    '$.tags[*]': ['vip', 'eu'],
    '$.profile.users.*.phone': ['555-0100'],
    '$.profile.nick': ['jo'],
  });
  assert.deepEqual(out.keys, { '$.profile.users.*': ['jane@x.com'] });
});

test('gzip and brotli column chunks are decompressed', async () => {
  for (const [codec, compress] of [
    ['GZIP', (input: Uint8Array) => new Uint8Array(gzipSync(input))],
    ['BROTLI', (input: Uint8Array) => new Uint8Array(brotliCompressSync(input))],
  ] as const) {
    const file = parquet([{ name: 'email', data: range(100).map((i) => `u${i}@x.com`), type: 'STRING' }], {
      codec,
      compressors: { [codec]: compress },
    });
    const { out } = await readOne('c.parquet', file);
    assert.equal(out.values['email']?.length, 100, codec);
  }
});

test('at most maxRecords rows, from row groups spread over the file; fewer bytes read than the file', async () => {
  const rows = 20_000;
  const file = parquet(
    [
      { name: 'email', data: range(rows).map((i) => `user${i}@example.com`), type: 'STRING' },
      {
        name: 'note',
        data: range(rows).map((i) => `note ${i} ${'x'.repeat(40)} ${i * 7919}`),
        type: 'STRING',
      },
    ],
    { rowGroupSize: 1000 },
  );
  const store = new MemoryStore();
  const object = store.put('big.parquet', file);
  const result = assertRead(
    await readObjectRecords(store, object, {
      ...OPTIONS,
      maxRecords: 3000,
      batchRecords: 500,
      maxBytes: 1024,
    }),
  );
  const out = await collect(result);
  assert.equal(out.records, 3000);
  assert.deepEqual(out.batches, [500, 500, 500, 500, 500, 500]);
  assert.equal(result.stats.stoppedBy, 'maxRecords');
  // Three whole row groups, evenly spaced: rows 0–999, 6000–6999, 13000–13999 (groups 0, 6, 13).
  const emails = out.values['email'] ?? [];
  assert.deepEqual(
    [emails[0], emails[1000], emails[2000]],
    ['user0@example.com', 'user6000@example.com', 'user13000@example.com'],
  );
  assert.equal(result.stats.bytesRead, store.bytesServed);
  assert.ok(store.bytesServed < file.length / 3, `${store.bytesServed} of ${file.length} bytes read`);
  assert.ok(store.requests.every((request) => request.kind === 'read'));
});

test('a Parquet file that cannot be read fails with a SourceError naming the key', async () => {
  const store = new MemoryStore();
  const object = store.put(
    'bad.parquet',
    new Uint8Array([...new TextEncoder().encode('PAR1'), 1, 2, 3, 4, 5, 6, 7, 8]),
  );
  const result = assertRead(await readObjectRecords(store, object, OPTIONS));
  await assert.rejects(
    collect(result),
    (error: Error) => error.name === 'SourceError' && error.message.startsWith('bad.parquet: '),
  );
});
