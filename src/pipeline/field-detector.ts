import { type Finding, detectionStats } from '../detection/check-candidate.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import type { DetectRequest, DetectionPool, LookSampling } from '../detection/detection-pool.js';
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

/**
 * Detection threads to deal batches to, started by `start` (its first call) once `afterValues` values
 * have been detected on the main thread (0: from the first batch).
 */
export interface DetectionThreads {
  threads: number;
  afterValues: number;
  start: () => DetectionPool;
}

/** Batches sent to a worker in one task at most: bounds a task's size and keeps both hands busy. */
const MAX_BATCHES_PER_TASK = 32;

/**
 * Batches are dealt to the workers and to the main thread (threads + 1 hands, evenly): reading
 * rows leaves the main thread mostly idle, and detection is what a scan spends its time on. (Handing
 * the main thread only what the pool could not take kept the pool nearly idle: the main thread
 * cannot see a worker finish while it is busy detecting.) The batches asked for within one turn of
 * the event loop — a run of rows' batches of every column — go together, in one task: a message to
 * a worker costs ~0.1 ms, which a task per batch paid 4,000 times in a million-row, eight-column
 * full scan (measured: 0.5 s of the main thread's time).
 */
export function fieldDetector(engine: DetectorEngine, threads: DetectionThreads | undefined): FieldDetector {
  const inline: FieldDetector = async (batch, columnName, look) => {
    const stats = detectionStats(engine.detectors.length, look?.every, look?.seed);
    const findings = detectField(engine, batch, columnName, engine.options, stats);
    return { findings, candidateValues: stats.candidateValues, lookedValues: stats.lookedValues };
  };
  if (threads === undefined || threads.threads === 0) return inline;
  // Dealt at random rather than in turn: in turn, with as many columns as hands, each column would
  // always land on the same hand, and a phone column costs ten times a status column.
  const inlineShare = 1 / (threads.threads + 1);
  let pool: DetectionPool | undefined;
  let detectedHere = 0;
  const waiting: { request: DetectRequest; done: (result: Promise<FieldDetection>) => void }[] = [];
  const flush = (started: DetectionPool) => {
    const group = waiting.splice(0, MAX_BATCHES_PER_TASK);
    if (waiting.length > 0) setImmediate(flush, started);
    if (Math.random() < inlineShare) {
      for (const { request, done } of group)
        done(inline(request.batch, request.columnName ?? '', request.look));
      return;
    }
    const results = started.detectMany(group.map((entry) => entry.request));
    group.forEach(({ done }, i) => done(results.then((all) => all[i] as FieldDetection)));
  };
  return (batch, columnName, look) => {
    if (pool === undefined) {
      if (detectedHere < threads.afterValues) {
        detectedHere += batch.count;
        return inline(batch, columnName, look);
      }
      pool = threads.start();
    }
    const started = pool;
    return new Promise<FieldDetection>((resolve) => {
      if (waiting.length === 0) setImmediate(flush, started);
      waiting.push({ request: { batch, columnName, look }, done: resolve });
    });
  };
}
