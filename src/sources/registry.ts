import { resolve } from 'node:path';
import type { SourceConfig } from '../config/estate-config.js';
import { SourceError } from '../shared/errors.js';
import { MysqlSource } from './mysql/mysql-source.js';
import { PostgresSource, type PostgresSourceConfig } from './postgres/postgres-source.js';
import type { SourceAdapter } from './source-adapter.js';
import { SqliteSource } from './sqlite/sqlite-source.js';

/** The one place that knows every source kind. */
export function openSource(config: SourceConfig, baseDir: string): SourceAdapter {
  switch (config.type) {
    case 'sqlite':
      return new SqliteSource({
        name: config.name,
        path: resolve(baseDir, String(config.path)),
        views: config.views === true,
      });
    case 'postgres':
      return new PostgresSource({
        ...databaseOptions(config, baseDir),
        ...(Array.isArray(config.schemas) && { schemas: config.schemas as string[] }),
      });
    case 'mysql':
      return new MysqlSource({
        ...databaseOptions(config, baseDir),
        ...(Array.isArray(config.databases) && { databases: config.databases as string[] }),
      });
    default:
      throw new SourceError(
        `source ${config.name}: ${config.type} sources are not supported by this version of piimap yet (sqlite, postgres and mysql are)`,
      );
  }
}

/** The keys database sources share (DESIGN.md's estate config). */
function databaseOptions(config: SourceConfig, baseDir: string) {
  return {
    name: config.name,
    views: config.views === true,
    ...(config.url !== undefined && { url: String(config.url) }),
    ...(typeof config.maxConnections === 'number' && { maxConnections: config.maxConnections }),
    ...(typeof config.statementTimeoutMs === 'number' && { statementTimeoutMs: config.statementTimeoutMs }),
    ...(config.tls !== undefined && { tls: withCaPath(config.tls as PostgresSourceConfig['tls'], baseDir) }),
  };
}

/** A TLS CA file named in the config is relative to the config file. */
function withCaPath(tls: PostgresSourceConfig['tls'], baseDir: string): PostgresSourceConfig['tls'] {
  return tls?.ca !== undefined ? { ...tls, ca: resolve(baseDir, tls.ca) } : tls;
}
