/**
 * A MariaDB server of a test's own (DESIGN.md, "Local services"): mariadb-install-db into a temp
 * folder, then mariadbd on a free port with its socket in that folder, for tests that need a
 * server configured differently from the shared one (general log, max_allowed_packet) or one they
 * may stop. Run as root, the server runs as the mysql OS user (`--user=mysql`, temp folder owned
 * by mysql); otherwise as the current user. The admin helpers connect as root over the socket.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Connection, type RowDataPacket, createConnection } from 'mysql2/promise';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const INSTALL_DB = '/usr/bin/mariadb-install-db';
const MARIADBD = '/usr/sbin/mariadbd';
/** Attempts to start on a fresh free port when another process took the one found. */
const START_ATTEMPTS = 3;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

/** Small and quick: a throwaway server needs no durability and little memory. */
const DEFAULT_SETTINGS: Record<string, string> = {
  innodb_buffer_pool_size: '16M',
  innodb_log_file_size: '8M',
  innodb_flush_log_at_trx_commit: '0',
  innodb_doublewrite: '0',
  performance_schema: 'OFF',
  skip_log_bin: 'ON',
  character_set_server: 'utf8mb4',
  collation_server: 'utf8mb4_general_ci',
};

export interface ThrowawayMariadbOptions {
  /**
   * Extra server settings, passed as `--name=value` (`general_log: '1'`,
   * `max_allowed_packet: '256M'`); they win over the defaults. `general_log_file` defaults to
   * `general.log` in the temp folder, which `generalLog()` reads.
   */
  settings?: Record<string, string>;
}

export interface ThrowawayMariadb {
  port: number;
  /** The server's Unix socket (in the temp folder). */
  socket: string;
  /** The temp folder (datadir, socket, logs); removed by stop(). */
  dir: string;
  /** `mysql://root@127.0.0.1:PORT/` (TCP). */
  url: string;
  /** Runs SQL as root over the socket (several statements allowed) and returns the rows. */
  query<Row extends RowDataPacket = RowDataPacket>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** A root connection over the socket, for several statements in one session; the caller ends it. */
  connect(): Promise<Connection>;
  /** The general query log so far ('' until general_log is on and something was logged). */
  generalLog(): string;
  /** The server's error log so far. */
  errorLog(): string;
  /** Stops the server (SIGTERM, then SIGKILL) and removes the temp folder; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Why a throwaway MariaDB cannot run here, or undefined when it can. Missing binaries are a
 * reason to skip on a development machine, but on CI (`CI=true`) they are an error: the suite
 * must not pass there by skipping what it claims to test.
 */
export function throwawayMariadbUnavailable(): string | undefined {
  const missing = [INSTALL_DB, MARIADBD].filter((file) => !existsSync(file));
  const reason =
    missing.length > 0
      ? `throwaway MariaDB: ${missing.join(', ')} not found (install mariadb-server)`
      : undefined;
  if (reason === undefined) return undefined;
  if (process.env.CI === 'true') throw new Error(`${reason}; required on CI`);
  return reason;
}

export async function startThrowawayMariadb(
  options: ThrowawayMariadbOptions = {},
): Promise<ThrowawayMariadb> {
  const dir = mkdtempSync(join(tmpdir(), 'piimap-mariadb-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const errorLogFile = join(dir, 'error.log');
  const generalLogFile = options.settings?.general_log_file ?? join(dir, 'general.log');
  const asRoot = process.getuid?.() === 0;
  let child: ChildProcess | undefined;
  let stopped = false;
  // A test process that dies without stop() must not leave a server behind.
  const killOnExit = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const cleanUp = async () => {
    process.removeListener('exit', killOnExit);
    if (child !== undefined) await terminate(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (asRoot) {
      const { uid, gid } = mysqlUser();
      chownSync(dir, uid, gid);
    }
    const settings: Record<string, string> = {
      ...DEFAULT_SETTINGS,
      ...options.settings,
      general_log_file: generalLogFile,
    };
    const serverArgs = Object.entries(settings).map(([name, value]) => `--${name}=${value}`);
    const user = asRoot ? ['--user=mysql'] : [];
    await installDb(dir, [
      '--no-defaults',
      `--datadir=${data}`,
      ...user,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...serverArgs.filter((arg) => /^--innodb_(buffer_pool|log_file)_size=/.test(arg)),
    ]);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      child = spawn(
        MARIADBD,
        [
          '--no-defaults',
          `--datadir=${data}`,
          `--port=${port}`,
          `--socket=${socket}`,
          '--bind-address=127.0.0.1',
          `--pid-file=${join(dir, 'mariadbd.pid')}`,
          `--log-error=${errorLogFile}`,
          ...user,
          ...serverArgs,
        ],
        { cwd: dir, stdio: 'ignore' },
      );
      try {
        await waitUntilReady(child, socket, errorLogFile);
        break;
      } catch (error) {
        await terminate(child);
        child = undefined;
        const log = readText(errorLogFile);
        if (attempt < START_ATTEMPTS && /Can't start server: Bind on TCP\/IP port/i.test(log)) continue;
        throw error;
      }
    }
    const connect = () =>
      createConnection({ socketPath: socket, user: 'root', multipleStatements: true, dateStrings: true });
    const server: ThrowawayMariadb = {
      port,
      socket,
      dir,
      url: `mysql://root@127.0.0.1:${port}/`,
      async query<Row extends RowDataPacket>(sql: string, params: unknown[] = []) {
        const connection = await connect();
        try {
          const [rows] = await connection.query<Row[]>(sql, params);
          return rows;
        } finally {
          await connection.end();
        }
      },
      connect,
      generalLog: () => readText(generalLogFile),
      errorLog: () => readText(errorLogFile),
      async stop() {
        if (stopped) return;
        stopped = true;
        await cleanUp();
      },
    };
    return server;
  } catch (error) {
    stopped = true;
    await cleanUp();
    throw error;
  }
}

async function installDb(cwd: string, args: string[]): Promise<void> {
  try {
    await run(INSTALL_DB, args, { cwd, timeout: 60_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(
      `throwaway MariaDB: mariadb-install-db failed: ${(stderr || stdout || (error as Error).message).trim()}`,
      { cause: error },
    );
  }
}

/** Polls the socket until root can log in; the server exiting first is an error with its log. */
async function waitUntilReady(child: ChildProcess, socket: string, errorLogFile: string): Promise<void> {
  let exited: string | undefined;
  const onExit = (code: number | null, signal: string | null) => (exited = `${code ?? signal}`);
  child.once('exit', onExit);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    for (;;) {
      if (exited !== undefined)
        throw new Error(`throwaway MariaDB exited (${exited}) on start:\n${readText(errorLogFile)}`);
      if (existsSync(socket)) {
        try {
          const connection = await createConnection({ socketPath: socket, user: 'root' });
          await connection.end();
          return;
        } catch {
          // not accepting yet
        }
      }
      if (Date.now() > deadline)
        throw new Error(
          `throwaway MariaDB not ready after ${READY_TIMEOUT_MS} ms:\n${readText(errorLogFile)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.removeListener('exit', onExit);
  }
}

/** SIGTERM (a clean shutdown takes well under a second), SIGKILL if it lingers. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function readText(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function mysqlUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('mysql:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error('throwaway MariaDB: no mysql OS user, needed to run mariadbd as root');
  return { uid: Number(uid), gid: Number(gid) };
}
