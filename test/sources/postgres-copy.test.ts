/**
 * Full reads through COPY (postgres-copy.ts) against the real server: every row once across page
 * ranges and partitions, values decoded exactly as the cursor path reads them, and a full scan's
 * classifications equal to those of the same rows read by cursor.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { openPostgresPool } from '../../src/sources/postgres/postgres-connection.js';
import { copyBatches, copyStatements } from '../../src/sources/postgres/postgres-copy.js';
import { describePostgresAsset, listPostgresAssets } from '../../src/sources/postgres/postgres-introspect.js';
import type { PostgresAsset } from '../../src/sources/postgres/postgres-introspect.js';
import { samplingQuery, streamRows } from '../../src/sources/postgres/postgres-sample.js';

const URL_ = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `piimap_copy_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: URL_ });
const pool = openPostgresPool({ url: URL_ });
const quote = (identifier: string) => pg.escapeIdentifier(identifier);

/** Values COPY has to escape, and the NULL/blank/`\N` cases it must tell apart. */
const TRICKY = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  'N',
  '',
  '   ',
  '\u00a0',
  'émoji 😀 jane@example.com',
  '{"email": "jane@example.com"}',
  'bell\u0007 and \b\f\v',
];

before(async () => {
  await admin.connect();
  await admin.query(`
    CREATE SCHEMA ${SCHEMA};
    SET search_path TO ${SCHEMA};
    CREATE TABLE ranged (id int, email text);
    INSERT INTO ranged SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 5000) g;
    CREATE TABLE parted (id int, note text) PARTITION BY RANGE (id);
    CREATE TABLE parted_a PARTITION OF parted FOR VALUES FROM (0) TO (3000);
    CREATE TABLE parted_b PARTITION OF parted FOR VALUES FROM (3000) TO (4000);
    INSERT INTO parted SELECT g, 'note ' || g FROM generate_series(0, 3999) g;
    CREATE TABLE tricky (id int, body text, amount numeric, at timestamptz, doc jsonb, code varchar(3),
      big bigint, ok boolean, born date, took interval, ratio real, key uuid);
    ANALYZE;
  `);
  for (const [i, body] of [...TRICKY, null].entries())
    await admin.query(
      `INSERT INTO ${SCHEMA}.tricky VALUES ($1, $2, 12.5, '2024-01-02 03:04:05+00', '{"a": [1, "x@y.io"]}', 'abc',
        9007199254740993, true, '1990-05-17', '1 day 02:03:04', 0.1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')`,
      [i, body],
    );
});

after(async () => {
  await admin.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await admin.end();
  await pool.end();
});

async function assetNamed(table: string): Promise<PostgresAsset> {
  const client = await pool.connect();
  try {
    const asset = (await listPostgresAssets(client, [SCHEMA], false)).find((a) => a.table === table);
    assert.ok(asset, `${table} is listed`);
    return asset;
  } finally {
    client.release();
  }
}

/** Every column's non-empty values and the rows read, through COPY. */
async function readByCopy(table: string, options: { pagesPerCopy?: number; rowsPerBatch?: number } = {}) {
  const asset = await assetNamed(table);
  const client = await pool.connect();
  try {
    const fields = await describePostgresAsset(client, asset);
    const columns: string[][] = fields.map(() => []);
    let rows = 0;
    let runs = 0;
    const batchOptions = { maxValueChars: 1000, rowsPerBatch: options.rowsPerBatch ?? 2000, ...options };
    for await (const run of copyBatches(client, asset, fields, batchOptions, quote)) {
      rows += run.rows;
      runs++;
      run.columns.forEach(({ batch, seen }, column) => {
        assert.equal(seen, run.rows);
        for (let i = 0; i < batch.count; i++)
          columns[column]?.push(batch.bytes.toString('utf8', batch.starts[i], batch.ends[i]));
      });
    }
    return { rows, runs, columns };
  } finally {
    client.release();
  }
}

describe('Postgres full reads through COPY', { concurrency: false }, () => {
  test('page ranges read every row once, in one snapshot', async () => {
    const whole = await readByCopy('ranged');
    const ranged = await readByCopy('ranged', { pagesPerCopy: 3 });
    assert.equal(ranged.rows, 5000);
    assert.deepEqual(ranged.columns, whole.columns);
    assert.equal(new Set(ranged.columns[0]).size, 5000, 'no row read twice');
  });

  test('a partitioned table is read whole, partition pages ranged together', async () => {
    const { rows, columns } = await readByCopy('parted', { pagesPerCopy: 2 });
    assert.equal(rows, 4000);
    assert.deepEqual(
      [...(columns[0] ?? [])].map(Number).sort((a, b) => a - b),
      Array.from({ length: 4000 }, (_, i) => i),
    );
  });

  test('ranges are statements of their own, the last one open-ended', () => {
    const asset = { schema: 's', table: 't' } as PostgresAsset;
    const fields = [{ name: 'a', dataType: 'text', scan: 'values' as const }];
    const ranged = copyStatements(asset, fields, 100, 20, 150000, quote, 8);
    assert.equal(ranged.length, 3);
    assert.match(ranged[0] as string, /ctid >= '\(0,0\)'::tid AND ctid < '\(8,0\)'::tid/);
    assert.match(ranged[2] as string, /WHERE ctid >= '\(16,0\)'::tid\) TO STDOUT$/);
    assert.equal(copyStatements(asset, fields, 100, 20, 130000, quote, 8).length, 1, 'before 14: one COPY');
    assert.equal(copyStatements(asset, fields, 100, 4, 150000, quote, 8).length, 1, 'small: one COPY');
  });

  test('values decode exactly as the cursor path reads them', async () => {
    const asset = await assetNamed('tricky');
    const client = await pool.connect();
    let byCursor: string[][];
    try {
      const fields = await describePostgresAsset(client, asset);
      const { sql } = samplingQuery(asset, fields, { sampleSize: 0, maxValueBytes: 1000, full: true }, quote);
      byCursor = fields.map(() => []);
      for await (const run of streamRows(client, sql))
        for (const row of run)
          row.forEach((value, column) => {
            if (value !== null && value.trim() !== '') byCursor[column]?.push(value);
          });
    } finally {
      client.release();
    }
    const byCopy = await readByCopy('tricky', { rowsPerBatch: 5 });
    assert.equal(byCopy.rows, TRICKY.length + 1);
    const sortEach = (columns: string[][]) => columns.map((values) => [...values].sort());
    assert.deepEqual(sortEach(byCopy.columns), sortEach(byCursor));
    assert.ok(byCopy.columns[1]?.includes('\\N') && byCopy.columns[1]?.includes('tab\there'));
    // Typed values arrive as the server's text output on both paths: no Date, number or boolean.
    assert.deepEqual(
      byCursor.slice(6).map((values) => values[0]),
      [
        '9007199254740993',
        't',
        '1990-05-17',
        '1 day 02:03:04',
        '0.1',
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      ],
    );
  });
});
