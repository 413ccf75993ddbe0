import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitPairs } from '../../src/formats/key-value-pairs.js';
import { MAX_LINE_CHARS, type TextLine, textLines } from '../../src/formats/text-lines.js';
import { readOne } from './memory-store.js';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

test('key=value, key="quoted value" and key=\'v\' pairs are fields; the rest is $text', () => {
  assert.deepEqual(
    splitPairs(
      `2026-11-23T10:00:00Z INFO login user=jane@x.com name="Jane \\"JD\\" Doe" ip='10.0.0.1' empty= ok`,
    ),
    {
      pairs: [
        ['user', 'jane@x.com'],
        ['name', 'Jane "JD" Doe'],
        ['ip', '10.0.0.1'],
      ],
      rest: '2026-11-23T10:00:00Z INFO login ok',
    },
  );
  assert.deepEqual(splitPairs('msg="never closed and more'), {
    pairs: [['msg', 'never closed and more']],
    rest: '',
  });
  // Not keys: URLs, a bare `=`, id-like keys, keys that are too long.
  assert.deepEqual(splitPairs('GET /a?x=1&y=2 =x 3d2f1a9c8b7e6d5f=secret'), {
    pairs: [],
    rest: 'GET /a?x=1&y=2 =x 3d2f1a9c8b7e6d5f=secret',
  });
  assert.deepEqual(splitPairs(`${'k'.repeat(65)}=v http.status_code=200 req-id=abc`).pairs, [
    ['http.status_code', '200'],
    ['req-id', 'abc'],
  ]);
});

test('log lines: JSON lines walked, prefix + JSON split, pairs and $text', async () => {
  const text = [
    '2026-11-23T10:00:00Z INFO {"user":{"email":"jane@x.com"},"ok":true}',
    '{"user":{"email":"joe@x.com"}}',
    'Nov 23 10:00:01 host sshd[42]: Accepted password for bob from 10.1.2.3 port=22',
    '   ',
    'level=warn msg="card 4111 1111 1111 1111 declined" user=ann@x.com',
    'rate {limit} exceeded }',
  ].join('\n');
  const { result, out } = await readOne('app.log', text);
  assert.equal(result.format, 'text');
  assert.equal(out.records, 5, 'the blank line is no record');
  assert.equal(result.stats.malformedRecords, 0);
  assert.deepEqual(out.values, {
    '$.user.email': ['jane@x.com', 'joe@x.com'],
    $text: [
      '2026-11-23T10:00:00Z INFO',
      'Nov 23 10:00:01 host sshd[42]: Accepted password for bob from 10.1.2.3',
      'rate {limit} exceeded }',
    ],
    port: ['22'],
    level: ['warn'],
    msg: ['card 4111 1111 1111 1111 declined'],
    user: ['ann@x.com'],
  });
});

test('rotated and gzip-rotated logs are read as text', async () => {
  const { gzipSync } = await import('node:zlib');
  for (const [key, content] of [
    ['app.log.1', 'user=a@x.com\n'],
    ['app.log.2.gz', gzipSync('user=a@x.com\n')],
  ] as const) {
    const { result, out } = await readOne(key, content);
    assert.equal(result.format, 'text', key);
    assert.deepEqual(out.values['user'], ['a@x.com'], key);
  }
});

test('hostile lines are parsed in linear time', async () => {
  const hostile = [
    `k="${'\\"'.repeat(200_000)}`,
    `${'a='.repeat(200_000)}`,
    `${'{'.repeat(100_000)}x ${'}'.repeat(100_000)}`,
    `prefix ${'{"a":'.repeat(50_000)}`,
    `${'x'.repeat(500_000)}=`,
  ].join('\n');
  const started = performance.now();
  const { out } = await readOne('hostile.log', hostile, { maxBytes: 10 * 1024 * 1024 });
  assert.equal(out.records, 5);
  assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
});

test('malformed log lines are read and counted: cut at MAX_LINE_CHARS, U+FFFD or NUL; a `{` line is not', async () => {
  const long = 'y'.repeat(MAX_LINE_CHARS + 10);
  // Past the sniffed head: NUL bytes there would have the object skipped as binary.
  const head = 'level=info msg=ok\n'.repeat(1000);
  const text =
    head +
    [
      'user=a@x.com',
      '{limit} exceeded',
      `user=b${'\ufffd'}@x.com`,
      `pad\u0000\u0000`,
      long,
      'user=c@x.com',
    ].join('\n');
  const { result, out } = await readOne('app.log', text, { maxBytes: 16 * 1024 * 1024 });
  assert.equal(out.records, 1006);
  assert.equal(result.stats.malformedRecords, 3);
  assert.deepEqual(out.values['user'], ['a@x.com', 'b\ufffd@x.com', 'c@x.com']);
});

test('a line of exactly MAX_LINE_CHARS is whole; one character more is cut', async () => {
  const lines = async (text: string) => {
    const read: TextLine[] = [];
    for await (const line of textLines(chunked(text, 100_000), () => true)) read.push(line);
    return read.map(({ text: line, cut }) => [line.length, cut]);
  };
  const exact = 'z'.repeat(MAX_LINE_CHARS);
  assert.deepEqual(await lines(`${exact}\r\na\n${exact}z\nb`), [
    [MAX_LINE_CHARS, false],
    [1, false],
    [MAX_LINE_CHARS, true],
    [1, false],
  ]);
});
