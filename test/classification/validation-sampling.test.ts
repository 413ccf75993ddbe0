import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyField } from '../../src/classification/field-classification.js';
import { FieldTally } from '../../src/classification/field-tally.js';
import { SETTLE_LAG, ValidationSchedule } from '../../src/classification/validation-schedule.js';
import { SETTLE_AFTER_CANDIDATES, SETTLED_EXAMINE_EVERY } from '../../src/classification/thresholds.js';
import { detectorsFromFlags, engineFromFlags } from '../../src/cli/detector-setup.js';
import { DetectionPool } from '../../src/detection/detection-pool.js';
import { batchFromStrings } from '../../src/detection/value-batch.js';
import { fieldDetector } from '../../src/pipeline/field-detector.js';

/** Emails of which every third has a domain under no public suffix (fails validation). */
function emails(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    (from + i) % 3 === 0 ? `user${from + i}@host.invalidsuffix` : `user${from + i}@example.com`,
  );
}

test('past SETTLE_AFTER_CANDIDATES a field validates a sample of candidates and estimates the matches', async () => {
  const engine = await engineFromFlags({ types: ['email'] });
  const detect = fieldDetector(engine, undefined);
  const tally = new FieldTally(false);
  const total = 30_000;
  let firstSampledBatchAt = -1;
  for (let from = 0; from < total; from += 2000) {
    const { sequence, examineEvery } = await tally.schedule.start(2000);
    if (examineEvery !== undefined && firstSampledBatchAt < 0) firstSampledBatchAt = from;
    const batch = batchFromStrings(emails(from, 2000));
    const detection = await detect(batch, 'contact', examineEvery);
    tally.schedule.finish(sequence, detection.candidateValues);
    tally.add(2000, batch, detection.findings, ['email'], detection);
  }
  // Batch 0 holds 2,000 candidates; the batches SETTLE_LAG after it are the first sampled.
  assert.equal(
    firstSampledBatchAt,
    SETTLE_AFTER_CANDIDATES + (SETTLE_LAG - 1) * 2000,
    'sampling starts SETTLE_LAG batches after the one that reached the threshold',
  );
  const [finding] = classifyField(tally, [{ id: 'email', type: 'email', validators: [] }], [false]);
  const exact = (total * 2) / 3;
  assert.ok(finding !== undefined);
  const validated = finding.evidence.validated as number;
  const fullyValidated = SETTLE_AFTER_CANDIDATES + (SETTLE_LAG - 1) * 2000;
  const expectedValidated = fullyValidated + (total - fullyValidated) / SETTLED_EXAMINE_EVERY;
  assert.ok(Math.abs(validated - expectedValidated) <= 50, `validated ${validated}`);
  assert.equal(finding.evidence.candidates, total);
  assert.equal(finding.evidence.matchedEstimated, true);
  assert.ok(Math.abs(finding.matched - exact) / exact < 0.02, `estimated ${finding.matched} vs ${exact}`);
  assert.ok(Math.abs(finding.prevalence - 2 / 3) < 0.02);
  assert.equal(finding.label, 'is');
});

test('below the threshold every candidate is validated and counts are exact', async () => {
  const engine = await engineFromFlags({ types: ['email'] });
  const detect = fieldDetector(engine, undefined);
  const tally = new FieldTally(false);
  const per = SETTLE_AFTER_CANDIDATES / 4;
  for (let from = 0; from < SETTLE_AFTER_CANDIDATES - per; from += per) {
    const batch = batchFromStrings(emails(from, per));
    const { sequence, examineEvery } = await tally.schedule.start(per);
    assert.equal(examineEvery, undefined);
    const detection = await detect(batch, 'contact', examineEvery);
    tally.schedule.finish(sequence, detection.candidateValues);
    tally.add(per, batch, detection.findings, ['email'], detection);
  }
  const [finding] = classifyField(tally, [{ id: 'email', type: 'email', validators: [] }], [false]);
  assert.equal(finding?.matched, ((SETTLE_AFTER_CANDIDATES - per) * 2) / 3);
  assert.equal(finding?.evidence.validated, undefined);
});

test('worker threads apply the same validation sampling', async () => {
  const pool = new DetectionPool(
    { detectors: await detectorsFromFlags({ types: ['email'] }), options: {} },
    1,
  );
  try {
    const batch = batchFromStrings(emails(0, 2000));
    const every = new Uint8Array([SETTLED_EXAMINE_EVERY]);
    const result = await pool.detectWithStats(batch, 'contact', every);
    assert.equal(result.candidateValues[0], 2000);
    assert.equal(result.examinedValues[0], 2000 / SETTLED_EXAMINE_EVERY);
    assert.ok(result.findings.length > 0 && result.findings.length <= 2000 / SETTLED_EXAMINE_EVERY);
  } finally {
    await pool.close();
  }
});

test('the sampling of a batch depends on the batches before it, not on which finished first', async () => {
  // Two schedules see the same batches finish in opposite orders: their decisions agree.
  const decisions = async (finishOrder: number[]) => {
    const schedule = new ValidationSchedule();
    const candidates = [2000, 2000, 0, 0, 0].map((n) => Uint32Array.of(n));
    const started = candidates.map(() => schedule.start(2000));
    const first = await Promise.all(started.slice(0, SETTLE_LAG));
    for (const index of finishOrder) schedule.finish(index, candidates[index] as Uint32Array);
    const rest = await Promise.all(started.slice(SETTLE_LAG));
    return [...first, ...rest].map(({ examineEvery }) => (examineEvery ? [...examineEvery] : undefined));
  };
  const inOrder = await decisions([0, 1, 2, 3, 4]);
  assert.deepEqual(inOrder, await decisions([4, 3, 2, 1, 0]));
  assert.deepEqual(inOrder.slice(0, SETTLE_LAG), [undefined, undefined]);
  assert.deepEqual(inOrder[SETTLE_LAG], [SETTLED_EXAMINE_EVERY]);
});
