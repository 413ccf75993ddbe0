import type { ObjectStore, StoredObject } from '../sources/objects/object-store.js';
import { type RecordFormat, SNIFF_BYTES, chooseFormat } from './choose-format.js';
import { MAX_DECOMPRESSED_BYTES } from './gzip.js';
import { parquetRecords } from './parquet-records.js';
import { type ReadStats, newReadStats } from './read-stats.js';
import type { RecordBatch } from './record-batch.js';
import { storeAsyncBuffer } from './store-async-buffer.js';
import { textRecords } from './text-records.js';

export interface ReadObjectOptions {
  /** Records read at most (lines, rows, array items; Parquet rows). */
  maxRecords: number;
  /**
   * Bytes of the stored object read at most, from its start, in ranged reads: only these cross the
   * network. Parquet is bounded by `maxRecords` instead (the footer and the sampled rows' chunks).
   */
  maxBytes: number;
  /** Values longer than this many UTF-8 bytes are cut (at a character boundary). */
  maxValueBytes: number;
  /** Records per batch; default 2000. */
  batchRecords?: number;
  /** Decompressed bytes of a gzip object read at most; default `MAX_DECOMPRESSED_BYTES`. */
  maxDecompressedBytes?: number;
}

export interface ObjectRecords {
  format: RecordFormat;
  gzip: boolean;
  /** The records, read as this is iterated (once); ending the iteration early ends the reads. */
  batches: AsyncIterable<RecordBatch>;
  /** What was read: final once `batches` has been iterated. */
  readonly stats: ReadStats;
}

export type ObjectReadResult = ObjectRecords | { skipped: string };

const DEFAULT_BATCH_RECORDS = 2000;

/**
 * Reads the records of one file or object: sniffs its head (one ranged read of `SNIFF_BYTES`) to
 * choose the format, then streams the rest up to `maxBytes` (sequential formats) or reads the
 * footer and sampled row groups (Parquet). Binary and unknown content is skipped with a reason.
 * Memory stays bounded whatever the object's size.
 */
export async function readObjectRecords(
  store: ObjectStore,
  object: StoredObject,
  options: ReadObjectOptions,
): Promise<ObjectReadResult> {
  if (object.size === 0) return { skipped: 'empty object' };
  const stats = newReadStats();
  const end = Math.min(object.size, options.maxBytes);
  const head = await store.read(object.key, 0, Math.min(SNIFF_BYTES, end));
  stats.bytesRead = head.length;
  const choice = chooseFormat(object.key, head);
  if ('skipped' in choice) return choice;
  const limits = {
    maxRecords: options.maxRecords,
    batchRecords: Math.max(1, options.batchRecords ?? DEFAULT_BATCH_RECORDS),
    maxValueBytes: options.maxValueBytes,
  };
  const batches =
    choice.format === 'parquet'
      ? parquetRecords(
          storeAsyncBuffer(store, object, (count) => (stats.bytesRead += count)),
          object.key,
          limits,
          stats,
        )
      : textRecords(
          store,
          object,
          {
            ...limits,
            format: choice.format,
            gzip: choice.gzip,
            head,
            end,
            maxDecompressedBytes: options.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES,
          },
          stats,
        );
  return { format: choice.format, gzip: choice.gzip, batches, stats };
}
