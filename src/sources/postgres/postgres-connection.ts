import { readFileSync } from 'node:fs';
import { checkServerIdentity } from 'node:tls';
import pg from 'pg';
import { ConfigError } from '../../shared/errors.js';
import { DEFAULT_MAX_CONNECTIONS } from '../source-adapter.js';

export interface PostgresConnectionConfig {
  /** The source's name, for messages. */
  name?: string;
  url?: string;
  maxConnections?: number;
  statementTimeoutMs?: number;
  tls?: { enabled?: boolean; ca?: string; rejectUnauthorized?: boolean; servername?: string };
}

/** How long a piimap statement may wait for a lock before giving up (it never holds one). */
export const LOCK_TIMEOUT_MS = 5000;
/** `statement_timeout` unless the source sets statementTimeoutMs (DESIGN.md's estate config). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * A pool whose every session is read-only and bounded from its first statement: the startup
 * options set `default_transaction_read_only`, `statement_timeout` and `lock_timeout`, and
 * `application_name` marks piimap in `pg_stat_activity`. With no URL, pg reads the usual PG*
 * environment variables.
 */
export function openPostgresPool(config: PostgresConnectionConfig): pg.Pool {
  const timeout = config.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const servername = config.tls?.servername;
  return new pg.Pool({
    ...(config.url !== undefined && {
      connectionString: withoutSslParams(withoutOptions(config.url), config.tls),
    }),
    max: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    application_name: 'piimap',
    // The URL's own `options` come first, so piimap's read-only and timeout settings win.
    options: `${urlOptions(config.url)}-c default_transaction_read_only=on -c statement_timeout=${timeout} -c lock_timeout=${LOCK_TIMEOUT_MS} -c idle_in_transaction_session_timeout=${timeout * 2}`,
    ...(config.tls?.enabled && {
      ssl: {
        rejectUnauthorized: config.tls.rejectUnauthorized ?? true,
        ...(config.tls.ca !== undefined && { ca: readCa(config.tls.ca, config.name) }),
        // pg replaces `servername` with the URL's host name (it keeps it only for IP addresses),
        // so the certificate is checked against tls.servername here, whatever the URL says.
        ...(servername !== undefined && {
          servername,
          checkServerIdentity: (_host: string, cert) => checkServerIdentity(servername, cert),
        }),
      },
    }),
  });
}

/** The CA file named by tls.ca; a file that cannot be read is a config error naming the source. */
function readCa(path: string, source = 'postgres'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `source ${source}: tls.ca ${path}: ${(error as Error).message}; point tls.ca at the PEM file of the CA that signed the server's certificate`,
      { cause: error },
    );
  }
}

const URL_SSL_PARAMS = ['sslmode', 'ssl', 'sslrootcert', 'sslcert', 'sslkey'];

/**
 * With a `tls` block, the URL's own ssl parameters are dropped: pg lets them override the ssl
 * options wholesale, so `?sslmode=require` would silently discard tls.ca and tls.servername.
 */
function withoutSslParams(url: string, tls: PostgresConnectionConfig['tls']): string {
  if (tls === undefined) return url;
  try {
    const parsed = new URL(url);
    for (const param of URL_SSL_PARAMS) parsed.searchParams.delete(param);
    return parsed.toString();
  } catch {
    return url; // not a URL pg would parse either; pg reports it
  }
}

/**
 * A URL's `?options=` would replace piimap's startup options wholesale (pg lets connection-string
 * settings override the pool's), leaving the session writable and unbounded: they are taken out of
 * the URL and put before piimap's, where later `-c` settings win.
 */
function urlOptions(url: string | undefined): string {
  if (url === undefined) return '';
  try {
    const options = new URL(url).searchParams.get('options');
    return options ? `${options} ` : '';
  } catch {
    return '';
  }
}

function withoutOptions(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.searchParams.has('options')) return url;
    parsed.searchParams.delete('options');
    return parsed.toString();
  } catch {
    return url;
  }
}
