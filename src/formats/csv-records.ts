import { parse } from 'csv-parse';
import type { BatchBuilder } from './batch-builder.js';
import { columnName, csvHeader } from './csv-header.js';
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
 * be parsed is skipped; quoted cells may hold delimiters and line breaks. A row cut by a limit is
 * never seen (the text stops at the last line break). A record over `MAX_LINE_CHARS` ends the file.
 */
export async function* csvRows(
  chunks: AsyncIterable<string>,
  format: 'csv' | 'tsv',
  complete: () => boolean,
): AsyncGenerator<string[]> {
  const lines = wholeLineChunks(chunks, complete)[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done === true) return;
  const parser = parse({
    delimiter: format === 'tsv' ? '\t' : csvDelimiter(first.value),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_LINE_CHARS,
  });
  for await (const row of pipeThrough(prepend(first.value, lines), parser)) {
    if (Array.isArray(row)) yield row.map(String);
  }
}

/** Writes rows as records named by the header row (see csv-header.ts); empty cells are no values. */
export function csvRecordWriter(): (row: string[], builder: BatchBuilder) => boolean {
  let names: string[] | undefined;
  return (row, builder) => {
    if (names === undefined) {
      const header = csvHeader(row);
      names = header.names;
      if (header.isHeader) return false;
    }
    row.forEach((cell, i) => {
      // Cells past the header's end (ragged rows) are named by their position too.
      if (cell !== '') builder.addValue(names?.[i] ?? columnName(i), cell);
    });
    return true;
  };
}
