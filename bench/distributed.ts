/**
 * bench/distributed: the same estate scanned locally and by a coordinator with 1, 2 and 4
 * `piimap worker` processes on this machine.
 *
 *   node --import tsx bench/distributed.ts [--tables 40] [--rows 20000] [--runs 3] [--workers 1,2,4]
 *
 * Needs `npm run build` first, PostgreSQL at 127.0.0.1:5432 (user postgres, trust, database `test`),
 * Redis at 127.0.0.1:6379 and GNU `/usr/bin/time`. In a fresh schema `piimap_bench_dist_<random>`
 * (dropped at the end, also on Ctrl-C): --tables tables of --rows rows (email, phone, notes), one
 * Postgres source with `maxConnections: 4`, sampled scans (10,000 rows a table). Workers run with
 * the default detection threads (cores − 1) and are started before the timed scans, as long-running
 * workers are. Each figure is the median of --runs: the scanning process's wall time (process start
 * included) and CPU time — the coordinator's, for a queue scan — and the CPU time the workers used
 * meanwhile (from /proc).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { BENCH_PG_URL, createBenchSchema, createContactTables } from './bench-schema.js';
import { PIIMAP, runProcess } from './piimap-process.js';
import { median, seconds } from './stats.js';

const { values: args } = parseArgs({
  options: {
    tables: { type: 'string', default: '40' },
    rows: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string', default: '1,2,4' },
  },
});
const TABLES = Number(args.tables);
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);
const WORKER_COUNTS = args.workers.split(',').map(Number);
const REDIS_URL = 'redis://127.0.0.1:6379';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

const workers = new Set<ChildProcess>();

function stopWorkers(): Promise<void> {
  const exits = [...workers].map(
    (child) =>
      new Promise<void>((resolve) =>
        child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
      ),
  );
  for (const child of workers) child.kill('SIGTERM');
  workers.clear();
  return Promise.all(exits).then(() => undefined);
}

/** CPU seconds (user + system) a process has used so far, 0 once it is gone. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

interface TimedScan {
  ms: number;
  /** The scanning process's own CPU time (user + system): the coordinator's, for a queue scan. */
  cpu: number;
  assets: number;
  rows: number;
}

/** One `piimap scan --json` under `/usr/bin/time`; any failed source or asset is an error. */
async function timedScan(args: string[]): Promise<TimedScan> {
  const result = await runProcess('/usr/bin/time', [
    '-f',
    '%U %S',
    process.execPath,
    PIIMAP,
    'scan',
    '--json',
    ...args,
  ]);
  const [user, system] = (result.stderr.trimEnd().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (result.status !== 0 || !Number.isFinite(user) || !Number.isFinite(system))
    throw new Error(`piimap scan exited ${result.status}:\n${result.stderr}`);
  const scan: TimedScan = { ms: result.ms, cpu: (user as number) + (system as number), assets: 0, rows: 0 };
  for (const line of result.stdout.split('\n')) {
    if (line.includes('"asset-failed"') || line.includes('"source-failed"'))
      throw new Error(`piimap reported ${line}`);
    if (!line.includes('"asset-committed"')) continue;
    scan.assets++;
    scan.rows += (JSON.parse(line) as { rowsSampled: number }).rowsSampled;
  }
  return scan;
}

function cpuOf(pids: readonly (number | undefined)[]): number {
  return pids.reduce<number>((sum, pid) => sum + cpuSeconds(pid), 0);
}

/** Starts `count` workers and resolves once each takes jobs. */
async function startWorkers(config: string, count: number): Promise<ChildProcess[]> {
  const started = Array.from({ length: count }, () => {
    const child = spawn(
      process.execPath,
      [PIIMAP, 'worker', '--config', config, '--queue', REDIS_URL, '--queue-prefix', PREFIX, '--json'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    workers.add(child);
    return new Promise<ChildProcess>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        if (line.includes('"worker-started"')) resolve(child);
      });
      child.once('exit', (code) => reject(new Error(`piimap worker exited ${code} before taking jobs`)));
    });
  });
  return Promise.all(started);
}

async function removeRedisKeys(): Promise<void> {
  const queue = new Queue('bench', { connection: { host: '127.0.0.1', port: 6379 }, prefix: PREFIX });
  try {
    const client = await queue.client;
    let cursor = '0';
    do {
      const [next, keys] = (await client.runCommand('scan', [
        cursor,
        'MATCH',
        `${PREFIX}:*`,
        'COUNT',
        500,
      ])) as [string, string[]];
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    await queue.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'piimap-bench-distributed-'));
const schema = await createBenchSchema('dist', () => {
  for (const child of workers) child.kill('SIGKILL');
});
const { name: SCHEMA } = schema;
const PREFIX = SCHEMA;
try {
  const setupStart = Date.now();
  await createContactTables(schema, TABLES, ROWS);
  console.log(
    `${TABLES} tables × ${ROWS.toLocaleString('en-US')} rows, sampled 10,000 a table, maxConnections 4 (setup ${seconds(Date.now() - setupStart)})`,
  );
  const config = join(dir, 'estate.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ name: 'bench', type: 'postgres', url: BENCH_PG_URL, schemas: [SCHEMA], maxConnections: 4 }],
    }),
  );

  let catalogs = 0;
  const measure = async (label: string, extra: string[], pids: () => (number | undefined)[]) => {
    const runs: { scan: TimedScan; workersCpu: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const before = cpuOf(pids());
      const scan = await timedScan([
        '--config',
        config,
        '--catalog',
        join(dir, `${++catalogs}.db`),
        ...extra,
      ]);
      const workersCpu = cpuOf(pids()) - before;
      if (scan.assets !== TABLES)
        throw new Error(`${label}: ${scan.assets} tables scanned, expected ${TABLES}`);
      runs.push({ scan, workersCpu });
    }
    const ms = median(runs.map((r) => r.scan.ms));
    const rows = runs[0]?.scan.rows ?? 0;
    const cpu = median(runs.map((r) => r.scan.cpu));
    const workersCpu = median(runs.map((r) => r.workersCpu));
    console.log(
      `${label.padEnd(18)} ${seconds(ms).padStart(8)}  ${Math.round(rows / (ms / 1000))
        .toLocaleString('en-US')
        .padStart(7)} rows/s` +
        `  CPU: scan ${cpu.toFixed(1)} s, workers ${workersCpu.toFixed(1)} s  (runs ${runs.map((r) => seconds(r.scan.ms)).join(', ')})`,
    );
    return ms;
  };

  console.log('');
  const local = await measure('local scan', [], () => []);
  const figures: [number, number][] = [];
  for (const count of WORKER_COUNTS) {
    const started = await startWorkers(config, count);
    const ms = await measure(
      `queue, ${count} worker${count === 1 ? '' : 's'}`,
      ['--queue', REDIS_URL, '--queue-prefix', PREFIX],
      () => started.map((child) => child.pid),
    );
    figures.push([count, ms]);
    await stopWorkers();
  }
  console.log('');
  for (const [count, ms] of figures)
    console.log(
      `${count} worker${count === 1 ? ': ' : 's:'} ${(local / ms).toFixed(2)}× the local scan's speed`,
    );
} finally {
  await stopWorkers();
  await removeRedisKeys().catch(() => undefined);
  await schema.drop();
  await rm(dir, { recursive: true, force: true });
}
