/** One interface for every source kind: list assets, describe their fields, stream a sample. */
import type { RecordBatch } from '../formats/record-batch.js';

/** Connections a database source opens unless its config says `maxConnections`. */
export const DEFAULT_MAX_CONNECTIONS = 2;

export interface AssetDescriptor {
  /**
   * The printable asset id within its source (postgres `schema.table`, sqlite `table`; files and
   * S3, the dataset pattern, e.g. `logs/app.log*`).
   */
  name: string;
  kind: 'table' | 'view' | 'dataset';
  rowEstimate?: number;
}

export interface FieldDescriptor {
  name: string;
  dataType: string;
  /** `values`: sample and detect; `json`: walk parsed values by path; `skip`: record why not. */
  scan: 'values' | 'json' | 'skip';
  skipReason?: string;
}

export interface SampleOptions {
  sampleSize: number;
  /** Longer values are cut at the source, so they never cross the wire whole. */
  maxValueBytes: number;
  /** Read every row, whatever the table size. */
  full: boolean;
  /** Makes sampling repeatable where the source supports it (Postgres `REPEATABLE`). */
  seed?: number;
}

/** A table's sample: rows in the order of the fields described. */
export interface TableSample {
  /** How the rows were chosen: `full`, `rowid-ranges`, `tablesample-system`, `head`, … */
  method: string;
  /** Rows as arrays of text (or null) in the order of the fields asked for. */
  rows: AsyncIterable<(string | null)[]>;
}

/** What a dataset's sample covered, known once its batches have been read. */
export interface ObjectSampleDetails {
  /** Objects in the dataset, and their total size. */
  objectCount: number;
  totalBytes: number;
  /** The objects read, keys masked where they hold PII (`users/j***@***.com/profile.json`). */
  sampledKeys: string[];
  /** Objects not scanned and why (binary content, unreadable), keys masked likewise. */
  skipped: { key: string; reason: string }[];
  /** Formats read (`jsonl`, `csv`, `parquet`, …; `+gzip` when compressed). */
  formats: string[];
  /** Bytes fetched from the store: the sampled heads (ranged reads), not the objects' sizes. */
  bytesRead: number;
  /**
   * Objects read only in part for a reason other than the sampling limits, keys masked: the gzip
   * decompression cap (a possible gzip bomb), corrupt gzip data, invalid JSON. Records before it count.
   */
  incomplete: { key: string; reason: string }[];
  /** Records that could not be parsed as their format (skipped CSV rows, broken JSON lines, cut lines). */
  malformedRecords: number;
}

/**
 * A dataset's sample (files, S3): records arrive as batches of values per field, the fields named
 * as they are found (CSV header, JSON path, `key=value` key, `$text`).
 */
export interface RecordSample {
  method: string;
  batches: AsyncIterable<RecordBatch>;
  /** Call after the batches are read. */
  details(): ObjectSampleDetails;
  /**
   * The sampled objects' keys as they are, held in memory only: detection runs over them as the
   * field `$key` (keys can hold PII), and only its counts and masked examples are stored.
   */
  keys: string[];
}

export type Sample = TableSample | RecordSample;

export interface SourceAdapter {
  readonly name: string;
  readonly kind: string;
  /** Where the source is, with credentials removed: safe to print and store. */
  readonly location: string;
  /** How many assets may be scanned at once (its connection limit); 1 if absent. */
  readonly concurrency?: number;
  /** The source applies the config's include/exclude globs itself (to object keys, not asset names). */
  readonly selectsOwnAssets?: boolean;
  listAssets(): Promise<AssetDescriptor[]>;
  /** What the last listing had to leave out (a folder it may not read), safe to print and store. */
  listingWarnings?(): string[];
  describe(asset: AssetDescriptor): Promise<FieldDescriptor[]>;
  sample(asset: AssetDescriptor, fields: readonly FieldDescriptor[], options: SampleOptions): Promise<Sample>;
  close(): Promise<void>;
}
