import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetRead } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { PiimapError, SourceError, errorMessage } from '../shared/errors.js';
import { BatchBuilder } from './batch-builder.js';
import type { BatchLimits } from './batch-records.js';
import { type RowRange, pickRowRanges } from './parquet-row-groups.js';
import { PARQUET_PARSERS, writeParquetCell } from './parquet-values.js';
import type { ReadStats } from './read-stats.js';
import type { RecordBatch } from './record-batch.js';

/** First read from the end of the file for the footer; hyparquet reads more when the footer is larger. */
const FOOTER_FETCH_BYTES = 64 * 1024;

/** Cells of every top-level column for the rows of `range`, by column (row `i` at index `i - rowStart`). */
async function readRange(
  file: AsyncBuffer,
  metadata: FileMetaData,
  range: RowRange,
): Promise<Map<string, unknown[]>> {
  const rows = range.rowEnd - range.rowStart;
  const columns = new Map<string, unknown[]>();
  await parquetRead({
    file,
    metadata,
    rowStart: range.rowStart,
    rowEnd: range.rowEnd,
    compressors,
    parsers: PARQUET_PARSERS,
    // Unannotated byte arrays stay bytes: text is told from binary per value (parquet-values.ts).
    utf8: false,
    // Part of a row group: the offset index (when written) lets only the pages needed be fetched.
    useOffsetIndex: !range.wholeGroup,
    onChunk: ({ columnName, columnData, rowStart }) => {
      let cells = columns.get(columnName);
      if (cells === undefined) columns.set(columnName, (cells = new Array<unknown>(rows)));
      for (let i = 0; i < columnData.length; i++) {
        const row = rowStart + i - range.rowStart;
        if (row >= 0 && row < rows) cells[row] = columnData[i];
      }
    },
  });
  return columns;
}

function rangeBatch(
  columns: Map<string, unknown[]>,
  from: number,
  to: number,
  builder: BatchBuilder,
): RecordBatch {
  for (const [column, cells] of columns) {
    for (let row = from; row < to; row++) writeParquetCell(column, cells[row], builder);
  }
  builder.endRecords(to - from);
  return builder.take();
}

function asSourceError(error: unknown, key: string): unknown {
  return error instanceof PiimapError
    ? error
    : new SourceError(`${key}: cannot read Parquet: ${errorMessage(error)}`, { cause: error });
}

/**
 * Batches of a Parquet object's rows: the footer, then the row groups picked by `pickRowRanges`
 * (at most `maxRecords` rows), every column. Bytes fetched are bounded by the rows read (their
 * column chunks), not by `maxBytes`. Every column is read, a row group at a time, so memory is
 * bounded by `maxRecords` rows.
 */
export async function* parquetRecords(
  file: AsyncBuffer,
  key: string,
  limits: BatchLimits & { maxValueBytes: number },
  stats: ReadStats,
): AsyncGenerator<RecordBatch> {
  try {
    const metadata = await parquetMetadataAsync(file, { initialFetchSize: FOOTER_FETCH_BYTES });
    const groupRows = metadata.row_groups.map((group) => Number(group.num_rows));
    const ranges = pickRowRanges(groupRows, limits.maxRecords);
    const builder = new BatchBuilder(limits.maxValueBytes);
    for (const range of ranges) {
      const columns = await readRange(file, metadata, range);
      for (let from = 0; from < range.rowEnd - range.rowStart; from += limits.batchRecords) {
        const to = Math.min(from + limits.batchRecords, range.rowEnd - range.rowStart);
        stats.records += to - from;
        yield rangeBatch(columns, from, to, builder);
      }
    }
    if (stats.records < Number(metadata.num_rows)) stats.stoppedBy = 'maxRecords';
  } catch (error) {
    throw asSourceError(error, key);
  }
}
