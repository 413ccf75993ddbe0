import { escapeId } from 'mysql2';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { AssetDescriptor, FieldDescriptor } from '../source-adapter.js';
import type { MysqlDialect } from './mysql-dialect.js';
import { fieldScanMode } from './mysql-types.js';

/** An asset with the two parts its printable name `<database>.<table>` cannot be split back into. */
export interface MysqlTable extends AssetDescriptor {
  database: string;
  table: string;
}

const SYSTEM_DATABASES = ['information_schema', 'mysql', 'performance_schema', 'sys'];
/** MariaDB's system-versioned tables are tables; sequences and system views are not sampled. */
const TABLE_TYPES = ['BASE TABLE', 'SYSTEM VERSIONED'];

const TABLE_COLUMNS = `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS tbl, TABLE_TYPE AS type, TABLE_ROWS AS estimate
  FROM information_schema.TABLES`;

function toTable(row: RowDataPacket): MysqlTable {
  const kind = row.type === 'VIEW' ? 'view' : 'table';
  const estimate = row.estimate === null ? undefined : Number(row.estimate);
  return {
    name: `${row.db}.${row.tbl}`,
    kind,
    database: String(row.db),
    table: String(row.tbl),
    ...(kind === 'table' && estimate !== undefined && { rowEstimate: estimate }),
  };
}

/** Tables (and views) of the given (non-empty) databases, or of every non-system database. */
export async function listMysqlTables(
  connection: PoolConnection,
  databases: readonly string[] | undefined,
  views: boolean,
): Promise<MysqlTable[]> {
  const types = views ? [...TABLE_TYPES, 'VIEW'] : TABLE_TYPES;
  const [rows] = await connection.query<RowDataPacket[]>(
    `${TABLE_COLUMNS} WHERE TABLE_TYPE IN (?) AND TABLE_SCHEMA ${databases ? 'IN' : 'NOT IN'} (?)
     ORDER BY TABLE_SCHEMA, TABLE_NAME`,
    [types, databases ?? SYSTEM_DATABASES],
  );
  return rows.map(toTable);
}

/** An asset named by its printable id alone (not listed in this session). */
export async function findMysqlTable(
  connection: PoolConnection,
  name: string,
): Promise<MysqlTable | undefined> {
  const [rows] = await connection.query<RowDataPacket[]>(
    `${TABLE_COLUMNS} WHERE CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) = ? ORDER BY TABLE_SCHEMA LIMIT 1`,
    [name],
  );
  return rows[0] && toTable(rows[0]);
}

export async function describeMysqlTable(
  connection: PoolConnection,
  table: MysqlTable,
  dialect: MysqlDialect,
): Promise<FieldDescriptor[]> {
  const [columns] = await connection.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType
     FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table.database, table.table],
  );
  const json = dialect.jsonByCheckConstraint ? await jsonCheckClauses(connection, table) : new Set<string>();
  return columns.map(({ name, dataType, columnType }) => {
    // The server writes the check with the column quoted as escapeId quotes it.
    const isJson = json.has(`json_valid(${escapeId(String(name), true)})`);
    return {
      name: String(name),
      dataType: isJson ? 'json' : String(columnType),
      ...fieldScanMode(dataType, isJson),
    };
  });
}

async function jsonCheckClauses(connection: PoolConnection, table: MysqlTable): Promise<Set<string>> {
  const [checks] = await connection.query<RowDataPacket[]>(
    `SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS
     WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?`,
    [table.database, table.table],
  );
  return new Set(checks.map((check) => String(check.clause)));
}

/**
 * A key to sample ranges of: a single-column integer PRIMARY KEY, else a single-column integer
 * UNIQUE index on a NOT NULL column — an index the server can seek and order by.
 */
export async function findSamplingKey(
  connection: PoolConnection,
  table: MysqlTable,
): Promise<string | undefined> {
  const [keys] = await connection.query<RowDataPacket[]>(
    `SELECT MIN(s.COLUMN_NAME) AS name
     FROM information_schema.STATISTICS s
     JOIN information_schema.COLUMNS c
       ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
     WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0
     GROUP BY s.INDEX_NAME
     HAVING COUNT(*) = 1 AND MIN(c.IS_NULLABLE) = 'NO'
        AND MIN(c.DATA_TYPE) IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint')
     ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME
     LIMIT 1`,
    [table.database, table.table],
  );
  return keys[0] && String(keys[0].name);
}
