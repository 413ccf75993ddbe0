import { readFileSync } from 'node:fs';
import type { PoolOptions } from 'mysql2/promise';
import { ConfigError } from '../../shared/errors.js';
import { redactUrl } from '../../shared/redact.js';
import { DEFAULT_MAX_CONNECTIONS } from '../source-adapter.js';

export interface MysqlConnectionConfig {
  name: string;
  url?: string;
  maxConnections?: number;
  /** `ca` is a PEM file path. */
  tls?: { enabled?: boolean; ca?: string; rejectUnauthorized?: boolean; servername?: string };
}

export interface MysqlEndpoint {
  host: string;
  port: number;
  user: string;
  password?: string;
  database?: string;
  /** Where the server is, without the password: safe to print and store. */
  location: string;
}

/**
 * Where to connect: the URL (`mysql://` or `mariadb://`), or else the variables the MySQL
 * clients read (MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PWD, MYSQL_DATABASE).
 */
export function mysqlEndpoint(config: MysqlConnectionConfig, env = process.env): MysqlEndpoint {
  if (config.url === undefined) {
    const host = env.MYSQL_HOST || '127.0.0.1';
    const port = Number(env.MYSQL_PORT || 3306);
    const user = env.MYSQL_USER || 'root';
    const database = env.MYSQL_DATABASE || undefined;
    return {
      host,
      port,
      user,
      ...(env.MYSQL_PWD && { password: env.MYSQL_PWD }),
      ...(database && { database }),
      location: `mysql://${encodeURIComponent(user)}@${host}:${port}/${database ?? ''}`,
    };
  }
  const location = redactUrl(config.url);
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new ConfigError(`source ${config.name}: url ${location} is not a valid URL`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:')
    throw new ConfigError(`source ${config.name}: url ${location} must start with mysql:// or mariadb://`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username) || 'root',
    ...(url.password && { password: decodeURIComponent(url.password) }),
    ...(database && { database }),
    location,
  };
}

/**
 * Pool options: a small pool (per-source connection limit), `program_name` so DBAs see piimap in
 * `performance_schema.session_connect_attrs`, values as strings and no multi-statements.
 */
export function mysqlPoolOptions(config: MysqlConnectionConfig, endpoint: MysqlEndpoint): PoolOptions {
  const { location: _location, ...server } = endpoint;
  return {
    ...server,
    connectionLimit: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    connectAttributes: { program_name: 'piimap' },
    multipleStatements: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    ...(config.tls?.enabled && { ssl: tlsOptions(config, endpoint.host) }),
  };
}

/**
 * TLS that checks the certificate chain and, unless told not to, the host name (mysql2 checks
 * only the chain by default). mysql2 always checks against the host it connects to, so a
 * different `servername` cannot be honoured and is refused rather than ignored.
 */
function tlsOptions(config: MysqlConnectionConfig, host: string): NonNullable<PoolOptions['ssl']> {
  const tls = config.tls ?? {};
  if (tls.servername !== undefined && tls.servername !== host)
    throw new ConfigError(
      `source ${config.name}: tls.servername ${tls.servername} differs from the host ${host}; the MySQL driver verifies the certificate against the host, so connect by that name`,
    );
  let ca: string | undefined;
  try {
    if (tls.ca !== undefined) ca = readFileSync(tls.ca, 'utf8');
  } catch (error) {
    throw new ConfigError(`source ${config.name}: tls.ca ${tls.ca}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const verify = tls.rejectUnauthorized ?? true;
  return { rejectUnauthorized: verify, verifyIdentity: verify, ...(ca !== undefined && { ca }) };
}
