import { parse } from 'csv-parse';
import type { RecordWriter } from './batch-records.js';
import { columnName, csvHeader } from './csv-header.js';
import { hasDamagedText } from './damaged-text.js';
import { pipeThrough } from './pipe-through.js';
import { MAX_LINE_CHARS, wholeLineChunks } from './text-lines.js';

const CSV_DELIMITERS = [',', ';', '|'];

/** The most frequent of `,` `;` `|` in the header line (`,` on a tie or none): European CSV uses `;`. */
function csvDelimiter(text: string): string {
  const lineEnd = text.indexOf('\n');
  const header = lineEnd < 0 ? text : text.slice(0, lineEnd);
  let best = ',';
  let bestCount = 0;
  for (const delimiter of CSV_DELIMITERS) {
    const count = header.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

/** The first chunk again, then the rest: lets the delimiter be chosen from the header line. */
async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield first;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

/**
 * The rows of a CSV or TSV text, as cells. Tolerant, so one bad row never ends the file: ragged
 * rows pass (`relax_column_count`), stray quotes inside unquoted cells are kept, a row that cannot
 * be parsed is skipped and reported to `onSkip`, in order with the rows (so rows the parser ran
 * ahead to are not reported once reading stops); quoted cells may hold delimiters and line breaks.
 * A row cut by a limit is never seen (the text stops at the last line break). A record over
 * `MAX_LINE_CHARS` ends the file (reported once).
 */
export async function* csvRows(
  chunks: AsyncIterable<string>,
  format: 'csv' | 'tsv',
  complete: () => boolean,
  onSkip: () => void,
): AsyncGenerator<string[]> {
  const lines = wholeLineChunks(chunks, complete)[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) return;
  let skipped = 0;
  let overLimit = false;
  /** Per row handed on, in order: the rows skipped just before it. */
  const skippedBefore: number[] = [];
  const parser = parse({
    delimiter: format === 'tsv' ? '\t' : csvDelimiter(first.value),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_LINE_CHARS,
    on_skip: (error) => {
      // The parser never gets past a record over the size limit: it reports it again for each chunk.
      if (error?.code === 'CSV_MAX_RECORD_SIZE') {
        if (overLimit) return;
        overLimit = true;
      }
      skipped++;
    },
    on_record: (cells) => {
      skippedBefore.push(skipped);
      skipped = 0;
      return cells;
    },
  });
  for await (const row of pipeThrough(prepend(first.value, lines), parser)) {
    for (let count = skippedBefore.shift() ?? 0; count > 0; count--) onSkip();
    if (Array.isArray(row)) yield row.map(String);
  }
  for (; skipped > 0; skipped--) onSkip();
}

/**
 * Writes rows as records named by the header row (see csv-header.ts); empty cells are no values.
 * Malformed, but read: a ragged row (more or fewer cells than the header, or than the first row when
 * there is none), a row holding U+FFFD or NUL.
 */
export function csvRecordWriter(): RecordWriter<string[]> {
  let names: string[] | undefined;
  return (row, builder) => {
    if (names === undefined) {
      const header = csvHeader(row);
      names = header.names;
      if (header.isHeader) return 'none';
    }
    row.forEach((cell, i) => {
      // Cells past the header's end (ragged rows) are named by their position too.
      if (cell !== '') builder.addValue(names?.[i] ?? columnName(i), cell);
    });
    return row.length !== names.length || row.some(hasDamagedText) ? 'malformed' : 'record';
  };
}
