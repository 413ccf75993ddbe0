/**
 * Fingerprints of listed MySQL/MariaDB tables for incremental scans, from information_schema only:
 * no table's rows are read. Sessions read fresh statistics: on MySQL 8 the dialect sets
 * `information_schema_stats_expiry = 0` (mysql-dialect.ts); MariaDB does not cache them.
 */
import { hash } from 'node:crypto';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { MysqlTable } from './mysql-introspect.js';

/**
 * UPDATE_TIME has one-second resolution. The pipeline takes fingerprints before it samples, so a
 * write during or after sampling moves the next fingerprint, unless it lands in the same second
 * as one the stored fingerprint already saw: a table written this recently counts as changed.
 * 2 s also covers NOW() and UPDATE_TIME being truncated to the second at different moments.
 */
const RECENT_SECONDS = 2;

const TABLES_SQL = `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, TABLE_TYPE AS type,
    UNIX_TIMESTAMP(UPDATE_TIME) AS updated, UPDATE_TIME >= NOW() - INTERVAL ? SECOND AS recent,
    TABLE_ROWS AS row_count, DATA_LENGTH AS data_bytes, INDEX_LENGTH AS index_bytes,
    UNIX_TIMESTAMP(CREATE_TIME) AS created
  FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?)`;

const COLUMNS_SQL = `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (?) ORDER BY ORDINAL_POSITION`;

const key = (db: unknown, table: unknown) => JSON.stringify([String(db), String(table)]);
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

/**
 * Per table: UPDATE_TIME (the last write; MariaDB's InnoDB keeps it at the same value through
 * TRUNCATE and ALTER), TABLE_ROWS, DATA_LENGTH and INDEX_LENGTH (InnoDB counts rows as they come
 * and go, so a TRUNCATE shows here), CREATE_TIME (ALTER TABLE, and on MySQL 8 TRUNCATE, recreate
 * the table) and the columns (name and type, in order). Two queries for all tables, results in the
 * tables' order.
 *
 * null where the server cannot tell: views; UPDATE_TIME NULL (InnoDB keeps it in memory only, so
 * it is lost on restart or when the table leaves the dictionary cache; MEMORY tables have none);
 * a write within RECENT_SECONDS; a table gone since listing.
 *
 * Known gap (MariaDB InnoDB): UPDATE_TIME is set at commit to the writing transaction's *start*
 * second. A transaction open across the fingerprint read that started in the same second as the
 * last one committed before it, and that changes no row count, leaves the fingerprint as it was
 * until the table's next write.
 */
export async function mysqlFingerprints(
  connection: PoolConnection,
  tables: readonly (MysqlTable | undefined)[],
): Promise<(string | null)[]> {
  const databases = [
    ...new Set(tables.flatMap((table) => (table?.kind === 'table' ? [table.database] : []))),
  ];
  if (databases.length === 0) return tables.map(() => null);
  const [stats] = await connection.query<RowDataPacket[]>(TABLES_SQL, [RECENT_SECONDS, databases]);
  const [columns] = await connection.query<RowDataPacket[]>(COLUMNS_SQL, [databases]);
  const columnsByTable = new Map<string, string[][]>();
  for (const column of columns) {
    const id = key(column.db, column.tbl);
    const list = columnsByTable.get(id) ?? [];
    list.push([String(column.name), String(column.type)]);
    columnsByTable.set(id, list);
  }
  const statsByTable = new Map(stats.map((row) => [key(row.db, row.tbl), row]));
  return tables.map((table) => {
    if (table === undefined || table.kind !== 'table') return null;
    const row = statsByTable.get(key(table.database, table.table));
    if (row === undefined || row.type === 'VIEW' || row.updated === null || Number(row.recent) !== 0)
      return null;
    return hash(
      'sha256',
      JSON.stringify([
        'mysql/1',
        text(row.updated),
        text(row.row_count),
        text(row.data_bytes),
        text(row.index_bytes),
        text(row.created),
        columnsByTable.get(key(table.database, table.table)) ?? [],
      ]),
    );
  });
}
