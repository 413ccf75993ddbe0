/** One interface for every source kind: list assets, describe their fields, stream a sample. */
import type { RecordBatch } from '../formats/record-batch.js';
import type { ValueBatch } from '../detection/value-batch.js';

/**
 * Values per field handed to detection at once: bounds memory and keeps workers busy. Look sampling
 * decides a batch's sampling from the batches SETTLE_LAG before it, so a field's first batches are
 * looked at whole: at 1,000 rows a 10,000-row sample validates a phone column 2,800 times, at 2,000
 * rows 4,600 times (a 200-table sampled scan: 20% faster with 1,000).
 */
export const BATCH_ROWS = 1000;

/**
 * Rows per batch of a COPY read (full scans): there the first batches are a sliver of the table,
 * and larger batches halve the per-batch work (measured: 2.1 s against 2.3 s for a million rows).
 */
export const COPY_BATCH_ROWS = 2000;

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

/** A row as text (or null) per field, in the order of the fields asked for. */
export type Row = (string | null)[];

/** A table's sample: rows in the order of the fields described. */
export interface TableSample {
  /** How the rows were chosen: `full`, `rowid-ranges`, `tablesample-system`, `head`, … */
  method: string;
  /**
   * The rows in runs (a cursor's FETCH, ROW_RUN rows of a stream): a step of each async layer per
   * run, not per row. Per row, the four layers between a driver and the scan cost ~0.6 s of a
   * million-row MySQL read.
   */
  rowRuns: AsyncIterable<Row[]>;
}

/** Rows per run where a source streams them one at a time. */
export const ROW_RUN = 1000;

/** `items` in runs of at most `size` (the last one shorter), in order; a synchronous iterable with no await per item. */
export async function* inRuns<T>(items: AsyncIterable<T> | Iterable<T>, size = ROW_RUN): AsyncGenerator<T[]> {
  let run: T[] = [];
  if (Symbol.iterator in items) {
    for (const item of items) {
      run.push(item);
      if (run.length === size) {
        yield run;
        run = [];
      }
    }
  } else {
    for await (const item of items) {
      run.push(item);
      if (run.length === size) {
        yield run;
        run = [];
      }
    }
  }
  if (run.length > 0) yield run;
}

/** One column's values from a run of rows: the non-empty ones as a batch; `seen` counts NULLs and blanks too. */
export interface ColumnValues {
  batch: ValueBatch;
  seen: number;
}

/** A run of rows split by column (a ColumnarSample's unit). */
export interface CopyRows {
  rows: number;
  columns: ColumnValues[];
}

/**
 * A table read by column (a Postgres full read through COPY): runs of rows, each already split into
 * one batch of non-empty values per field asked for, in their order.
 */
export interface ColumnarSample {
  method: string;
  columns: AsyncIterable<CopyRows>;
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

export type Sample = TableSample | ColumnarSample | RecordSample;

/**
 * How a scan would sample an asset (`piimap plan`), decided without reading any of its rows: the
 * same decision `sample` makes, from the listing's row estimate where `sample` may count.
 */
export interface PlannedSample {
  /** `full`, `tablesample-bernoulli`, `key-ranges`, `rowid-ranges`, `head`, `newest-and-spread`, … */
  method: string;
  estimatedRows?: number;
  /** Datasets: objects in the dataset, their total size, and the objects a scan would read (keys masked). */
  objectCount?: number;
  totalBytes?: number;
  objects?: string[];
  /** Where the scan may decide otherwise, why (an estimate it checks by counting). */
  note?: string;
}

/** Whether the scanning user may read an asset's values, found without reading any. */
export interface AssetAccess {
  readable: boolean;
  /** Why not, and what to do; or how it was found, where that took a read (`read 1 byte of …`). */
  detail?: string;
}

/** The session a source is read through, as the server reports it (`piimap check`). */
export interface SessionReport {
  /** Server product and version: `PostgreSQL 15.20`, `MariaDB 10.11.19`, `SQLite 3.45.1`. */
  server: string;
  /** The user the source is read as, where there is one. */
  user?: string;
  readOnly: boolean;
  /** What says so: `transaction_read_only = on`, `opened read-only, query_only = 1`. */
  readOnlyBy: string;
  /** The statement time limit in force: 0 when none is set; null where none applies (a local file). */
  statementTimeoutMs: number | null;
  /** Things worth fixing that do not stop a scan (a superuser login, say). */
  warnings: string[];
}

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
  /** How `sample` would read a listed asset, without reading its rows (`piimap plan`). */
  planSample?(asset: AssetDescriptor, options: SampleOptions): Promise<PlannedSample>;
  /** Whether the scanning user may read each listed asset's values (in order), without reading any. */
  checkAccess?(assets: readonly AssetDescriptor[]): Promise<AssetAccess[]>;
  /**
   * What each listed asset looks like now (in order), for incremental scans: a string that changes
   * whenever the asset's data or fields may have changed, read from metadata only (statistics
   * counters, sizes, listings), never from its rows. null where the source cannot tell (a view, a
   * statistic not collected yet): the asset counts as changed.
   */
  fingerprints?(assets: readonly AssetDescriptor[]): Promise<(string | null)[]>;
  /** The session's read-only state, time limit and server version (`piimap check`). */
  checkSession?(): Promise<SessionReport>;
  close(): Promise<void>;
}
