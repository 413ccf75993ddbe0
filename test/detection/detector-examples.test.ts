// Every detector's own examples, through the real engine: a detector can never silently disagree
// with the values it documents as matches and non-matches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadBuiltinEngine } from '../../src/detection/builtin-engine.js';
import type { DetectorExample } from '../../src/detection/detector-definition.js';
import { detectInValues } from '../../src/detection/detect-values.js';

const engine = await loadBuiltinEngine();

function normalise(example: DetectorExample) {
  return typeof example === 'string' ? { value: example } : example;
}

function run(example: ReturnType<typeof normalise>) {
  const options = example.regions ? { defaultRegions: example.regions } : {};
  const [findings = []] = detectInValues(engine, [example.value], {
    ...(example.column !== undefined && { columnName: example.column }),
    options,
  });
  return findings;
}

function label(example: ReturnType<typeof normalise>): string {
  return `${JSON.stringify(example.value)}${example.column ? ` in column ${example.column}` : ''}`;
}

for (const detector of engine.detectors) {
  const { examples } = detector.definition;
  describe(`detector ${detector.id}`, () => {
    for (const example of examples.positive.map(normalise)) {
      test(`matches ${label(example)}`, () => {
        const mine = run(example).filter((f) => f.detector === detector.id);
        const seen = run(example).map((f) => `${f.detector}:${example.value.slice(f.start, f.end)}`);
        assert.ok(mine.length > 0, `no ${detector.id} finding; found instead: [${seen.join(', ')}]`);
        if (example.match !== undefined) {
          const texts = mine.map((f) => example.value.slice(f.start, f.end));
          assert.ok(
            texts.includes(example.match),
            `expected match ${JSON.stringify(example.match)}, got ${JSON.stringify(texts)}`,
          );
        }
      });
    }
    for (const example of examples.negative.map(normalise)) {
      test(`does not match ${label(example)}${example.note ? ` (${example.note})` : ''}`, () => {
        const mine = run(example).filter((f) => f.detector === detector.id);
        const texts = mine.map((f) => example.value.slice(f.start, f.end));
        assert.deepEqual(texts, [], `unexpected ${detector.id} match`);
      });
    }
  });
}
