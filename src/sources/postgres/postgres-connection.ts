import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DEFAULT_MAX_CONNECTIONS } from '../source-adapter.js';

export interface PostgresConnectionConfig {
  url?: string;
  maxConnections?: number;
  statementTimeoutMs?: number;
  tls?: { enabled?: boolean; ca?: string; rejectUnauthorized?: boolean; servername?: string };
}

/** How long a piimap statement may wait for a lock before giving up (it never holds one). */
const LOCK_TIMEOUT_MS = 5000;

/**
 * A pool whose every session is read-only and bounded from its first statement: the startup
 * options set `default_transaction_read_only`, `statement_timeout` and `lock_timeout`, and
 * `application_name` marks piimap in `pg_stat_activity`. With no URL, pg reads the usual PG*
 * environment variables.
 */
export function openPostgresPool(config: PostgresConnectionConfig): pg.Pool {
  const timeout = config.statementTimeoutMs ?? 30_000;
  return new pg.Pool({
    ...(config.url !== undefined && { connectionString: config.url }),
    max: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    application_name: 'piimap',
    options: `-c default_transaction_read_only=on -c statement_timeout=${timeout} -c lock_timeout=${LOCK_TIMEOUT_MS} -c idle_in_transaction_session_timeout=${timeout * 2}`,
    ...(config.tls?.enabled && {
      ssl: {
        rejectUnauthorized: config.tls.rejectUnauthorized ?? true,
        ...(config.tls.ca !== undefined && { ca: readFileSync(config.tls.ca, 'utf8') }),
        ...(config.tls.servername !== undefined && { servername: config.tls.servername }),
      },
    }),
  });
}
