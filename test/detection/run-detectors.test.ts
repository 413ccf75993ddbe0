import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadBuiltinEngine, loadEngine } from '../../src/detection/builtin-engine.js';
import { detectInValues } from '../../src/detection/detect-values.js';
import { runDetectors } from '../../src/detection/run-detectors.js';
import { batchFromLines, batchFromStrings } from '../../src/detection/value-batch.js';

const engine = await loadBuiltinEngine();
const folders: string[] = [];
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

const texts = (value: string, findings: { start: number; end: number; type: string }[] = []) =>
  findings.map((f) => `${f.type}:${value.slice(f.start, f.end)}`);

describe('runDetectors', () => {
  test('reports UTF-16 offsets into each value, also after multi-byte characters', () => {
    const value = 'Grüße 💳 von jürgen: jane.doe@example.com, ☎ +44 20 7946 0958';
    const [findings] = detectInValues(engine, [value]);
    assert.deepEqual(texts(value, findings), ['email:jane.doe@example.com', 'phone:+44 20 7946 0958']);
    assert.equal(findings?.[0]?.start, value.indexOf('jane'));
  });

  test('finds PII in any value of a large batch, including the last, and nothing in clean ones', () => {
    const values = Array.from({ length: 5000 }, (_, i) => `row ${i} status ok`);
    values[0] = 'first jane@example.com';
    values[2500] = 'middle 536-22-1234';
    values[4999] = 'last 4111 1111 1111 1111';
    const perValue = detectInValues(engine, values);
    const hits = perValue.flatMap((findings, i) =>
      findings.length > 0 ? [[i, findings.map((f) => f.type)]] : [],
    );
    assert.deepEqual(hits, [
      [0, ['email']],
      [2500, ['ssn']],
      [4999, ['credit_card']],
    ]);
  });

  test('a batch gives the same findings as scanning each value on its own', () => {
    const pieces = [
      'jane.doe@example.com',
      '4111 1111 1111 1111',
      '536-22-1234',
      '(201) 555-0123',
      'DE89370400440532013000',
      '81.2.69.142',
      '2026-11-23T10:00:00Z',
      'order 4111111111111112',
      'v1.2.3.4',
      'hello',
      'é😀',
      '',
      '+44 20 7946 0958',
      'x@y',
      '5555555555554444',
      'ssn 536221234',
      '2001:4860:4860::8888',
      'ünïcödé text',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = Array.from({ length: 3000 }, () =>
      Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join(random() < 0.5 ? ' ' : ', '),
    );
    const together = detectInValues(engine, values);
    const alone = values.map((value) => detectInValues(engine, [value])[0]);
    assert.deepEqual(together, alone);
    assert.ok(together.flat().length > 1000, 'the corpus should contain many findings');
  });

  test('values may contain newlines; a match never spans two values', () => {
    const findings = detectInValues(engine, ['line one\njane@example.com', '4111 1111', '1111 1111']);
    assert.deepEqual(
      findings.map((f) => f.map((x) => x.type)),
      [['email'], [], []],
    );
  });

  test('a candidate behind another pattern’s match at the same position is still found', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'piimap-overlap-'));
    folders.push(folder);
    const base = {
      category: 'identity',
      specialCategory: false,
      sensitivity: 'low',
      examples: { positive: ['x'], negative: ['y'] },
    };
    // The combined alternation prefers `aaa_short` at offset 0 (it is listed first and matches
    // there), but its validator rejects the text; `bbb_long` must still be found.
    await writeFile(
      join(folder, 'aaa_short.json'),
      JSON.stringify({
        ...base,
        id: 'aaa_short',
        type: 'aaa_short',
        validator: 'us-ssn',
        patterns: [{ name: 'p', regex: '\\b\\d{4} \\d{4}\\b', score: 0.9 }],
      }),
    );
    await writeFile(
      join(folder, 'bbb_long.json'),
      JSON.stringify({
        ...base,
        id: 'bbb_long',
        type: 'bbb_long',
        patterns: [{ name: 'p', regex: '\\b\\d{4} \\d{4} \\d{4}\\b', score: 0.5 }],
      }),
    );
    const custom = await loadEngine({ paths: [folder], enable: ['aaa_short', 'bbb_long'] });
    const [findings] = detectInValues(custom, ['1234 5678 9012']);
    assert.deepEqual(
      findings?.map((f) => f.type),
      ['bbb_long'],
    );
  });

  test('overlapping findings keep the highest score', () => {
    // A grouped card is also digit groups a phone pattern could take; only the card remains.
    const [findings] = detectInValues(engine, ['pay with 4111 1111 1111 1111 now']);
    assert.deepEqual(
      findings?.map((f) => f.type),
      ['credit_card'],
    );
  });

  test('column-name evidence enables evidence-only patterns and raises scores', () => {
    const [[bare] = [], [inSsnColumn] = []] = [
      detectInValues(engine, ['536221234'])[0] ?? [],
      detectInValues(engine, ['536221234'], { columnName: 'customerSSN' })[0] ?? [],
    ].map((findings) => findings);
    assert.equal(bare, undefined);
    assert.equal(inSsnColumn?.type, 'ssn');
    assert.equal(inSsnColumn?.columnEvidence, true);
    const [[plain]] = [detectInValues(engine, ['536-22-1234'])[0] ?? []];
    const [[withColumn]] = [detectInValues(engine, ['536-22-1234'], { columnName: 'ssn' })[0] ?? []];
    assert.ok((withColumn?.score ?? 0) > (plain?.score ?? 1));
  });

  test('an excluded column name turns a detector off for that field', () => {
    const findings = detectInValues(engine, ['1.2.3.4', '81.2.69.142'], { columnName: 'app_version' });
    assert.deepEqual(findings, [[], []]);
  });

  test('lines split from a buffer drop the \\r of CRLF and keep empty lines', () => {
    const { batch, consumed } = batchFromLines(Buffer.from('a\r\n\r\nb@example.com\r\npartial'), false);
    assert.equal(batch.count, 3);
    assert.equal(consumed, 'a\r\n\r\nb@example.com\r\n'.length);
    assert.deepEqual(
      Array.from(batch.starts, (s, i) => batch.bytes.toString('utf8', s, batch.ends[i])),
      ['a', '', 'b@example.com'],
    );
    const findings = runDetectors(engine, batch, engine.fieldPlan());
    assert.deepEqual(
      findings.map((f) => [f.value, f.start, f.end]),
      [[2, 0, 13]],
    );
  });

  test('an empty batch and empty values are fine', () => {
    assert.deepEqual(runDetectors(engine, batchFromStrings([]), engine.fieldPlan()), []);
    assert.deepEqual(detectInValues(engine, ['', '', '']), [[], [], []]);
  });

  test('invalid UTF-8 and NUL bytes do not break detection', () => {
    const bytes = Buffer.concat([
      Buffer.from('\xff\xfe bad '),
      Buffer.from([0, 0xc3, 0x28]),
      Buffer.from(' jane@example.com\n'),
    ]);
    const { batch } = batchFromLines(bytes, true);
    const findings = runDetectors(engine, batch, engine.fieldPlan());
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(bytes.toString('utf8', finding?.start, finding?.end), 'jane@example.com');
  });
});

describe('batchFromStrings', () => {
  test('keeps every value intact, also U+FFFF, lone surrogates and empty values', () => {
    for (const values of [
      ['a', '', 'jane@example.com', 'ü😀', ''],
      ['x\uffffy', 'plain', '\ud800 lone', ''],
      [],
      [''],
    ]) {
      const batch = batchFromStrings(values);
      assert.equal(batch.count, values.length);
      const back = Array.from(batch.starts, (s, i) => batch.bytes.toString('utf8', s, batch.ends[i]));
      assert.deepEqual(
        back,
        values.map((v) => Buffer.from(v).toString('utf8')),
      );
      for (let i = 0; i + 1 < values.length; i++) assert.equal(batch.bytes[batch.ends[i] as number], 0xff);
    }
  });
});
