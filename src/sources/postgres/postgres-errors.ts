import { SourceError, errorMessage } from '../../shared/errors.js';

/** SQLSTATEs piimap tells apart (PostgreSQL appendix A). */
const INSUFFICIENT_PRIVILEGE = '42501';
const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA_NAME = '3F000';
const QUERY_CANCELED = '57014';
const LOCK_NOT_AVAILABLE = '55P03';
/** admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping, restarting or starting. */
const SERVER_GOING_OR_COMING = new Set(['57P01', '57P02', '57P03']);
const SOCKET_GONE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * The server went away or is not back yet: a restart, a failover, a terminated session, a dropped
 * socket (class 08 is "connection exception"). Worth waiting for; not the asset's fault.
 */
export function serverUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  return (
    SERVER_GOING_OR_COMING.has(code) ||
    SOCKET_GONE.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|not queryable/.test(errorMessage(error))
  );
}

export interface PostgresErrorContext {
  /** The source's name, for the setting to change. */
  source: string;
  /** The session's statement_timeout, as configured. */
  statementTimeoutMs: number;
  lockTimeoutMs: number;
}

/** A failure while reading one asset, as a SourceError: the asset first, what happened, what to do. */
export function postgresAssetError(
  asset: string,
  error: unknown,
  context: PostgresErrorContext,
): SourceError {
  if (error instanceof SourceError) return error;
  const code = codeOf(error);
  const text = errorMessage(error);
  const fail = (message: string, permissionDenied = false) =>
    new SourceError(`${asset}: ${message}`, { cause: error, permissionDenied });
  if (code === INSUFFICIENT_PRIVILEGE)
    return fail('permission denied; GRANT SELECT on it to the scanning role to scan its values', true);
  if (code === UNDEFINED_TABLE || code === INVALID_SCHEMA_NAME)
    return fail(
      `no longer exists (${text}); it was dropped or renamed after the listing, so there was nothing to read — the next scan lists what is there now`,
    );
  if (code === QUERY_CANCELED && /statement timeout/.test(text))
    return fail(
      `a query ran longer than the statement timeout (${context.statementTimeoutMs} ms) and was canceled; raise statementTimeoutMs in source ${context.source} (or exclude the asset) to read it`,
    );
  if (code === LOCK_NOT_AVAILABLE)
    return fail(
      `waited longer than ${context.lockTimeoutMs} ms for a lock another session holds on it (${text}); scan again when that session is done`,
    );
  if (serverUnavailable(error))
    return fail(
      `the connection to the server was lost while it was read (${text}): the server restarted or ended the session; the scan went on with the next asset — scan again to read this one`,
    );
  return fail(text);
}
