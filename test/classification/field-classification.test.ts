import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyField, matchConfidence } from '../../src/classification/field-classification.js';
import { FieldTally } from '../../src/classification/field-tally.js';
import type { Finding } from '../../src/detection/check-candidate.js';
import { batchFromStrings } from '../../src/detection/value-batch.js';

/** Every detector looked for in every value of the batch. */
function candidateCounts(perDetector: number[]) {
  const lookedValues = new Uint32Array(perDetector.length).fill(0xffffffff);
  return { candidateValues: new Uint32Array(perDetector), lookedValues };
}

const detectors = [
  { id: 'email', type: 'email', validators: ['email-domain'] },
  { id: 'phone', type: 'phone', validators: ['phone'] },
];

function tallyOf(
  values: string[],
  matches: { value: number; detector: number; score: number }[],
  seen = values.length,
) {
  const tally = new FieldTally(false);
  const findings: Finding[] = matches.map((m) => ({
    ...m,
    pattern: 0,
    start: 0,
    end: 1,
    columnEvidence: false,
    contextEvidence: false,
  }));
  tally.add(
    seen,
    batchFromStrings(values),
    findings,
    ['email', 'phone'],
    candidateCounts([
      matches.filter((m) => m.detector === 0).length,
      matches.filter((m) => m.detector === 1).length,
    ]),
  );
  return tally;
}

test('confidence grows with validated matches and does not fall with prevalence', () => {
  assert.equal(matchConfidence(0.8, 1), 0.6);
  assert.equal(matchConfidence(0.8, 3), 0.75);
  assert.ok(matchConfidence(0.8, 40) > 0.799);
  const values = Array.from({ length: 100 }, (_, i) => `note ${i}`);
  const minority = classifyField(
    tallyOf(
      values,
      [8, 20, 33, 47, 51, 60, 72, 90].map((value) => ({ value, detector: 0, score: 0.95 })),
    ),
    detectors,
    [false, false],
  );
  assert.equal(minority[0]?.label, 'contains');
  assert.equal(minority[0]?.prevalence, 0.08);
  assert.ok((minority[0]?.confidence ?? 0) > 0.9);
});

test('most values of a type make the field that type', () => {
  const values = ['a', 'b', 'c', 'd'];
  const [finding] = classifyField(
    tallyOf(
      values,
      [0, 1, 2].map((value) => ({ value, detector: 1, score: 0.9 })),
    ),
    detectors,
    [true, false],
  );
  assert.deepEqual([finding?.type, finding?.label, finding?.prevalence], ['phone', 'is', 0.75]);
  assert.equal(finding?.evidence.columnName, false);
});

test('a value with two matches of one detector counts once', () => {
  const tally = tallyOf(
    ['x', 'y'],
    [
      { value: 0, detector: 0, score: 0.9 },
      { value: 0, detector: 0, score: 0.9 },
    ],
  );
  assert.equal(tally.byDetector.get(0)?.matched, 1);
});

test('a column named like a type: values decide; with no values, a name-only candidate', () => {
  const hashes = tallyOf(['9f86d081884c7d65', '60303ae22b998861'], []);
  assert.deepEqual(classifyField(hashes, detectors, [true, false]), []);
  const empty = tallyOf([], [], 50);
  assert.deepEqual(
    classifyField(empty, detectors, [true, false]).map((f) => [f.type, f.confidence, f.matched]),
    [['email', 0.3, 0]],
  );
});

test('a few check-digit passes among many candidates are chance, not a type', () => {
  // 3 of 300 fifteen-digit IMEIs pass a mod-97 key: that is the check's chance rate.
  assert.ok(matchConfidence(0.9, 3, 300) < 0.1);
  // Most candidates valid: no penalty.
  assert.equal(matchConfidence(0.9, 250, 300), matchConfidence(0.9, 250));
  // Too few candidates to judge: no penalty.
  assert.equal(matchConfidence(0.9, 2, 10), matchConfidence(0.9, 2));
});
