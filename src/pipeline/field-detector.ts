import { type Finding, detectionStats } from '../detection/check-candidate.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import type { DetectionPool } from '../detection/detection-pool.js';
import { detectField } from '../detection/detect-field.js';
import type { ValueBatch } from '../detection/value-batch.js';

export interface FieldDetection {
  findings: Finding[];
  /** Per detector, values holding a candidate that reached the validators. */
  candidateValues: Uint32Array;
  /** Per detector, the values it was looked for in (see DetectionStats). */
  lookedValues: Uint32Array;
}

/** Detection of one field's batch, on the worker pool when there is one, else right here. */
export type FieldDetector = (
  batch: ValueBatch,
  columnName: string,
  look?: LookSampling,
) => Promise<FieldDetection>;

/** A batch's look sampling: per detector in every how many values it is looked for, and the seed. */
export interface LookSampling {
  every: Uint16Array;
  seed: number;
}

/**
 * Batches are dealt to the workers and to the main thread (threads + 1 hands, evenly): reading
 * rows leaves the main thread mostly idle, and detection is what a scan spends its time on. (Handing
 * the main thread only what the pool could not take kept the pool nearly idle: the main thread
 * cannot see a worker finish while it is busy detecting.)
 */
export function fieldDetector(engine: DetectorEngine, pool: DetectionPool | undefined): FieldDetector {
  const inline: FieldDetector = async (batch, columnName, look) => {
    const stats = detectionStats(engine.detectors.length, look?.every, look?.seed);
    const findings = detectField(engine, batch, columnName, engine.options, stats);
    return { findings, candidateValues: stats.candidateValues, lookedValues: stats.lookedValues };
  };
  if (pool === undefined) return inline;
  // Dealt at random rather than in turn: in turn, with as many columns as hands, each column would
  // always land on the same hand, and a phone column costs ten times a status column.
  const inlineShare = 1 / (pool.threads + 1);
  return (batch, columnName, look) =>
    Math.random() < inlineShare
      ? inline(batch, columnName, look)
      : pool.detectWithStats(batch, columnName, look);
}
