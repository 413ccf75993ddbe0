/**
 * The detection worker (piscina). Plain data in and out: a batch's bytes and offsets arrive
 * transferred, findings leave as one transferred Float64Array. Detectors compile once, at load.
 */
import { move, workerData } from 'piscina';
import { compileDetectors } from './compile-detectors.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from './detection-options.js';
import type { LoadedDetector } from './detector-definition.js';
import { encodeFindings } from './finding-codec.js';
import { runDetectors } from './run-detectors.js';

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
}

const setup = workerData as DetectWorkerSetup;
const engine = compileDetectors(setup.detectors, { ...DEFAULT_DETECTION_OPTIONS, ...setup.options });

export default function detectBatch(task: DetectTask): Float64Array {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  const batch = { bytes, starts: task.starts, ends: task.ends, count: task.count };
  const findings = runDetectors(engine, batch, engine.fieldPlan(task.columnName));
  return move(encodeFindings(findings)) as Float64Array;
}
