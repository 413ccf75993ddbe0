import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIdLikeKey } from '../../src/sampling/json-map-keys.js';
import {
  JsonPathValues,
  type JsonWalkLimits,
  lastKeyOf,
  walkJsonValue,
} from '../../src/sampling/json-paths.js';

function walk(texts: string | string[], limits?: JsonWalkLimits): JsonPathValues {
  const out = new JsonPathValues();
  for (const text of [texts].flat()) assert.equal(walkJsonValue(text, out, limits), true, text);
  return out;
}

const entries = (map: Map<string, string[]>) => Object.fromEntries(map);

test('nested objects give one path per leaf; numbers as text; booleans and null skipped', () => {
  const out = walk('{"user":{"email":"j@x.com","age":42,"score":-1.5e3,"ok":true,"nick":null,"note":""}}');
  assert.deepEqual(entries(out.values), {
    '$.user.email': ['j@x.com'],
    '$.user.age': ['42'],
    '$.user.score': ['-1500'],
    '$.user.note': [''],
  });
  assert.equal(out.keys.size, 0);
  assert.equal(out.texts, 1);
  assert.equal(out.truncated, 0);
});

test('values accumulate per path across texts, in order', () => {
  const out = walk(['{"a":"1"}', '{"a":"2","b":3}', '{"a":"3"}']);
  assert.deepEqual(entries(out.values), { '$.a': ['1', '2', '3'], '$.b': ['3'] });
  assert.equal(out.texts, 3);
});

test('integers too long for a JS number keep their digits; digits inside strings are untouched', () => {
  const out = walk(
    '{"card":6759649826438453123,"id":12345678901234567890.5,"n":9007199254740993,"s":"x 12345678901234567890","small":1e2}',
  );
  assert.deepEqual(entries(out.values), {
    '$.card': ['6759649826438453123'],
    '$.id': ['12345678901234567890.5'],
    '$.n': ['9007199254740993'],
    '$.s': ['x 12345678901234567890'],
    '$.small': ['100'],
  });
});

test('hostile text with a long digit run and an unclosed string is rejected quickly', () => {
  const hostile = `{"n":1234567890123456789,"s":"${'\\"'.repeat(200_000)}`;
  const started = performance.now();
  assert.equal(walkJsonValue(hostile, new JsonPathValues()), false);
  assert.ok(performance.now() - started < 1000);
  const escaped = walk(JSON.stringify({ s: '"'.repeat(10), n: 1 }).replace('1}', '12345678901234567890}'));
  assert.deepEqual(entries(escaped.values), { '$.s': ['"'.repeat(10)], '$.n': ['12345678901234567890'] });
});

test('arrays of objects use [*]; root arrays and nested arrays too', () => {
  const out = walk('{"items":[{"email":"a@x.com"},{"email":"b@x.com","tags":["t1",["t2"]]}]}');
  assert.deepEqual(entries(out.values), {
    '$.items[*].email': ['a@x.com', 'b@x.com'],
    '$.items[*].tags[*]': ['t1'],
    '$.items[*].tags[*][*]': ['t2'],
  });
  assert.deepEqual(entries(walk('[1,"a",{"b":"c"}]').values), { '$[*]': ['1', 'a'], '$[*].b': ['c'] });
});

test('map-like objects keyed by numeric ids, UUIDs and emails collapse to *, keys kept apart', () => {
  const byNumber = walk('{"users":{"17":{"email":"a@x.com"},"42":{"email":"b@x.com"}}}');
  assert.deepEqual(entries(byNumber.values), { '$.users.*.email': ['a@x.com', 'b@x.com'] });
  assert.deepEqual(entries(byNumber.keys), { '$.users.*': ['17', '42'] });

  const byUuid = walk(
    '{"sessions":{"3f2b8c1e-9d4a-4e6b-8a2f-1c3d5e7f9a0b":{"ip":"81.2.69.142"},"A1B2C3D4-0000-4000-8000-123456789ABC":{"ip":"81.2.69.143"}}}',
  );
  assert.deepEqual(entries(byUuid.values), { '$.sessions.*.ip': ['81.2.69.142', '81.2.69.143'] });

  const byEmail = walk('{"roles":{"jane@x.com":"admin","bob@y.org":"viewer"}}');
  assert.deepEqual(entries(byEmail.values), { '$.roles.*': ['admin', 'viewer'] });
  assert.deepEqual(entries(byEmail.keys), { '$.roles.*': ['jane@x.com', 'bob@y.org'] });
});

test('a map with a few non-id keys still collapses whole; a record with one id key collapses only that key', () => {
  const map = walk('{"prices":{"2024-01-01":"1","2024-01-02":"2","default":"3"}}');
  assert.deepEqual(entries(map.values), { '$.prices.*': ['1', '2', '3'] });
  assert.deepEqual(entries(map.keys), { '$.prices.*': ['2024-01-01', '2024-01-02', 'default'] });

  const mixed = walk('{"name":"Jane","email":"j@x.com","jane@x.com":"yes"}');
  assert.deepEqual(entries(mixed.values), { '$.name': ['Jane'], '$.email': ['j@x.com'], '$.*': ['yes'] });
  assert.deepEqual(entries(mixed.keys), { '$.*': ['jane@x.com'] });
});

test('map-likeness is decided per object: a key seen as a field elsewhere still collapses inside a map', () => {
  const out = walk([
    '{"m":{"default":"a"}}',
    '{"m":{"1":"b","2":"c","default":"d"}}',
    '{"m":{"default":"e"}}',
  ]);
  assert.deepEqual(entries(out.values), { '$.m.default': ['a', 'e'], '$.m.*': ['b', 'c', 'd'] });
});

test('ordinary records are not map-like: field names stay', () => {
  const out = walk(
    '{"@timestamp":"t","firstName":"Jane","ipv4Address":"81.2.69.142","sha256":"ab","address_line_2":"x","HTTPSProxyURL":"u","x509Sha256Thumbprint":"v"}',
  );
  assert.deepEqual(
    [...out.values.keys()],
    [
      "$['@timestamp']",
      '$.firstName',
      '$.ipv4Address',
      '$.sha256',
      '$.address_line_2',
      '$.HTTPSProxyURL',
      '$.x509Sha256Thumbprint',
    ],
  );
  assert.equal(out.keys.size, 0);
});

test('id-like keys: numbers, dates, UUIDs, hex hashes, emails, IPs, random tokens, long text', () => {
  for (const key of [
    '17',
    '-3.5',
    '2024-01-05',
    '2024-01-05T10:15:30Z',
    '05/01/2024',
    '10.0.0.1',
    '+1 (555) 010-0100',
    '3f2b8c1e-9d4a-4e6b-8a2f-1c3d5e7f9a0b',
    '{3F2B8C1E-9D4A-4E6B-8A2F-1C3D5E7F9A0B}',
    '00:1A:2B:3C:4D:5E',
    '2001:db8::1',
    '507f1f77bcf86cd799439011',
    'd41d8cd98f00b204e9800998ecf8427e',
    'jane@x.com',
    '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    'V1StGXR8_Z5jdHi6B-myT',
    'cus_9s6XKzkNRiz8i3',
    '-MZxFhQ8E3kV1zYbLp2q',
    'MZxFhQkVzYbLpqRtWx',
    'x'.repeat(65),
  ]) {
    assert.equal(isIdLikeKey(key), true, key);
  }
  for (const key of [
    'email',
    'e-mail',
    'first name',
    'userEmailAddress',
    'ipv4Address',
    'ec2InstanceId',
    'e164PhoneNumber',
    'x-forwarded-for',
    'de-DE',
    'v1.2.3',
    'deadbeef',
    '@timestamp',
    '@version',
    'sha256',
    'address_line_2',
    'HTTPSProxyURL',
    '',
    '__proto__',
  ]) {
    assert.equal(isIdLikeKey(key), false, key);
  }
});

test('objects wider than maxObjectKeys are maps', () => {
  const wide = JSON.stringify({ outer: Object.fromEntries(['alice', 'bob', 'carol'].map((n) => [n, 'v'])) });
  assert.deepEqual(entries(walk(wide, { maxObjectKeys: 2 }).values), { '$.outer.*': ['v', 'v', 'v'] });
  assert.deepEqual([...walk(wide).values.keys()], ['$.outer.alice', '$.outer.bob', '$.outer.carol']);
});

test('keys that are not plain identifiers are quoted and escaped', () => {
  const out = walk(
    JSON.stringify({
      'first name': 'a',
      'e-mail': 'b',
      "it's": 'c',
      'a\\b\n': 'd',
      '*': 'e',
      '': 'f',
      é: 'g',
    }),
  );
  assert.deepEqual(
    [...out.values.keys()],
    ["$['first name']", "$['e-mail']", "$['it\\'s']", "$['a\\\\b\\n']", "$['*']", "$['']", "$['é']"],
  );
  assert.deepEqual(entries(walk('{"a":{"b c":{"d":"x"}}}').values), { "$.a['b c'].d": ['x'] });
});

test('lastKeyOf gives the last plain or quoted key, passing over [*] and *', () => {
  assert.equal(lastKeyOf('$.user.email'), 'email');
  assert.equal(lastKeyOf('$.items[*].email_address'), 'email_address');
  assert.equal(lastKeyOf('$.users.*'), 'users');
  assert.equal(lastKeyOf('$.users.*.*[*]'), 'users');
  assert.equal(lastKeyOf("$['first name']"), 'first name');
  assert.equal(lastKeyOf("$.a['it\\'s.[x]']"), "it's.[x]");
  assert.equal(lastKeyOf("$['a\\\\b\\n\\u0001']"), 'a\\b\n\u0001');
  assert.equal(lastKeyOf("$['*']"), '*');
  assert.equal(lastKeyOf('$'), '');
  assert.equal(lastKeyOf('$[*]'), '');
  assert.equal(lastKeyOf('$.*'), '');
  // Round trip: the key a path was built from comes back.
  for (const key of ['email', 'first name', "it's", 'a\\b\n\t\u0001', '*', 'x.y', 'a[0]', '']) {
    const out = walk(JSON.stringify({ [key]: 'v' }));
    assert.equal(lastKeyOf([...out.values.keys()][0] as string), key, JSON.stringify(key));
  }
});

test('invalid JSON and non-container JSON return false and add nothing', () => {
  const out = new JsonPathValues();
  for (const text of [
    '',
    '   ',
    '"x"',
    '42',
    'true',
    'null',
    '{',
    '{"a":}',
    '[1,]',
    "{'a':1}",
    'plain log line',
    '{"a":1} x',
  ]) {
    assert.equal(walkJsonValue(text, out), false, text);
  }
  assert.equal(out.values.size + out.keys.size + out.texts, 0);
  assert.equal(walkJsonValue('  \ufeff{"a":"b"}\n', out), true);
  assert.deepEqual(entries(out.values), { '$.a': ['b'] });
});

test('10,000 levels of nesting do not crash; parts deeper than maxDepth are skipped', () => {
  for (const [open, close] of [
    ['[', ']'],
    ['{"a":', '}'],
  ] as const) {
    const deep = `${open.repeat(10_000)}"bottom"${close.repeat(10_000)}`;
    const out = new JsonPathValues();
    assert.equal(walkJsonValue(deep, out, { maxDepth: 100_000 }), true);
    assert.equal(out.values.size, 0);
    assert.equal(out.truncated, 1);
  }
  const out = walk('{"a":"1","b":{"c":"2","d":{"e":"3"}}}', { maxDepth: 2 });
  assert.deepEqual(entries(out.values), { '$.a': ['1'], '$.b.c': ['2'] });
  assert.equal(out.truncated, 1);
});

test('maxLeaves caps what one text adds (collapsed keys count too)', () => {
  const big = JSON.stringify({ list: Array.from({ length: 50_000 }, (_, i) => `v${i}`) });
  const out = walk(big);
  assert.equal(out.values.get('$.list[*]')?.length, 10_000);
  assert.equal(out.truncated, 1);
  assert.equal(walk(big, { maxLeaves: 5 }).values.get('$.list[*]')?.length, 5);
  const exact = walk('["a","b"]', { maxLeaves: 2 });
  assert.equal(exact.truncated, 0);
  const map = walk('{"1":"a","2":"b","3":"c"}', { maxLeaves: 3 });
  assert.deepEqual(entries(map.keys), { '$.*': ['1', '2'] });
  assert.deepEqual(entries(map.values), { '$.*': ['a'] });
});

test('__proto__ keys are plain keys and pollute nothing', () => {
  const out = walk('{"__proto__":{"polluted":"yes","email":"x@y.z"},"constructor":{"prototype":{"p":"1"}}}');
  assert.deepEqual(entries(out.values), {
    '$.__proto__.polluted': ['yes'],
    '$.__proto__.email': ['x@y.z'],
    '$.constructor.prototype.p': ['1'],
  });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  const map = walk('{"__proto__":"a","toString":"b","hasOwnProperty":"c"}');
  assert.equal(map.values.get('$.__proto__')?.[0], 'a');
  assert.equal(map.values.get('$.hasOwnProperty')?.[0], 'c');
});
