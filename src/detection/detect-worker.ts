/**
 * The detection worker (piscina). Plain data in and out: the batches' bytes and offsets arrive
 * transferred, in one buffer for all the batches of a task; findings leave as one Float64Array per
 * batch with the per-detector counts. Detectors compile once, at load.
 */
import { workerData } from 'piscina';
import { compileDetectors } from './compile-detectors.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from './detection-options.js';
import type { LoadedDetector } from './detector-definition.js';
import { encodeFindings } from './finding-codec.js';
import { detectionStats } from './check-candidate.js';
import { detectField } from './detect-field.js';

/** Detectors already loaded and checked by the main thread, so workers only compile them. */
export interface DetectWorkerSetup {
  detectors: LoadedDetector[];
  options: Partial<DetectionOptions>;
}

/** One field's batch within a task: its values are `count` ranges of the task's bytes, from `firstValue` on. */
export interface DetectTaskBatch {
  firstValue: number;
  count: number;
  columnName?: string;
  /** Look sampling per detector (DetectionStats.lookEvery) and its seed. */
  lookEvery?: Uint16Array;
  lookSeed?: number;
}

/**
 * Several batches (of one or more fields) in one message: a message costs ~0.1 ms to post,
 * which a task per field's batch paid eight times for each run of rows of an eight-column table.
 */
export interface DetectTask {
  bytes: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
  batches: DetectTaskBatch[];
}

const setup = workerData as DetectWorkerSetup;
const engine = compileDetectors(setup.detectors, { ...DEFAULT_DETECTION_OPTIONS, ...setup.options });

export interface DetectTaskResult {
  findings: Float64Array;
  candidateValues: Uint32Array;
  lookedValues: Uint32Array;
}

export default function detectBatches(task: DetectTask): DetectTaskResult[] {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  return task.batches.map((part) => {
    const to = part.firstValue + part.count;
    const batch = {
      bytes,
      starts: task.starts.subarray(part.firstValue, to),
      ends: task.ends.subarray(part.firstValue, to),
      count: part.count,
    };
    const stats = detectionStats(engine.detectors.length, part.lookEvery, part.lookSeed);
    const findings = detectField(engine, batch, part.columnName, engine.options, stats);
    // Small typed arrays: cloning them back costs less than a transfer list would save.
    return {
      findings: encodeFindings(findings),
      candidateValues: stats.candidateValues,
      lookedValues: stats.lookedValues,
    };
  });
}
