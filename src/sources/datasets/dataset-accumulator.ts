import type { StoredObject } from '../objects/object-store.js';
import { ListingFingerprint } from './listing-fingerprint.js';
import { ObjectSpread } from './object-spread.js';

/** Objects that share a pattern: one asset of a files or S3 source. */
export interface Dataset {
  /** The asset id: the keys' shared pattern (`logs/app/dt=*` + `/part-*.jsonl.gz`). */
  pattern: string;
  objectCount: number;
  totalBytes: number;
  /** The most recently modified object (ties: the larger key). */
  newest: StoredObject;
  /** At most objectsPerDataset objects, newest first: `newest` plus an even spread over the rest. */
  sampled: StoredObject[];
  /** sha256 over every object's key, size and ETag or mtime, independent of listing order. */
  fingerprint: string;
}

/** One dataset's running totals, in memory bounded by objectsPerDataset however many objects arrive. */
export class DatasetAccumulator {
  readonly #pattern: string;
  readonly #objectsPerDataset: number;
  readonly #spread: ObjectSpread<StoredObject>;
  readonly #fingerprint = new ListingFingerprint();
  #objectCount = 0;
  #totalBytes = 0;
  #newest: StoredObject | undefined;

  constructor(pattern: string, objectsPerDataset: number) {
    this.#pattern = pattern;
    this.#objectsPerDataset = objectsPerDataset;
    // One place of the sample is the newest's.
    this.#spread = new ObjectSpread(objectsPerDataset - 1);
  }

  add(object: StoredObject): void {
    this.#objectCount++;
    this.#totalBytes += object.size;
    if (this.#newest === undefined || compareNewestFirst(object, this.#newest) < 0) this.#newest = object;
    this.#spread.add(object);
    this.#fingerprint.add(object);
  }

  /** Undefined until an object has been added. */
  dataset(): Dataset | undefined {
    const newest = this.#newest;
    if (newest === undefined) return undefined;
    const sampled = [newest, ...this.#spread.items(newest)].slice(0, this.#objectsPerDataset);
    return {
      pattern: this.#pattern,
      objectCount: this.#objectCount,
      totalBytes: this.#totalBytes,
      newest,
      sampled: sampled.sort(compareNewestFirst),
      fingerprint: this.#fingerprint.digest(),
    };
  }
}

/** Newer first; equal times: the larger key first, so the order never depends on arrival. */
function compareNewestFirst(a: StoredObject, b: StoredObject): number {
  const timeA = timeOf(a);
  const timeB = timeOf(b);
  if (timeA !== timeB) return timeA > timeB ? -1 : 1;
  if (a.key === b.key) return 0;
  return a.key > b.key ? -1 : 1;
}

/** An invalid date sorts as the oldest rather than breaking the order. */
function timeOf(object: StoredObject): number {
  const time = object.lastModified.getTime();
  return Number.isNaN(time) ? -Infinity : time;
}
