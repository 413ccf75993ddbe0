import type { Finding } from '../detection/check-candidate.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import type { DetectionPool } from '../detection/detection-pool.js';
import { runDetectors } from '../detection/run-detectors.js';
import type { ValueBatch } from '../detection/value-batch.js';

/** Detection of one field's batch, on the worker pool when there is one, else right here. */
export type FieldDetector = (batch: ValueBatch, columnName: string) => Promise<Finding[]>;

export function fieldDetector(engine: DetectorEngine, pool: DetectionPool | undefined): FieldDetector {
  if (pool !== undefined) return (batch, columnName) => pool.detect(batch, columnName);
  return async (batch, columnName) => runDetectors(engine, batch, engine.fieldPlan(columnName));
}
