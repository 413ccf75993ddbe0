import type Database from 'better-sqlite3';
import type { AssetDescriptor, FieldDescriptor, SampleOptions, TableSample } from '../source-adapter.js';
import { randomSource } from '../../shared/seeded-random.js';
import { quoteSqliteIdentifier } from './sqlite-quote.js';

/** Rows per random rowid range when sampling across a large table. */
const ROWS_PER_RANGE = 100;

/**
 * Samples across the whole table: a table no larger than the sample is read in full; a larger
 * rowid table in random rowid ranges; anything else (views, WITHOUT ROWID) from the head, and
 * the method says so. Values are cut to maxValueBytes bytes by SQLite itself, as a blob: SQLite's
 * text functions (`substr`, `length`) stop at a NUL, which would hide the rest of a value holding
 * one. A character split by the cut reads as U+FFFD.
 */
export function sampleRows(
  db: Database.Database,
  asset: AssetDescriptor,
  fields: readonly FieldDescriptor[],
  options: SampleOptions,
): TableSample {
  const table = quoteSqliteIdentifier(asset.name);
  const columns = fields
    .map(
      (f) =>
        `CASE WHEN ${quoteSqliteIdentifier(f.name)} IS NULL THEN NULL ELSE CAST(substr(CAST(${quoteSqliteIdentifier(f.name)} AS BLOB), 1, @max) AS TEXT) END`,
    )
    .join(', ');
  const max = options.maxValueBytes;
  const method = sqliteSampleMethod(asset, options);
  if (method === 'full') {
    return { method: 'full', rows: iterate(db.prepare(`SELECT ${columns} FROM ${table}`).raw(), { max }) };
  }
  if (method === 'head') {
    return {
      method: 'head',
      rows: iterate(db.prepare(`SELECT ${columns} FROM ${table} LIMIT @limit`).raw(), {
        max,
        limit: options.sampleSize,
      }),
    };
  }
  const bounds = db.prepare(`SELECT min(rowid) AS lo, max(rowid) AS hi FROM ${table}`).get() as {
    lo: number;
    hi: number;
  };
  const range = db
    .prepare(`SELECT rowid, ${columns} FROM ${table} WHERE rowid >= @from ORDER BY rowid LIMIT @limit`)
    .raw();
  const ranges = Math.ceil(options.sampleSize / ROWS_PER_RANGE);
  const random = randomSource(options.seed);
  const starts = Array.from(
    { length: ranges },
    () => bounds.lo + Math.floor(random() * (bounds.hi - bounds.lo + 1)),
  ).sort((a, b) => a - b);
  return { method: 'rowid-ranges', rows: rangeRows(range, starts, max) };
}

/** sampleRows' choice, from the listing's rowid span alone (`piimap plan` shows it). */
export function sqliteSampleMethod(
  asset: AssetDescriptor,
  options: SampleOptions,
): 'full' | 'head' | 'rowid-ranges' {
  const span = asset.rowEstimate;
  if (options.full || (span !== undefined && span <= options.sampleSize)) return 'full';
  return span === undefined ? 'head' : 'rowid-ranges';
}

async function* iterate(
  statement: Database.Statement,
  params: Record<string, number>,
): AsyncGenerator<(string | null)[]> {
  for (const row of statement.iterate(params)) yield row as (string | null)[];
}

async function* rangeRows(
  range: Database.Statement,
  starts: number[],
  max: number,
): AsyncGenerator<(string | null)[]> {
  // Ranges may overlap; reading each rowid once keeps the sample a sample.
  let next = -Infinity;
  for (const start of starts) {
    for (const row of range.iterate({ from: Math.max(start, next), limit: ROWS_PER_RANGE, max })) {
      const [rowid, ...values] = row as [number, ...(string | null)[]];
      next = rowid + 1;
      yield values;
    }
  }
}
