// Shared by the queue tests: the real bin as coordinator and workers (child processes whose
// `--json` events are parsed as they come), a Postgres schema of tables, the catalog's export
// without times and scan ids, and the Redis keys of a test's own queue prefix.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { runCli } from '../cli/run-cli.js';

export const BIN = fileURLToPath(new URL('../../bin/piimap.js', import.meta.url));
export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = 'redis://127.0.0.1:6379';
export const REDIS = { host: '127.0.0.1', port: 6379 };

export function uniqueName(kind: string): string {
  return `piimap_q${kind}_${randomBytes(4).toString('hex')}`;
}

export type Event = Record<string, unknown> & { event: string };

/** A piimap process whose stdout JSON lines are collected as events. */
export class PiimapProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly events: Event[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #waiters: { match: (e: Event) => boolean; resolve: (e: Event) => void }[] = [];

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.end();
    let buffered = '';
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() === '') continue;
        const event = JSON.parse(line) as Event;
        this.events.push(event);
        for (const waiter of [...this.#waiters])
          if (waiter.match(event)) {
            this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => resolve({ code, signal })),
    );
  }

  /** The first event (seen or to come) that matches; fails after `timeoutMs`. */
  waitFor(match: (e: Event) => boolean, timeoutMs = 30_000): Promise<Event> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching event within ${timeoutMs} ms; stderr:\n${this.stderr}`)),
        timeoutMs,
      );
      this.#waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  count(kind: string): number {
    return this.events.filter((e) => e.event === kind).length;
  }

  /** SIGTERM (unless it already ended), and its exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

export function startWorker(config: string, prefix: string, extra: string[] = []): PiimapProcess {
  return new PiimapProcess([
    'worker',
    '--config',
    config,
    '--queue',
    REDIS_URL,
    '--queue-prefix',
    prefix,
    '--workers',
    '0',
    '--json',
    ...extra,
  ]);
}

export function startCoordinator(config: string, catalog: string, prefix: string, extra: string[] = []) {
  return new PiimapProcess([
    'scan',
    '--config',
    config,
    '--catalog',
    catalog,
    '--queue',
    REDIS_URL,
    '--queue-prefix',
    prefix,
    '--json',
    ...extra,
  ]);
}

/** `tables` tables t0… of `rows` rows each: email, phone and a note, in a new schema. */
export async function createTables(client: pg.Client, schema: string, tables: number, rows: number) {
  const statements = Array.from({ length: tables }, (_, t) => [
    `CREATE TABLE ${schema}.t${t} (id int, email text, phone text, note text);`,
    `INSERT INTO ${schema}.t${t} SELECT g, 'user' || g || '.${t}@example.com',
       '(201) 555-' || lpad((g % 10000)::text, 4, '0'), 'row ' || g FROM generate_series(1, ${rows}) g;`,
  ]).flat();
  await client.query(`CREATE SCHEMA ${schema}; ${statements.join('\n')} ANALYZE;`);
}

/** `piimap export --format json` without what differs between two scans of the same data. */
export async function exportWithoutTimes(catalog: string): Promise<unknown> {
  const exported = await runCli(['export', '--catalog', catalog, '--format', 'json']);
  assert.equal(exported.code, 0, exported.stderr);
  // Times (`at`, `…At`) and scan ids (numbers; field ids are strings) differ between two scans.
  return JSON.parse(exported.stdout, (key, value: unknown) =>
    key === 'at' || key.endsWith('At') || key === 'scanId' || (key === 'id' && typeof value === 'number')
      ? undefined
      : value,
  ) as unknown;
}

/** Scan id → the catalog's asset_scans rows of its latest scan, and its findings. */
export function catalogRows(catalog: string) {
  const db = new Database(catalog, { readonly: true });
  try {
    const scan = db
      .prepare('SELECT id, status, stop_reason AS stopReason FROM scans ORDER BY id DESC LIMIT 1')
      .get() as {
      id: number;
      status: string;
      stopReason: string | null;
    };
    const assets = db
      .prepare(
        `SELECT a.name, s.status, s.error, s.skip_reason AS skipReason FROM asset_scans s
         JOIN assets a ON a.id = s.asset_id WHERE s.scan_id = ? ORDER BY a.name`,
      )
      .all(scan.id) as { name: string; status: string; error: string | null; skipReason: string | null }[];
    const findings = db.prepare('SELECT COUNT(*) AS n FROM findings WHERE scan_id = ?').get(scan.id) as {
      n: number;
    };
    const distinct = db
      .prepare(
        'SELECT COUNT(*) AS n FROM (SELECT DISTINCT field_id, path, type, detector FROM findings WHERE scan_id = ?)',
      )
      .get(scan.id) as { n: number };
    return { scan, assets, findings: findings.n, distinctFindings: distinct.n };
  } finally {
    db.close();
  }
}

/** The source queue's job counts. */
export async function jobCounts(prefix: string, source: string): Promise<Record<string, number>> {
  const queue = new Queue(source, { connection: REDIS, prefix });
  try {
    return await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  } finally {
    await queue.close();
  }
}

/** Every string Redis holds under the prefix (hashes, lists, sets, sorted sets, streams). */
export async function redisText(prefix: string): Promise<string> {
  const queue = new Queue('probe', { connection: REDIS, prefix });
  try {
    const client = await queue.client;
    const parts: string[] = [];
    for (const key of await keysOf(client, prefix)) {
      const type = (await client.runCommand('type', [key])) as string;
      const value: unknown =
        type === 'hash'
          ? await client.hgetall(key)
          : type === 'list'
            ? await client.lrange(key, 0, -1)
            : type === 'zset'
              ? await client.zrange(key, 0, -1)
              : type === 'set'
                ? await client.smembers(key)
                : type === 'stream'
                  ? await client.runCommand('xrange', [key, '-', '+'])
                  : await client.get(key);
      parts.push(key, JSON.stringify(value));
    }
    return parts.join('\n');
  } finally {
    await queue.close();
  }
}

/** Deletes every key under the prefix. */
export async function removeRedisKeys(prefix: string): Promise<void> {
  const queue = new Queue('probe', { connection: REDIS, prefix });
  try {
    const client = await queue.client;
    const keys = await keysOf(client, prefix);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    await queue.close();
  }
}

async function keysOf(client: Awaited<Queue['client']>, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = (await client.runCommand('scan', [
      cursor,
      'MATCH',
      `${prefix}:*`,
      'COUNT',
      500,
    ])) as [string, string[]];
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}
