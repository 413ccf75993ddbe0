import type pg from 'pg';
import type { FieldDescriptor, Row, SampleOptions } from '../source-adapter.js';
import type { PostgresAsset } from './postgres-introspect.js';

/** Rows fetched per cursor read: bounded memory whatever the table size. */
const CURSOR_ROWS = 1000;
/** Below this many sampled rows per estimated row, row-level BERNOULLI beats page-level SYSTEM. */
const BERNOULLI_UP_TO_ROWS_PER_SAMPLE = 20;
/** SYSTEM samples whole pages, so ask for a bit more than needed; LIMIT cuts the rest. */
const OVERSAMPLE = 1.5;

/**
 * Types whose text form is short whatever the value (numbers, dates, times, uuids; numeric at most
 * ~147 KB): read as they are. Cutting them on the server would cost more than it could save — a
 * `left()` per value made a full read of the bench table 2.3× slower than the plain read. Not even
 * cast: COPY and the cursor (RAW_TEXT) both carry the type's own text output, which is what
 * `::text` gives, and the cast made the server spend 14% longer on the bench table.
 */
const BOUNDED_TYPES =
  /^(?:smallint|integer|bigint|real|double precision|boolean|date|uuid|money|oid|interval\b.*|numeric(?:\(\d+(?:,\d+)?\))?|(?:time|timestamp)(?:\(\d\))?(?: with(?:out)? time zone)?)$/;

/** varchar(n) / char(n): bounded by n characters. */
const BOUNDED_CHARACTERS = /^(?:character varying|character)\((\d+)\)$/;

/**
 * A field's value as text, cut to `maxChars` characters
 * on the server, so a 100 MB value never crosses the wire whole. Only values longer than the cut
 * pay for `left()`: octet_length reads a stored value's size without decoding it.
 */
export function valueExpression(
  field: FieldDescriptor,
  maxChars: number,
  quote: (identifier: string) => string,
): string {
  const column = quote(field.name);
  // inet/cidr as text carry the mask (`81.2.69.142/32`); host() gives the address alone.
  if (/^(inet|cidr)$/.test(field.dataType)) return `host(${column})`;
  const characters = BOUNDED_CHARACTERS.exec(field.dataType)?.[1];
  if (BOUNDED_TYPES.test(field.dataType)) return column;
  if (characters !== undefined && Number(characters) <= maxChars) return `(${column})::text`;
  const text = `(${column})::text`;
  // An integer literal, not a parameter: one would go untyped when no column needs cutting.
  const limit = String(Math.max(1, Math.trunc(maxChars)));
  return `CASE WHEN octet_length(${text}) > ${limit} THEN left(${text}, ${limit}) ELSE ${text} END`;
}

/**
 * How to read a sample of `asset`: every row when the table is no larger than the sample (or
 * `--full`); otherwise across the whole table with TABLESAMPLE — BERNOULLI (rows) for small tables,
 * SYSTEM (pages) for large ones; views from the head. Values are cut to maxValueBytes characters
 * by `left()` on the server.
 */
export function samplingQuery(
  asset: PostgresAsset,
  fields: readonly FieldDescriptor[],
  options: SampleOptions,
  quote: (identifier: string) => string,
): { method: string; sql: string } {
  const columns = fields.map((f) => valueExpression(f, options.maxValueBytes, quote)).join(', ');
  const table = `${quote(asset.schema)}.${quote(asset.table)}`;
  const estimate = asset.rowEstimate;
  if (options.full || (estimate !== undefined && estimate <= options.sampleSize && asset.kind === 'table')) {
    return { method: 'full', sql: `SELECT ${columns} FROM ${table}` };
  }
  // An integer literal, not a parameter: COPY (query) takes none.
  const limit = String(Math.max(1, Math.trunc(options.sampleSize)));
  if (asset.kind === 'view' || estimate === undefined || estimate === 0) {
    return { method: 'head', sql: `SELECT ${columns} FROM ${table} LIMIT ${limit}` };
  }
  const method = estimate <= options.sampleSize * BERNOULLI_UP_TO_ROWS_PER_SAMPLE ? 'BERNOULLI' : 'SYSTEM';
  const percent = Math.min(100, (100 * options.sampleSize * OVERSAMPLE) / estimate);
  const seed = options.seed !== undefined ? Math.trunc(options.seed) : undefined;
  const repeatable = seed !== undefined ? ` REPEATABLE (${seed})` : '';
  const shuffle = seed !== undefined ? `hashtext(ctid::text || '${seed}')` : 'random()';
  return {
    method: `tablesample-${method.toLowerCase()}`,
    // The sampled rows are shuffled before LIMIT: cutting them in physical order would drop the
    // end of the table (measured: a 7.5% BERNOULLI sample cut to 1,000 rows covered only ids < 13,000 of 20,000).
    sql: `SELECT ${columns} FROM ${table} TABLESAMPLE ${method} (${percent.toFixed(6)})${repeatable} ORDER BY ${shuffle} LIMIT ${limit}`,
  };
}

/** Every value as the server's text output, as COPY sends it: no Date, number or boolean parsing. */
const RAW_TEXT = { getTypeParser: () => (text: string) => text };

/**
 * Streams the query's rows through an SQL cursor inside a read-only transaction, in runs of one
 * FETCH (CURSOR_ROWS rows), the next FETCH sent before this one's rows are handed on. Each FETCH is
 * a statement of its own, so `statement_timeout` bounds every read rather than the whole table (a
 * protocol-level portal keeps one statement open until the end, and a full read of a large table
 * then hit the timeout — measured in bench/scan). The caller owns the client (and destroys it if
 * the stream is abandoned half-way).
 */
export async function* streamRows(client: pg.PoolClient, sql: string): AsyncGenerator<Row[]> {
  await client.query('BEGIN READ ONLY');
  await client.query(`DECLARE piimap_sample NO SCROLL CURSOR FOR ${sql}`);
  const fetchNext = () => {
    const read = client.query<Row>({
      text: `FETCH ${CURSOR_ROWS} FROM piimap_sample`,
      rowMode: 'array',
      types: RAW_TEXT,
    });
    read.catch(() => {}); // awaited below; a stream abandoned mid-read must not leave it unhandled
    return read;
  };
  // One FETCH always in flight: the server reads the next rows while these are detected.
  let pending = fetchNext();
  for (;;) {
    const { rows } = await pending;
    if (rows.length === 0) break;
    pending = fetchNext();
    yield rows;
  }
  await client.query('CLOSE piimap_sample');
  await client.query('COMMIT');
}
