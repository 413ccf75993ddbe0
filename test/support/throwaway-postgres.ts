/**
 * A PostgreSQL server of a test's own (DESIGN.md, "Local services"): initdb into a temp folder,
 * started by pg_ctl as the postgres OS user on a free port, for tests that need a server
 * configured differently from the shared one (TLS, pg_hba rules, statement logging) or one they
 * may stop and restart. The test helpers connect over the Unix socket in the temp folder, so
 * pg_hba rules for TCP do not get in their way.
 */
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const BIN = '/usr/lib/postgresql/15/bin';
const INITDB = join(BIN, 'initdb');
const PG_CTL = join(BIN, 'pg_ctl');
/** Attempts to start on a fresh free port when another process took the one found. */
const START_ATTEMPTS = 3;

export interface ThrowawayPostgresOptions {
  /** PEM files for the server; copied into the temp folder, owned by postgres, mode 0600. */
  ssl?: { certFile: string; keyFile: string };
  /** Extra postgresql.conf settings (`log_statement: 'all'`); they win over the defaults. */
  settings?: Record<string, string>;
  /** pg_hba.conf lines placed before initdb's (the first matching line decides). */
  hba?: string[];
}

export interface ThrowawayPostgres {
  port: number;
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (TCP, so subject to `hba`). */
  url: string;
  /** The server's log (pg_ctl -l). */
  logFile: string;
  /** Runs SQL as postgres over the Unix socket and returns the rows. */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<Row[]>;
  /** pg_ctl restart (fast by default); the port and data survive. */
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** Stops the server (immediate) and removes the temp folder; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Why throwaway servers cannot run here, or undefined when they can. Missing binaries are a
 * reason to skip on a development machine, but on CI (`CI=true`) they are an error: the suite
 * must not pass there by skipping what it claims to test.
 */
export function throwawayPostgresUnavailable(): string | undefined {
  const missing = [INITDB, PG_CTL, '/usr/sbin/runuser'].filter((file) => !existsSync(file));
  const reason =
    missing.length > 0
      ? `throwaway Postgres: ${missing.join(', ')} not found (install postgresql-15)`
      : process.getuid?.() !== 0
        ? 'throwaway Postgres: needs root, to run initdb and pg_ctl as the postgres OS user'
        : undefined;
  if (reason === undefined) return undefined;
  if (process.env.CI === 'true') throw new Error(`${reason}; required on CI`);
  return reason;
}

export async function startThrowawayPostgres(
  options: ThrowawayPostgresOptions = {},
): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'piimap-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'log');
  const { uid, gid } = postgresUser();
  let stopped = false;
  try {
    chownSync(dir, uid, gid);
    await asPostgres(dir, INITDB, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
    const settings: Record<string, string> = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: dir,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      ...(options.ssl !== undefined && sslSettings(dir, options.ssl, uid, gid)),
      ...options.settings,
    };
    if (options.hba !== undefined) {
      const hbaFile = join(data, 'pg_hba.conf');
      writeFileSync(hbaFile, `${options.hba.join('\n')}\n${readFileSync(hbaFile, 'utf8')}`);
    }
    const port = await startOnFreePort(dir, data, logFile, settings);
    const server: ThrowawayPostgres = {
      port,
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      logFile,
      async query<Row extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
        const client = new pg.Client({ host: dir, port, user: 'postgres', database: 'postgres' });
        await client.connect();
        try {
          return (await client.query<Row>(sql, params)).rows;
        } finally {
          await client.end();
        }
      },
      async restart(mode = 'fast') {
        await asPostgres(dir, PG_CTL, ['-D', data, '-l', logFile, '-m', mode, '-w', 'restart']);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await asPostgres(dir, PG_CTL, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return server;
  } catch (error) {
    await asPostgres(dir, PG_CTL, ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Writes the port and settings, then starts; a port taken in between means another try. */
async function startOnFreePort(
  dir: string,
  data: string,
  logFile: string,
  settings: Record<string, string>,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    appendFileSync(join(data, 'postgresql.conf'), confLines({ ...settings, port: String(port) }));
    try {
      await asPostgres(dir, PG_CTL, ['-D', data, '-l', logFile, '-w', '-t', '30', 'start']);
      return port;
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (attempt < START_ATTEMPTS && /could not (bind|create listen socket)/.test(log)) continue;
      throw new Error(`throwaway Postgres did not start: ${(error as Error).message}\n${log}`, {
        cause: error,
      });
    }
  }
}

/** The server's certificate and key, copied where postgres owns them (it refuses a readable key). */
function sslSettings(
  dir: string,
  ssl: NonNullable<ThrowawayPostgresOptions['ssl']>,
  uid: number,
  gid: number,
): Record<string, string> {
  const cert = join(dir, 'server.crt');
  const key = join(dir, 'server.key');
  copyFileSync(ssl.certFile, cert);
  copyFileSync(ssl.keyFile, key);
  for (const file of [cert, key]) {
    chownSync(file, uid, gid);
    chmodSync(file, 0o600);
  }
  return { ssl: 'on', ssl_cert_file: cert, ssl_key_file: key };
}

/** postgresql.conf lines; later lines win, so appending overrides initdb's values. */
function confLines(settings: Record<string, string>): string {
  return `\n${Object.entries(settings)
    .map(([name, value]) => `${name} = '${value.replace(/'/g, "''")}'`)
    .join('\n')}\n`;
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('throwaway Postgres: no postgres OS user');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a server binary as the postgres OS user, from a folder it can read. */
async function asPostgres(cwd: string, binary: string, args: string[]): Promise<void> {
  try {
    await run('runuser', ['-u', 'postgres', '--', binary, ...args], { cwd, timeout: 60_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${binary} ${args.join(' ')}: ${(stderr || stdout || (error as Error).message).trim()}`, {
      cause: error,
    });
  }
}
