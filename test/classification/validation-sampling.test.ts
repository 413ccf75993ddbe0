import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyField } from '../../src/classification/field-classification.js';
import { FieldTally } from '../../src/classification/field-tally.js';
import {
  EARLY_PORTION_VALUES,
  EARLY_VALUES,
  SETTLE_LAG,
  ValidationSchedule,
} from '../../src/classification/validation-schedule.js';
import { LOOK_SAMPLING_LEVELS, SETTLE_AFTER_CANDIDATES } from '../../src/classification/thresholds.js';
import { detectorsFromFlags, engineFromFlags } from '../../src/cli/detector-setup.js';
import { DetectionPool } from '../../src/detection/detection-pool.js';
import { batchFromStrings } from '../../src/detection/value-batch.js';
import { detectBatchInto } from '../../src/pipeline/detect-values.js';
import { fieldDetector } from '../../src/pipeline/field-detector.js';
import type { AssetScanContext } from '../../src/pipeline/scan-context.js';

/** Emails of which every third has a domain under no public suffix (fails validation). */
function emails(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    (from + i) % 3 === 0 ? `user${from + i}@host.invalidsuffix` : `user${from + i}@example.com`,
  );
}

const EMAIL = [{ id: 'email', type: 'email', validators: [] }];
const FIRST_LEVEL = LOOK_SAMPLING_LEVELS[0]?.every as number;

async function emailContext(): Promise<AssetScanContext> {
  const engine = await engineFromFlags({ types: ['email'] });
  return {
    engine,
    detectors: EMAIL,
    types: ['email'],
    detect: fieldDetector(engine, undefined),
    filter: (_batch, findings) => findings,
    sample: { sampleSize: 0, maxValueBytes: 0, full: true },
    keepExamples: false,
  };
}

/** Feeds `values` to a fresh tally in batches of `per` through the pipeline's batch path. */
async function tallyOf(context: AssetScanContext, batches: string[][]): Promise<FieldTally> {
  const tally = new FieldTally(false);
  await Promise.all(
    batches.map((values) =>
      detectBatchInto(tally, values.length, batchFromStrings(values), 'contact', context),
    ),
  );
  return tally;
}

function batchesOf(total: number, per: number, make: (from: number, count: number) => string[]): string[][] {
  return Array.from({ length: Math.ceil(total / per) }, (_, b) =>
    make(b * per, Math.min(per, total - b * per)),
  );
}

test('past SETTLE_AFTER_CANDIDATES a detector is looked for in a sample of values and its matches estimated', async () => {
  const context = await emailContext();
  const total = 20_000; // within the first level (SETTLE_AFTER_CANDIDATES × 10 from batch 10 on)
  const tally = await tallyOf(context, batchesOf(total, 2000, emails));
  const [finding] = classifyField(tally, EMAIL, [false]);
  assert.ok(finding !== undefined);
  // The first values go in portions: the one that brings 2,000 candidates settles email, and the
  // portions SETTLE_LAG after it are the first sampled.
  const fullyLooked = SETTLE_AFTER_CANDIDATES + (SETTLE_LAG - 1) * EARLY_PORTION_VALUES;
  const expectedLooked = fullyLooked + (total - fullyLooked) / FIRST_LEVEL;
  const looked = tally.lookedIn(0);
  assert.ok(Math.abs(looked - expectedLooked) < 0.1 * expectedLooked, `looked in ${looked}`);
  assert.equal(finding.evidence.validated, looked, 'every candidate looked at is validated');
  assert.equal(finding.evidence.matchedEstimated, true);
  // Past the first values, matches are estimated from about one value in FIRST_LEVEL (two in three
  // validate): within three standard errors of the exact count.
  const exact = (total * 2) / 3;
  const sampled = total - fullyLooked;
  const standardError = sampled * Math.sqrt(((2 / 3) * (1 / 3)) / (sampled / FIRST_LEVEL));
  assert.ok(
    Math.abs(finding.matched - exact) < 3 * standardError,
    `estimated ${finding.matched} vs ${exact} (standard error ${standardError.toFixed(0)})`,
  );
  assert.ok(Math.abs((finding.evidence.candidates as number) - total) / total < 0.02);
  assert.ok(Math.abs(finding.prevalence - 2 / 3) < (3 * standardError) / total);
  assert.equal(finding.label, 'is');
});

test('below the threshold every value is examined and counts are exact', async () => {
  const context = await emailContext();
  const per = SETTLE_AFTER_CANDIDATES / 4;
  const tally = await tallyOf(context, batchesOf(SETTLE_AFTER_CANDIDATES - per, per, emails));
  const [finding] = classifyField(tally, EMAIL, [false]);
  assert.equal(finding?.matched, ((SETTLE_AFTER_CANDIDATES - per) * 2) / 3);
  assert.equal(finding?.evidence.validated, undefined);
  assert.equal(tally.lookedIn(0), SETTLE_AFTER_CANDIDATES - per);
});

test('a detector that has not settled is still looked for in every value of a settled field', async () => {
  // A column of emails with one SSN every 5,000 rows: email settles, SSN is found every time.
  const engine = await engineFromFlags({ types: ['email', 'ssn'] });
  const detectors = engine.detectors.map((d) => ({ id: d.id, type: d.type, validators: [] }));
  const context: AssetScanContext = {
    ...(await emailContext()),
    engine,
    detectors,
    types: engine.detectors.map((d) => d.type),
    detect: fieldDetector(engine, undefined),
  };
  const withSsn = (from: number, count: number) =>
    emails(from, count).map((email, i) =>
      (from + i) % 5000 === 4999 ? `ssn 536-22-${1000 + from / 1000}` : email,
    );
  const tally = new FieldTally(false);
  const total = 100_000;
  await Promise.all(
    batchesOf(total, 2000, withSsn).map((values) =>
      detectBatchInto(tally, values.length, batchFromStrings(values), 'contact', context),
    ),
  );
  const ssn = engine.detectors.findIndex((d) => d.type === 'ssn');
  const email = engine.detectors.findIndex((d) => d.type === 'email');
  assert.equal(tally.byDetector.get(ssn)?.matched, total / 5000, 'every SSN found');
  assert.equal(tally.lookedIn(ssn), tally.nonEmpty);
  assert.ok(tally.lookedIn(email) < tally.nonEmpty / 5, `email looked in ${tally.lookedIn(email)}`);
});

test('look sampling grows sparser with the candidates seen, and stays deterministic', async () => {
  const context = await emailContext();
  const total = 60_000;
  const runs = await Promise.all([1, 2].map(() => tallyOf(context, batchesOf(total, 2000, emails))));
  const [first, second] = runs as [FieldTally, FieldTally];
  assert.equal(first.lookedIn(0), second.lookedIn(0), 'the same values are looked in every run');
  assert.deepEqual(classifyField(first, EMAIL, [false]), classifyField(second, EMAIL, [false]));
  // Past 20,000 candidates the second level (every 100th) applies: far fewer than 1 in 10 looked in.
  assert.ok(first.lookedIn(0) < fullyLookedAt(total), `looked in ${first.lookedIn(0)}`);
});

function fullyLookedAt(total: number): number {
  const first = SETTLE_AFTER_CANDIDATES + (SETTLE_LAG - 1) * EARLY_PORTION_VALUES;
  return first + (total - first) / FIRST_LEVEL;
}

test('worker threads apply the same look sampling', async () => {
  const pool = new DetectionPool(
    { detectors: await detectorsFromFlags({ types: ['email'] }), options: {} },
    1,
  );
  try {
    const batch = batchFromStrings(emails(0, 2000));
    const look = { every: Uint16Array.of(FIRST_LEVEL), seed: 7 };
    const result = await pool.detectWithStats(batch, 'contact', look);
    const inline = await fieldDetector(await engineFromFlags({ types: ['email'] }), undefined)(
      batch,
      'contact',
      look,
    );
    assert.ok(Math.abs((result.lookedValues[0] as number) - 2000 / FIRST_LEVEL) < 2000 / FIRST_LEVEL / 2);
    assert.equal(result.candidateValues[0], result.lookedValues[0]);
    assert.deepEqual(result.findings, inline.findings);
    assert.deepEqual([...result.lookedValues], [...inline.lookedValues]);
  } finally {
    await pool.close();
  }
});

test('the sampling of a batch depends on the batches before it, not on which finished first', async () => {
  // Two schedules see the same batches finish in opposite orders: their decisions agree.
  const decisions = async (finishOrder: number[]) => {
    const schedule = new ValidationSchedule();
    const candidates = [2000, 2000, 0, 0, 0].map((n) => [n]);
    const started = candidates.map(() => schedule.start(2000));
    const first = await Promise.all(started.slice(0, SETTLE_LAG));
    for (const index of finishOrder) schedule.finish(index, candidates[index] as number[]);
    const rest = await Promise.all(started.slice(SETTLE_LAG));
    return [...first, ...rest].map(({ lookEvery }) => (lookEvery ? [...lookEvery] : undefined));
  };
  const inOrder = await decisions([0, 1, 2, 3, 4]);
  assert.deepEqual(inOrder, await decisions([4, 3, 2, 1, 0]));
  assert.deepEqual(inOrder.slice(0, SETTLE_LAG), [undefined, undefined]);
  assert.deepEqual(inOrder[SETTLE_LAG], [FIRST_LEVEL]);
});

test("a field's first values are cut into small portions, later batches go whole", () => {
  const schedule = new ValidationSchedule();
  const portions = (values: number) => {
    const sizes = schedule.portions(values);
    for (const size of sizes) void schedule.start(size);
    return sizes;
  };
  assert.deepEqual(portions(600), [EARLY_PORTION_VALUES, EARLY_PORTION_VALUES, 100]);
  // 600 values in: portions of 250 until the field has had EARLY_VALUES (4,000), the rest whole.
  const crossing = portions(EARLY_VALUES);
  const early = Math.ceil((EARLY_VALUES - 600) / EARLY_PORTION_VALUES);
  assert.deepEqual(crossing, [
    ...Array<number>(early).fill(EARLY_PORTION_VALUES),
    EARLY_VALUES - early * EARLY_PORTION_VALUES,
  ]);
  assert.deepEqual(portions(2000), [2000]);
});

test('small first portions: an email column settles about 2,250 values in, not 4,000', async () => {
  const context = await emailContext();
  const tally = await tallyOf(
    context,
    batchesOf(10_000, 2000, (from, count) =>
      Array.from({ length: count }, (_, i) => `user${from + i}@example.com`),
    ),
  );
  // Each portion of the first is a candidate of every value: the portion that reaches 2,000 settles.
  const fullyLooked = SETTLE_AFTER_CANDIDATES + (SETTLE_LAG - 1) * EARLY_PORTION_VALUES;
  const looked = tally.lookedIn(0);
  const expected = fullyLooked + (10_000 - fullyLooked) / FIRST_LEVEL;
  assert.ok(Math.abs(looked - expected) < 0.1 * expected, `looked in ${looked}, expected ~${expected}`);
  assert.equal(tally.nonEmpty, 10_000);
  assert.equal(tally.valuesSeen, 10_000);
});
