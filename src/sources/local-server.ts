import { hostname, networkInterfaces } from 'node:os';
import type { SourceConfig } from '../config/estate-config.js';
import { type MysqlConnectionConfig, mysqlEndpoint } from './mysql/mysql-connection.js';

/** Host names and addresses that always mean this machine. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0|::)$/i;

/**
 * Whether a source's database server runs on this machine: a Postgres or MySQL/MariaDB source whose
 * host (from its URL, else the drivers' environment variables, else their default, localhost) is a
 * loopback address, a Unix socket, this host's name or one of its interfaces' addresses. Such a
 * server's backend needs a core of its own to produce the rows a scan reads.
 */
export function runsOnThisMachine(source: SourceConfig, env: NodeJS.ProcessEnv = process.env): boolean {
  if (source.type !== 'postgres' && source.type !== 'mysql') return false;
  const host = serverHost(source, env);
  if (host === null) return false;
  if (host === undefined || host === '' || host.startsWith('/') || LOOPBACK.test(host)) return true;
  if (host.toLowerCase() === hostname().toLowerCase()) return true;
  return Object.values(networkInterfaces()).some((addresses) =>
    (addresses ?? []).some((address) => address.address === host),
  );
}

/** The server's host; undefined: the driver's default (localhost); null: unknown. */
function serverHost(source: SourceConfig, env: NodeJS.ProcessEnv): string | undefined | null {
  try {
    // MySQL: where the adapter itself connects (its URL, else MYSQL_HOST, else 127.0.0.1).
    if (source.type === 'mysql') return mysqlEndpoint(source as MysqlConnectionConfig, env).host;
    const url = typeof source.url === 'string' ? source.url : undefined;
    if (url === undefined) return env.PGHOST;
    const parsed = new URL(url);
    // libpq's `?host=/var/run/postgresql` names a socket folder in place of the URL's host.
    return parsed.searchParams.get('host') ?? parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return null; // an invalid URL is reported when the source opens
  }
}
