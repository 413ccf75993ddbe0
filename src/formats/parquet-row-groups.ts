/** Rows [rowStart, rowEnd) of the file, all within one row group. */
export interface RowRange {
  rowStart: number;
  rowEnd: number;
  /** The whole row group (not its first rows only). */
  wholeGroup: boolean;
}

/**
 * Which rows to sample: whole row groups, spread evenly over the file, until `maxRecords` rows
 * (the last group picked read only in part). Column chunks are fetched a row group at a time, so
 * whole groups cost no more bytes than the first rows of the same number of groups, and spreading
 * them samples the whole file rather than its first rows (which are often the oldest).
 */
export function pickRowRanges(groupRows: readonly number[], maxRecords: number): RowRange[] {
  const starts: number[] = [];
  let total = 0;
  for (const rows of groupRows) {
    starts.push(total);
    total += rows;
  }
  const all = groupRows.map((_, i) => i);
  let order = all;
  if (total > maxRecords && groupRows.length > 1) {
    // As many groups as the budget needs at the average group size, evenly spaced; then the rest, in order.
    const wanted = Math.min(
      groupRows.length,
      Math.max(1, Math.ceil(maxRecords / (total / groupRows.length))),
    );
    const spread = new Set(
      Array.from({ length: wanted }, (_, k) => Math.floor((k * groupRows.length) / wanted)),
    );
    order = [...spread, ...all.filter((i) => !spread.has(i))];
  }
  const ranges: RowRange[] = [];
  let left = maxRecords;
  for (const i of order) {
    if (left <= 0) break;
    const rows = Math.min(groupRows[i] ?? 0, left);
    if (rows === 0) continue;
    const start = starts[i] ?? 0;
    ranges.push({ rowStart: start, rowEnd: start + rows, wholeGroup: rows === groupRows[i] });
    left -= rows;
  }
  return ranges.sort((a, b) => a.rowStart - b.rowStart);
}
