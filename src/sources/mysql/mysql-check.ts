/**
 * What `piimap plan` and `piimap check` ask a MySQL/MariaDB server: information_schema, session
 * variables and `LIMIT 0` statements, which open a table but read none of its rows.
 */
import { escapeId } from 'mysql2';
import type { PoolConnection, RowDataPacket } from 'mysql2/promise';
import { errorMessage } from '../../shared/errors.js';
import { redactErrorText } from '../../shared/redact.js';
import type {
  AssetAccess,
  FieldDescriptor,
  PlannedSample,
  SampleOptions,
  SessionReport,
} from '../source-adapter.js';
import type { MysqlDialect } from './mysql-dialect.js';
import { isAccessDenied } from './mysql-errors.js';
import { type MysqlTable, findSamplingKey } from './mysql-introspect.js';

/** ER_UNKNOWN_SYSTEM_VARIABLE: MySQL 8 has no tx_read_only, MariaDB before 11.1 no transaction_read_only. */
const UNKNOWN_VARIABLE = 1193;
const SERVER_NAMES = { mysql: 'MySQL', mariadb: 'MariaDB' } as const;

/**
 * planMysqlSample's decision from TABLE_ROWS instead of its bounded COUNT: `full` up to
 * sampleSize rows, else `key-ranges` when the table has a single-column integer key, else `head`.
 */
export async function planFromEstimate(
  connection: PoolConnection,
  table: MysqlTable,
  options: SampleOptions,
): Promise<PlannedSample> {
  const estimate = table.rowEstimate;
  const rows = estimate !== undefined ? { estimatedRows: estimate } : {};
  if (options.full) return { method: 'full', ...rows };
  if (table.kind === 'view') return { method: 'head', ...rows };
  const near =
    estimate === undefined
      ? 'no row estimate'
      : estimate > options.sampleSize / 2 && estimate < options.sampleSize * 2
        ? 'TABLE_ROWS is an estimate near the sample size'
        : undefined;
  const note = near && { note: `${near}: the scan counts up to ${options.sampleSize + 1} rows to decide` };
  if (estimate !== undefined && estimate <= options.sampleSize) return { method: 'full', ...rows, ...note };
  const key = await findSamplingKey(connection, table);
  return { method: key === undefined ? 'head' : 'key-ranges', ...rows, ...note };
}

/**
 * Whether the session's user may SELECT the columns a scan selects: the scan's own privilege
 * check, `SELECT … LIMIT 0`, which reads no row.
 */
export async function mysqlAccess(
  connection: PoolConnection,
  table: MysqlTable,
  fields: readonly FieldDescriptor[],
  user: string,
): Promise<AssetAccess> {
  const read = fields.filter((field) => field.scan !== 'skip').map((field) => escapeId(field.name, true));
  const target = `${escapeId(table.database, true)}.${escapeId(table.table, true)}`;
  try {
    await connection.query(`SELECT ${read.length > 0 ? read.join(', ') : '1'} FROM ${target} LIMIT 0`);
    return { readable: true };
  } catch (error) {
    const text = redactErrorText(errorMessage(error));
    return {
      readable: false,
      detail: isAccessDenied(error)
        ? `${user} may not SELECT from it (${text}); GRANT SELECT ON ${target} TO ${user} to scan its values`
        : text,
    };
  }
}

/** `user@host` as GRANT takes it, quoted. */
export async function mysqlCurrentUser(connection: PoolConnection): Promise<string> {
  const [[row]] = await connection.query<RowDataPacket[]>('SELECT CURRENT_USER() AS user');
  const [name = '', host = '%'] = String(row?.user).split(/@(?=[^@]*$)/);
  return `'${name.replace(/'/g, "''")}'@'${host.replace(/'/g, "''")}'`;
}

/** The session as the server sees it: read-only, time-limited, which version, which user. */
export async function mysqlSession(
  connection: PoolConnection,
  dialect: MysqlDialect,
): Promise<SessionReport> {
  const readOnly = await readOnlyVariable(connection);
  const { variable, value: perSecond } = dialect.statementTimeout(1000);
  const [[row]] = await connection.query<RowDataPacket[]>(
    `SELECT CURRENT_USER() AS user, @@session.${variable} AS timeout`,
  );
  return {
    server: `${SERVER_NAMES[dialect.server]} ${dialect.version.split('-')[0]}`,
    user: String(row?.user),
    readOnly: readOnly.value,
    readOnlyBy: `${readOnly.name} = ${readOnly.value ? 1 : 0}`,
    // The variable counts seconds (MariaDB) or milliseconds (MySQL): the dialect's value for 1 s says which.
    statementTimeoutMs: Math.round((Number(row?.timeout) * 1000) / perSecond),
    warnings: [],
  };
}

async function readOnlyVariable(connection: PoolConnection): Promise<{ name: string; value: boolean }> {
  for (const name of ['transaction_read_only', 'tx_read_only']) {
    try {
      const [[row]] = await connection.query<RowDataPacket[]>(`SELECT @@session.${name} AS value`);
      return { name, value: Number(row?.value) === 1 };
    } catch (error) {
      if ((error as { errno?: number }).errno !== UNKNOWN_VARIABLE) throw error;
    }
  }
  return { name: 'transaction_read_only', value: false };
}
