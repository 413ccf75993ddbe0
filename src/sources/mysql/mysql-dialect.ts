/**
 * What differs between MySQL and MariaDB servers, decided once from `SELECT VERSION()`. Shared
 * code asks the dialect, never "which server is this?".
 */
export type MysqlServer = 'mysql' | 'mariadb';

export interface SessionLimits {
  /** 0 disables the limit. */
  statementTimeoutMs: number;
  lockWaitSeconds: number;
}

export interface SessionStatement {
  sql: string;
  values: number[];
}

export interface MysqlDialect {
  server: MysqlServer;
  version: string;
  /** The session variable that bounds a statement's run time, and its value in that variable's unit. */
  statementTimeout(ms: number): { variable: string; value: number };
  /** Run on every new connection before it is used: read-only, bounded, fresh statistics. */
  sessionStatements(limits: SessionLimits): SessionStatement[];
  /** MariaDB's JSON is LONGTEXT plus a `json_valid()` check; only the check tells it apart. */
  jsonByCheckConstraint: boolean;
}

export function mysqlDialect(version: string): MysqlDialect {
  const server: MysqlServer = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/).map(Number);
  // MySQL 8 caches information_schema.TABLES row counts for a day unless told not to.
  const cachesStatistics = server === 'mysql' && major * 10_000 + minor * 100 + patch >= 80_003;
  const statementTimeout = (ms: number) =>
    // MariaDB counts seconds (fractions allowed); MySQL counts milliseconds (SELECT only).
    server === 'mariadb'
      ? { variable: 'max_statement_time', value: ms / 1000 }
      : { variable: 'max_execution_time', value: Math.round(ms) };
  return {
    server,
    version,
    statementTimeout,
    jsonByCheckConstraint: server === 'mariadb',
    sessionStatements(limits) {
      const timeout = statementTimeout(limits.statementTimeoutMs);
      return [
        { sql: 'SET SESSION TRANSACTION READ ONLY', values: [] },
        {
          sql: `SET SESSION ${timeout.variable} = ?, lock_wait_timeout = ?, innodb_lock_wait_timeout = ?`,
          values: [timeout.value, limits.lockWaitSeconds, limits.lockWaitSeconds],
        },
        ...(cachesStatistics ? [{ sql: 'SET SESSION information_schema_stats_expiry = 0', values: [] }] : []),
      ];
    },
  };
}
