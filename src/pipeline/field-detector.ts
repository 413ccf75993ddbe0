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

export function fieldDetector(engine: DetectorEngine, pool: DetectionPool | undefined): FieldDetector {
  if (pool !== undefined) return (batch, columnName) => pool.detectWithStats(batch, columnName);
  return async (batch, columnName) => {
    const stats = { candidateValues: new Uint32Array(engine.detectors.length) };
    const findings = runDetectors(engine, batch, engine.fieldPlan(columnName), engine.options, stats);
    return { findings, candidateValues: stats.candidateValues };
  };
}
