import type { Finding } from '../detection/check-candidate.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import type { DetectionPool } from '../detection/detection-pool.js';
import { runDetectors } from '../detection/run-detectors.js';
import type { ValueBatch } from '../detection/value-batch.js';

export interface FieldDetection {
  findings: Finding[];
  /** Per detector, values holding a candidate that reached the validators. */
  candidateValues: Uint32Array;
}

/** Detection of one field's batch, on the worker pool when there is one, else right here. */
export type FieldDetector = (batch: ValueBatch, columnName: string) => Promise<FieldDetection>;

/**
 * Batches are dealt round-robin to the workers and to the main thread (threads + 1 hands): reading
 * rows leaves the main thread mostly idle, and detection is what a scan spends its time on. (Handing
 * the main thread only what the pool could not take kept the pool nearly idle: the main thread
 * cannot see a worker finish while it is busy detecting.)
 */
export function fieldDetector(engine: DetectorEngine, pool: DetectionPool | undefined): FieldDetector {
  const inline: FieldDetector = async (batch, columnName) => {
    const stats = { candidateValues: new Uint32Array(engine.detectors.length) };
    const findings = runDetectors(engine, batch, engine.fieldPlan(columnName), engine.options, stats);
    return { findings, candidateValues: stats.candidateValues };
  };
  if (pool === undefined) return inline;
  let dealt = 0;
  return (batch, columnName) =>
    dealt++ % (pool.threads + 1) === pool.threads
      ? inline(batch, columnName)
      : pool.detectWithStats(batch, columnName);
}
