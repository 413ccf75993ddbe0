import { ConfigError } from '../../shared/errors.js';
import type { StoredObject } from '../objects/object-store.js';
import { type Dataset, DatasetAccumulator } from './dataset-accumulator.js';
import { createDatasetPatterner, type SensitiveTest } from './dataset-pattern.js';

/**
 * The dataset of objects whose pattern arrived after the other `maxDatasets - 1` datasets were
 * made. `**` cannot come out of a collapsed key unless a key is literally `**`.
 */
export const OVERFLOW_PATTERN = '**';
export const DEFAULT_MAX_DATASETS = 10_000;

export interface DatasetGrouperOptions {
  /** How many objects a dataset's sample holds at most (the newest included); a whole number ≥ 1. */
  objectsPerDataset: number;
  /**
   * How many datasets at most, the overflow included. A listing whose keys do not collapse
   * (every name a different word) makes one dataset per pattern until `maxDatasets - 1` exist;
   * objects with any further new pattern are counted, sampled and fingerprinted in one last
   * dataset, `OVERFLOW_PATTERN`. Objects whose pattern already exists still go to it.
   */
  maxDatasets?: number;
  /** Asked about key segments that would keep literal text; see datasetPattern. */
  isSensitive?: SensitiveTest;
}

/**
 * Groups a listing of any size into datasets by key pattern, one object at a time; memory grows
 * with the number of datasets (each bounded by objectsPerDataset), never with the object count.
 */
export class DatasetGrouper {
  readonly #objectsPerDataset: number;
  readonly #maxDatasets: number;
  readonly #patternOf: (key: string) => string;
  readonly #groups = new Map<string, DatasetAccumulator>();

  constructor(options: DatasetGrouperOptions) {
    this.#objectsPerDataset = wholeNumber('objectsPerDataset', options.objectsPerDataset);
    this.#maxDatasets = wholeNumber('maxDatasets', options.maxDatasets ?? DEFAULT_MAX_DATASETS);
    this.#patternOf = createDatasetPatterner({ isSensitive: options.isSensitive });
  }

  add(object: StoredObject): void {
    const pattern = this.#patternOf(object.key);
    const group = this.#groups.get(pattern) ?? this.#newGroup(pattern);
    group.add(object);
  }

  /** Every dataset so far, sorted by pattern; adding may go on afterwards. */
  datasets(): Dataset[] {
    return [...this.#groups.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap((pattern) => this.#groups.get(pattern)?.dataset() ?? []);
  }

  #newGroup(pattern: string): DatasetAccumulator {
    // The last place is kept for the overflow.
    const target = this.#groups.size < this.#maxDatasets - 1 ? pattern : OVERFLOW_PATTERN;
    let group = this.#groups.get(target);
    if (group === undefined) {
      group = new DatasetAccumulator(target, this.#objectsPerDataset);
      this.#groups.set(target, group);
    }
    return group;
  }
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${name}: must be a whole number of at least 1, got ${String(value)}`);
  }
  return value;
}
