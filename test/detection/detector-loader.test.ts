// A bad detector file is rejected with a message naming the file, the JSON path and the problem;
// RE2-incompatible patterns and unknown validators fail at load, never silently.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadEngine } from '../../src/detection/builtin-engine.js';
import { detectInValues } from '../../src/detection/detect-values.js';
import { loadDetectors } from '../../src/detection/detector-loader.js';

const folders: string[] = [];
after(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

function detector(overrides: Record<string, unknown> = {}) {
  return {
    id: 'order_ref',
    type: 'order_ref',
    category: 'identity',
    specialCategory: false,
    sensitivity: 'low',
    patterns: [{ name: 'ref', regex: '\\bORD-[0-9]{6}\\b', score: 0.8 }],
    columnNames: ['order ref'],
    examples: { positive: ['ORD-123456'], negative: ['ORD-12'] },
    ...overrides,
  };
}

async function folderWith(files: Record<string, unknown>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'piimap-detectors-'));
  folders.push(folder);
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(folder, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return folder;
}

async function loadError(files: Record<string, unknown>): Promise<string> {
  const folder = await folderWith(files);
  try {
    await loadEngine({ paths: [folder] });
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('loading should have failed');
}

describe('detector files', () => {
  test('a user detector is loaded, listed with its file, and runs', async () => {
    const folder = await folderWith({ 'order_ref.json': detector() });
    const loaded = await loadDetectors({ paths: [folder] });
    const mine = loaded.find((d) => d.definition.id === 'order_ref');
    assert.equal(mine?.file, join(folder, 'order_ref.json'));
    assert.equal(mine?.builtIn, false);
    const engine = await loadEngine({ paths: [folder] });
    const [findings] = detectInValues(engine, ['shipped ORD-123456 today']);
    assert.deepEqual(
      findings?.map((f) => [f.type, f.start, f.end]),
      [['order_ref', 8, 18]],
    );
  });

  test('invalid JSON names the file', async () => {
    const message = await loadError({ 'order_ref.json': '{"id": "order_ref",' });
    assert.match(message, /order_ref\.json: not valid JSON/);
  });

  test('schema violations name the file and each JSON path', async () => {
    const bad = detector({
      sensitivity: 'secret',
      patterns: [{ name: 'ref', regex: 'x', score: 1.5 }],
      colour: 'red',
    });
    const message = await loadError({ 'order_ref.json': bad });
    assert.match(message, /order_ref\.json/);
    assert.match(message, /patterns\[0\]\.score: must be <= 1/);
    assert.match(
      message,
      /sensitivity: must be equal to one of the allowed values \(low, medium, high, restricted\)/,
    );
    assert.match(message, /unknown key "colour"/);
  });

  test('the id must equal the file name', async () => {
    const message = await loadError({ 'other.json': detector() });
    assert.match(message, /other\.json: id: "order_ref" must equal the file name "other"/);
  });

  test('an unknown validator fails at load and lists the known ones', async () => {
    const message = await loadError({ 'order_ref.json': detector({ validator: ['luhn', 'no-such-check'] }) });
    assert.match(
      message,
      /detector order_ref .*order_ref\.json\): validator\[1\] "no-such-check" is unknown; known validators: .*luhn/,
    );
  });

  test('backreferences are rejected with the reason, not dropped', async () => {
    const bad = detector({ patterns: [{ name: 'twice', regex: '(\\d)\\1', score: 0.5 }] });
    const message = await loadError({ 'order_ref.json': bad });
    assert.match(message, /patterns\[0\] "twice": RE2 does not support backreferences/);
  });

  test('lookaround is rejected with the reason', async () => {
    const bad = detector({
      patterns: [
        { name: 'ok', regex: '\\d+', score: 0.5 },
        { name: 'look', regex: '(?<!\\d)\\d{9}(?!\\d)', score: 0.5 },
      ],
    });
    const message = await loadError({ 'order_ref.json': bad });
    assert.match(message, /patterns\[1\] "look": RE2 does not support lookaround/);
  });

  test('a pattern that matches the empty string is rejected', async () => {
    const bad = detector({ patterns: [{ name: 'any', regex: '\\d*', score: 0.5 }] });
    assert.match(await loadError({ 'order_ref.json': bad }), /matches the empty string/);
  });

  test('an evidence-only pattern needs column names or context words', async () => {
    const bad = detector({
      patterns: [{ name: 'ref', regex: '\\d{6}', score: 0.5, requiresEvidence: true }],
      columnNames: [],
    });
    assert.match(
      await loadError({ 'order_ref.json': bad }),
      /requires evidence but the detector has neither columnNames nor context/,
    );
  });

  test('a user detector may replace a built-in one and says so', async () => {
    const replacement = detector({
      id: 'email',
      type: 'email',
      patterns: [{ name: 'corp', regex: '\\b[a-z]+@corp\\.example\\b', score: 0.9 }],
    });
    const folder = await folderWith({ 'email.json': replacement });
    const email = (await loadDetectors({ paths: [folder] })).filter((d) => d.definition.id === 'email');
    assert.equal(email.length, 1);
    assert.match(email[0]?.overrides ?? '', /detectors\/email\.json$/);
  });

  test('the same id in two user folders is an error naming both files', async () => {
    const a = await folderWith({ 'order_ref.json': detector() });
    const b = await folderWith({ 'order_ref.json': detector() });
    await assert.rejects(loadDetectors({ paths: [a, b] }), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`defined twice, in ${a}/order_ref.json and ${b}/order_ref.json`),
      );
      return true;
    });
  });

  test('a detectors path that is not a folder is a config error', async () => {
    await assert.rejects(loadDetectors({ paths: ['/nonexistent/piimap-detectors'] }), /not a directory/);
  });

  test('every built-in detector file passes the schema and compiles', async () => {
    const engine = await loadEngine();
    assert.ok(engine.detectors.length >= 6);
    for (const d of engine.detectors) assert.ok(d.patterns.length > 0, d.id);
  });
});
