// fieldDetector: batches go to the main thread until `afterValues` values have been detected there,
// then the detection threads start (once) and batches are dealt to them too — with the same results
// wherever a batch runs. And `--workers auto` defers its threads; a number given outright does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectorsFromFlags, engineFromFlags } from '../../src/cli/detector-setup.js';
import { AUTO_THREADS_AFTER_VALUES, threadsStartAfter } from '../../src/cli/worker-count.js';
import { DetectionPool } from '../../src/detection/detection-pool.js';
import { batchFromStrings } from '../../src/detection/value-batch.js';
import { type FieldDetection, fieldDetector } from '../../src/pipeline/field-detector.js';

const TYPES = ['email', 'phone'];

function batchOf(from: number, count: number) {
  return batchFromStrings(
    Array.from({ length: count }, (_, i) =>
      (from + i) % 2 === 0 ? `user${from + i}@example.com` : `call (415) 555-0${100 + ((from + i) % 900)}`,
    ),
  );
}

const summary = (detection: FieldDetection) => ({
  findings: detection.findings,
  candidateValues: [...detection.candidateValues],
  lookedValues: [...detection.lookedValues],
});

test('threads start only once afterValues values were detected on the main thread', async () => {
  const engine = await engineFromFlags({ types: TYPES });
  const detectors = await detectorsFromFlags({ types: TYPES });
  let starts = 0;
  let pool: DetectionPool | undefined;
  const detect = fieldDetector(engine, {
    threads: 1,
    afterValues: 2500,
    start: () => {
      starts++;
      return (pool ??= new DetectionPool({ detectors, options: {} }, 1));
    },
  });
  const inline = fieldDetector(engine, undefined);
  try {
    const results: FieldDetection[] = [];
    const expected: FieldDetection[] = [];
    for (let b = 0; b < 8; b++) {
      const batch = batchOf(b * 1000, 1000);
      results.push(await detect(batch, 'contact'));
      expected.push(await inline(batch, 'contact'));
      // 1,000 values a batch: the first three (up to 3,000 ≥ 2,500) run here, then the threads start.
      assert.equal(starts, b < 3 ? 0 : 1, `after batch ${b}`);
    }
    assert.deepEqual(results.map(summary), expected.map(summary));
  } finally {
    await pool?.close();
  }
});

test('--workers auto defers its threads; a number of threads starts them with the scan', () => {
  assert.equal(threadsStartAfter('auto'), AUTO_THREADS_AFTER_VALUES);
  assert.ok(AUTO_THREADS_AFTER_VALUES > 0);
  assert.equal(threadsStartAfter(2), 0);
  assert.equal(threadsStartAfter('3'), 0);
});
