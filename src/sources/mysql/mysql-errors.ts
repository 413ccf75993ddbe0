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

/** An asset that cannot be read, named first; a missing privilege says which GRANT fixes it. */
export function mysqlAssetError(source: string, table: MysqlTable, error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const text = redactErrorText(errorMessage(error));
  if (isAccessDenied(error)) {
    const target = `${escapeId(table.database, true)}.${escapeId(table.table, true)}`;
    return new SourceError(
      `source ${source}: ${table.name}: the scanning user may not SELECT from it (${text}); GRANT SELECT ON ${target} TO that user to scan its values`,
      { cause: error, permissionDenied: true },
    );
  }
  return new SourceError(`source ${source}: ${table.name}: ${text}`, { cause: error });
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
