/**
 * The detection side of a scan, shared by every asset it scans: detectors compiled once, the
 * worker pool, and how a field's batch reaches them. `piimap scan` and `piimap worker` set it up
 * the same way, so an asset is classified alike wherever it is scanned.
 */
import { compileDetectors } from '../detection/compile-detectors.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from '../detection/detection-options.js';
import { DetectionPool } from '../detection/detection-pool.js';
import { validatorNames, type LoadedDetector } from '../detection/detector-definition.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import { type DetectionThreads, fieldDetector } from './field-detector.js';
import type { FindingFilter } from './finding-filter.js';
import type { AssetScanContext } from './scan-context.js';

/** An asset's context, less what each scan (or queue job) decides: sampling and examples. */
export type DetectionContext = Omit<AssetScanContext, 'sample' | 'keepExamples' | 'throttle'>;

export interface ScanDetection {
  engine: DetectorEngine;
  context: DetectionContext;
  close(): Promise<void>;
}

export function scanDetection(options: {
  detectors: readonly LoadedDetector[];
  detection: Partial<DetectionOptions>;
  /** Detection threads; 0 detects on the main thread. */
  workers: number;
  /** Values detected on the main thread before the threads start (worker-count.ts); 0 or absent: at once. */
  workersAfterValues?: number;
  filter: FindingFilter;
}): ScanDetection {
  const engine = compileDetectors(options.detectors, {
    ...DEFAULT_DETECTION_OPTIONS,
    ...options.detection,
  });
  let pool: DetectionPool | undefined;
  const threads: DetectionThreads = {
    threads: options.workers,
    afterValues: options.workersAfterValues ?? 0,
    start: () =>
      (pool ??= new DetectionPool(
        { detectors: [...options.detectors], options: options.detection },
        options.workers,
      )),
  };
  // Threads asked for outright start with the scan, their start-up beside the main thread's.
  if (threads.threads > 0 && threads.afterValues === 0) threads.start();
  return {
    engine,
    context: {
      engine,
      detectors: options.detectors.map((d) => ({
        id: d.definition.id,
        type: d.definition.type,
        validators: validatorNames(d.definition),
      })),
      types: engine.detectors.map((d) => d.type),
      detect: fieldDetector(engine, threads),
      filter: options.filter,
    },
    close: async () => {
      await pool?.close();
    },
  };
}
