/**
 * CSV or TSV for an object whose name does not say (no extension, `.dat`): a header of name-like
 * cells and at least one more line with as many delimiters. Log lines rarely pass both.
 */

const LINES_CHECKED = 5;
const MAX_HEADER_NAME = 64;
const CSV_DELIMITERS = [',', ';', '|'];

function count(line: string, delimiter: string): number {
  let n = 0;
  for (let i = line.indexOf(delimiter); i >= 0; i = line.indexOf(delimiter, i + 1)) n++;
  return n;
}

function nameLike(cell: string): boolean {
  const name = cell.trim().replace(/^"(.*)"$/, '$1');
  return name.length > 0 && name.length <= MAX_HEADER_NAME && !/[=:{}[\]<>]/.test(name);
}

/** Complete lines of the head (the last, maybe cut, is left out), without `\r`. */
function headLines(head: string): string[] {
  const lines = head.split('\n').slice(0, -1).slice(0, LINES_CHECKED);
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

export function sniffDelimited(head: string): 'csv' | 'tsv' | undefined {
  const [header, ...rows] = headLines(head.replace(/^\ufeff/, ''));
  if (header === undefined || rows.length === 0) return undefined;
  for (const delimiter of ['\t', ...CSV_DELIMITERS]) {
    const cells = header.split(delimiter);
    if (cells.length < 2 || !cells.every(nameLike)) continue;
    if (rows.every((row) => count(row, delimiter) === cells.length - 1))
      return delimiter === '\t' ? 'tsv' : 'csv';
  }
  return undefined;
}
