import type { ParquetParsers } from 'hyparquet';
import type { BatchBuilder } from './batch-builder.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text when they are UTF-8 without NULs (an unannotated string column); binary otherwise. */
function bytesAsText(bytes: Uint8Array): string | undefined {
  try {
    const text = utf8.decode(bytes);
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Dates as ISO dates (`1990-05-01`, as date-of-birth detection expects); timestamps stay `Date`s. */
export const PARQUET_PARSERS: Partial<ParquetParsers> = {
  dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10),
};

/** The text of a scalar cell: numbers and bigints as decimal, dates ISO; booleans, nulls and binary have none. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (value instanceof Uint8Array) return bytesAsText(value);
  return undefined;
}

/** JSON.stringify replacer for nested cells: bigints as decimal strings, binary left out, typed arrays as lists. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return bytesAsText(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<unknown>);
  return value;
}

/**
 * One cell into the batch. A scalar goes to the field named by the column (as a CSV header); a
 * struct, list or map (or a JSON column) is walked as `{"<column>": value}`, so its fields are JSON
 * paths rooted at the column: `$.address.city`, `$.tags[*]`, `$.attributes.*`.
 */
export function writeParquetCell(column: string, value: unknown, builder: BatchBuilder): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    builder.addJson(JSON.stringify({ [column]: value }, jsonSafe));
    return;
  }
  const text = scalarText(value);
  if (text !== undefined) builder.addValue(column, text);
}
