import { isIdLikeKey } from '../sampling/json-map-keys.js';

/**
 * Field names from a CSV/TSV header row. A cell that is empty, repeats an earlier name, or looks
 * like an id or a value (an email, a number, a date: `isIdLikeKey`) is named by its position,
 * `$column<N>` (1-based), so a value never becomes a field name. A first row made mostly of such
 * cells is data, not a header: the file has none, and every column is `$column<N>`.
 */
export interface CsvHeader {
  names: string[];
  /** False when the first row is data (to be read as a record). */
  isHeader: boolean;
}

export const columnName = (index: number): string => `$column${index + 1}`;

export function csvHeader(cells: readonly string[]): CsvHeader {
  const trimmed = cells.map((cell) => cell.trim());
  const nonEmpty = trimmed.filter((cell) => cell !== '');
  const idLike = nonEmpty.filter((cell) => isIdLikeKey(cell)).length;
  if (nonEmpty.length > 0 && idLike * 2 > nonEmpty.length) {
    return { names: cells.map((_, i) => columnName(i)), isHeader: false };
  }
  const seen = new Set<string>();
  const names = trimmed.map((cell, i) => {
    if (cell === '' || seen.has(cell) || isIdLikeKey(cell)) return columnName(i);
    seen.add(cell);
    return cell;
  });
  return { names, isHeader: true };
}
