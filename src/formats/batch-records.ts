import type { BatchBuilder } from './batch-builder.js';
import type { RecordBatch } from './record-batch.js';
import type { ReadStats } from './read-stats.js';

/**
 * What writing one parsed record did: nothing (a blank line, a header row), a record, or a record of
 * malformed content (read as far as it could be, and counted in `ReadStats.malformedRecords`).
 */
export type WriteResult = 'none' | 'record' | 'malformed';

/** Writes one parsed record (a line, a row, a JSON text) into a batch. */
export type RecordWriter<T> = (record: T, builder: BatchBuilder) => WriteResult;

export interface BatchLimits {
  maxRecords: number;
  batchRecords: number;
}

/**
 * Parsed records into batches of `batchRecords` (fewer when their values are large), up to `maxRecords`. Stopping returns the record
 * source, which ends the reads below it. One item past the limit is pulled to tell "stopped by
 * maxRecords" from "the object held exactly that many".
 */
export async function* batchRecords<T>(
  records: AsyncIterable<T>,
  write: RecordWriter<T>,
  builder: BatchBuilder,
  limits: BatchLimits,
  stats: ReadStats,
): AsyncGenerator<RecordBatch> {
  for await (const record of records) {
    if (stats.records >= limits.maxRecords) {
      stats.stoppedBy = 'maxRecords';
      break;
    }
    const written = write(record, builder);
    if (written === 'none') continue;
    if (builder.endRecord()) stats.truncatedRecords++;
    stats.records++;
    if (written === 'malformed') stats.malformedRecords++;
    if (builder.records >= limits.batchRecords || builder.full) yield builder.take();
  }
  if (builder.records > 0) yield builder.take();
}
