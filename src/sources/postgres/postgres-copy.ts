/**
 * Full reads of a table through `COPY (SELECT …) TO STDOUT`: the server sends text rows as fast as
 * it can produce them, and CopyTextBatcher turns the bytes straight into per-column value batches —
 * no row objects, no string per value. A table is read in ranges of pages (`ctid` ranges, a TID
 * range scan on PostgreSQL 14+), one COPY statement each, all under one REPEATABLE READ snapshot:
 * `statement_timeout` then bounds each range, not the whole table, and no row is read twice or
 * missed between ranges.
 */
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { CopyRows, FieldDescriptor } from '../source-adapter.js';
import { CopyTextBatcher } from './copy-text-batches.js';
import type { PostgresAsset } from './postgres-introspect.js';
import { valueExpression } from './postgres-sample.js';

/** Heap pages per COPY statement: 64 MiB of table, well within any sensible statement timeout. */
export const PAGES_PER_COPY = 8192;

/** TID range scans (a ctid range read without a full scan) came with PostgreSQL 14. */
const TID_RANGE_SCAN_SINCE = 140000;

/**
 * The COPY statements that read all of `asset`'s rows, in page order: one per PAGES_PER_COPY
 * pages, the last one open-ended; one for the whole table when ranges cannot be used (a server
 * before 14, or an empty table).
 */
export function copyStatements(
  asset: PostgresAsset,
  fields: readonly FieldDescriptor[],
  maxValueChars: number,
  pages: number,
  serverVersion: number,
  quote: (identifier: string) => string,
  pagesPerCopy = PAGES_PER_COPY,
): string[] {
  const columns = fields.map((field) => valueExpression(field, maxValueChars, quote)).join(', ');
  const select = `SELECT ${columns} FROM ${quote(asset.schema)}.${quote(asset.table)}`;
  const copy = (where: string) => `COPY (${select}${where}) TO STDOUT`;
  if (serverVersion < TID_RANGE_SCAN_SINCE || pages <= pagesPerCopy) return [copy('')];
  const statements: string[] = [];
  for (let from = 0; from < pages; from += pagesPerCopy) {
    const to = from + pagesPerCopy;
    statements.push(
      copy(
        to < pages
          ? ` WHERE ctid >= '(${from},0)'::tid AND ctid < '(${to},0)'::tid`
          : ` WHERE ctid >= '(${from},0)'::tid`,
      ),
    );
  }
  return statements;
}

/**
 * In one round trip, inside the snapshot: the server's version and the pages of the largest
 * relation behind `asset` (itself, or the partition or inheritance child with the most) — every
 * ctid of the asset's rows lies below them.
 */
async function serverAndPages(
  client: pg.PoolClient,
  asset: PostgresAsset,
): Promise<{ serverVersion: number; pages: number }> {
  const { rows } = await client.query<{ version: string; pages: string }>(
    `WITH RECURSIVE rels(oid) AS (
       SELECT $1::oid
       UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN rels r ON i.inhparent = r.oid
     )
     SELECT current_setting('server_version_num') AS version,
            coalesce(max(pg_relation_size(oid) / current_setting('block_size')::bigint), 0)::text AS pages
     FROM rels`,
    [asset.oid],
  );
  return { serverVersion: Number(rows[0]?.version ?? 0), pages: Number(rows[0]?.pages ?? 0) };
}

/**
 * Streams every row of `asset` as batches of `rowsPerBatch` rows by column, inside one read-only
 * REPEATABLE READ transaction. The caller owns the client (and destroys it if the stream is
 * abandoned half-way: a COPY cannot be stopped politely).
 */
export async function* copyBatches(
  client: pg.PoolClient,
  asset: PostgresAsset,
  fields: readonly FieldDescriptor[],
  options: { maxValueChars: number; rowsPerBatch: number; pagesPerCopy?: number },
  quote: (identifier: string) => string,
): AsyncGenerator<CopyRows> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const { serverVersion, pages } = await serverAndPages(client, asset);
  const statements = copyStatements(
    asset,
    fields,
    options.maxValueChars,
    pages,
    serverVersion,
    quote,
    options.pagesPerCopy,
  );
  yield* copiedBatches(client, statements, fields.length, options.rowsPerBatch);
  await client.query('COMMIT');
}

/**
 * A sample's rows by column: `select` (a SELECT without parameters that reads at most a sample's
 * rows) through one COPY, in a read-only transaction. The caller owns the client, as for copyBatches.
 */
export async function* copySampleBatches(
  client: pg.PoolClient,
  select: string,
  columnCount: number,
  rowsPerBatch: number,
): AsyncGenerator<CopyRows> {
  await client.query('BEGIN READ ONLY');
  yield* copiedBatches(client, [`COPY (${select}) TO STDOUT`], columnCount, rowsPerBatch);
  await client.query('COMMIT');
}

/** The statements' COPY output as batches: one batcher across them (a statement ends on a row boundary, and batches stay full). */
async function* copiedBatches(
  client: pg.PoolClient,
  statements: readonly string[],
  columnCount: number,
  rowsPerBatch: number,
): AsyncGenerator<CopyRows> {
  const batcher = new CopyTextBatcher(columnCount, rowsPerBatch);
  for (const statement of statements) {
    for await (const chunk of client.query(copyStreams.to(statement)) as AsyncIterable<Buffer>)
      yield* batcher.push(chunk);
  }
  yield* batcher.finish();
}
