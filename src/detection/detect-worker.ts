/**
 * The detection worker (piscina). Plain data in and out: a batch's bytes and offsets arrive
 * transferred, findings leave as one Float64Array with the per-detector candidate counts. Detectors compile once, at load.
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

export interface DetectTask {
  bytes: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
  count: number;
  columnName?: string;
  /** Look sampling per detector (DetectionStats.lookEvery). */
  lookEvery?: Uint16Array;
  lookSeed?: number;
}

const setup = workerData as DetectWorkerSetup;
const engine = compileDetectors(setup.detectors, { ...DEFAULT_DETECTION_OPTIONS, ...setup.options });

export interface DetectTaskResult {
  findings: Float64Array;
  candidateValues: Uint32Array;
  lookedValues: Uint32Array;
}

export default function detectBatch(task: DetectTask): DetectTaskResult {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  const batch = { bytes, starts: task.starts, ends: task.ends, count: task.count };
  const stats = detectionStats(engine.detectors.length, task.lookEvery, task.lookSeed);
  const findings = detectField(engine, batch, task.columnName, engine.options, stats);
  // Small typed arrays: cloning them back costs less than a transfer list would save.
  return {
    findings: encodeFindings(findings),
    candidateValues: stats.candidateValues,
    lookedValues: stats.lookedValues,
  };
}
