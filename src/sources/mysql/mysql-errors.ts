import { escapeId } from 'mysql2';
import { SourceError, errorMessage } from '../../shared/errors.js';
import { redactErrorText } from '../../shared/redact.js';
import type { MysqlTable } from './mysql-introspect.js';
import { connectHint } from '../connect-hint.js';

/** ER_DBACCESS_DENIED_ERROR, ER_TABLEACCESS_DENIED_ERROR, ER_COLUMNACCESS_DENIED_ERROR. */
const ACCESS_DENIED = new Set([1044, 1142, 1143]);

export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has((error as { errno?: number }).errno ?? 0);
}

/** ER_STATEMENT_TIMEOUT (MariaDB's max_statement_time), ER_QUERY_TIMEOUT (MySQL's max_execution_time). */
const STATEMENT_TIMEOUT = new Set([1969, 3024]);
/** ER_NO_SUCH_TABLE. */
const NO_SUCH_TABLE = 1146;
/** ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED (MariaDB), CR_SERVER_GONE_ERROR, CR_SERVER_LOST. */
const CONNECTION_ENDED = new Set([1053, 1927, 2006, 2013]);
const SOCKET_LOST = new Set(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE']);

function connectionLost(error: unknown): boolean {
  const { errno, code } = error as { errno?: number; code?: string };
  return CONNECTION_ENDED.has(errno ?? 0) || SOCKET_LOST.has(code ?? '');
}

/**
 * An asset that cannot be read, named first, with what to do: a missing privilege says which GRANT
 * fixes it, a statement timeout which setting to raise (`statementTimeoutMs`, the source's).
 */
export function mysqlAssetError(
  source: string,
  table: MysqlTable,
  error: unknown,
  statementTimeoutMs?: number,
): SourceError {
  if (error instanceof SourceError) return error;
  const text = redactErrorText(errorMessage(error));
  const fail = (message: string) =>
    new SourceError(`source ${source}: ${table.name}: ${message}`, { cause: error });
  if (isAccessDenied(error)) {
    const target = `${escapeId(table.database, true)}.${escapeId(table.table, true)}`;
    return new SourceError(
      `source ${source}: ${table.name}: the scanning user may not SELECT from it (${text}); GRANT SELECT ON ${target} TO that user to scan its values`,
      { cause: error, permissionDenied: true },
    );
  }
  const errno = (error as { errno?: number }).errno ?? 0;
  if (STATEMENT_TIMEOUT.has(errno)) {
    const limit = statementTimeoutMs !== undefined ? ` (${statementTimeoutMs} ms)` : '';
    return fail(
      `a query ran longer than the statement timeout${limit} and was interrupted (${text}); raise statementTimeoutMs in source ${source} (or exclude the table) to read it`,
    );
  }
  if (errno === NO_SUCH_TABLE)
    return fail(
      `no longer exists (${text}); it was dropped or renamed after the listing, so there was nothing to read — the next scan lists what is there now`,
    );
  if (connectionLost(error))
    return fail(
      `the connection to the server was lost while it was read (${text}): the server restarted or the session was killed; the scan went on with the next table — scan again to read this one`,
    );
  return fail(text);
}

export function mysqlConnectError(source: string, location: string, error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  return new SourceError(
    `source ${source}: cannot connect to ${location} (${redactErrorText(errorMessage(error))}); ${connectHint(error)}`,
    { cause: error },
  );
}

/** Any other failure of the source (listing, say), its text redacted. */
export function mysqlSourceError(source: string, error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  return new SourceError(`source ${source}: ${redactErrorText(errorMessage(error))}`, { cause: error });
}
