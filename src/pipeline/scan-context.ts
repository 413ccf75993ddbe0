import type { DetectorInfo } from '../classification/field-classification.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import type { SampleOptions } from '../sources/source-adapter.js';
import type { FieldDetector } from './field-detector.js';
import type { FindingFilter } from './finding-filter.js';
import type { RowRateLimit } from './row-rate-limit.js';

/** What scanning one asset needs, shared by every asset of a scan. */
export interface AssetScanContext {
  engine: DetectorEngine;
  detectors: readonly DetectorInfo[];
  /** Each detector's type, by index (for masked examples). */
  types: readonly string[];
  detect: FieldDetector;
  sample: SampleOptions;
  keepExamples: boolean;
  filter: FindingFilter;
  /** The source's `maxRowsPerSecond`, shared by its assets; absent when it has none. */
  throttle?: RowRateLimit;
}

export { BATCH_ROWS } from '../sources/source-adapter.js';

/** Batches per field waiting for detection before reading pauses: enough to keep every thread busy. */
export const IN_FLIGHT_BATCHES = 4;
