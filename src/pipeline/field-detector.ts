import { type Finding, detectionStats } from '../detection/check-candidate.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import type { DetectionPool } from '../detection/detection-pool.js';
import { runDetectors } from '../detection/run-detectors.js';
import type { ValueBatch } from '../detection/value-batch.js';

export interface FieldDetection {
  findings: Finding[];
  /** Per detector, values holding a candidate that reached the validators. */
  candidateValues: Uint32Array;
  /** Per detector, candidate values that went through the validators (see DetectionStats). */
  examinedValues: Uint32Array;
}

/** Detection of one field's batch, on the worker pool when there is one, else right here. */
export type FieldDetector = (
  batch: ValueBatch,
  columnName: string,
  examineEvery?: Uint8Array,
) => Promise<FieldDetection>;

/**
 * Batches are dealt to the workers and to the main thread (threads + 1 hands, evenly): reading
 * rows leaves the main thread mostly idle, and detection is what a scan spends its time on. (Handing
 * the main thread only what the pool could not take kept the pool nearly idle: the main thread
 * cannot see a worker finish while it is busy detecting.)
 */
export function fieldDetector(engine: DetectorEngine, pool: DetectionPool | undefined): FieldDetector {
  const inline: FieldDetector = async (batch, columnName, examineEvery) => {
    const stats = detectionStats(engine.detectors.length, examineEvery);
    const findings = runDetectors(engine, batch, engine.fieldPlan(columnName), engine.options, stats);
    return { findings, candidateValues: stats.candidateValues, examinedValues: stats.examinedValues };
  };
  if (pool === undefined) return inline;
  // Dealt at random rather than in turn: in turn, with as many columns as hands, each column would
  // always land on the same hand, and a phone column costs ten times a status column.
  const inlineShare = 1 / (pool.threads + 1);
  return (batch, columnName, examineEvery) =>
    Math.random() < inlineShare
      ? inline(batch, columnName, examineEvery)
      : pool.detectWithStats(batch, columnName, examineEvery);
}
