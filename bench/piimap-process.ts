/**
 * Child processes for the benches (bench/scan, bench/objects): `piimap scan` under
 * `/usr/bin/time -f %M` (wall time, peak RSS, the `--json` events tallied), `piimap export` per
 * dataset, and plain timed commands. Every child is tracked so a signal handler can end the ones
 * still running.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export const PIIMAP = new URL('../bin/piimap.js', import.meta.url).pathname;

interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface PiimapScan {
  ms: number;
  rssMb: number;
  /** `asset-committed` events: tables, or datasets of files/objects. */
  assets: number;
  /** The sum of their `rowsSampled`: rows, or records. */
  rows: number;
  methods: Set<string>;
}

/** What `piimap export` says of one dataset's objects (catalog `scan.objects`). */
export interface DatasetObjects {
  objectCount: number;
  totalBytes: number;
  sampledKeys: string[];
}

const running = new Set<ChildProcess>();

/**
 * Ends the children still running (on a signal), each with its own children: a child is the leader
 * of its process group, and `/usr/bin/time` does not pass SIGTERM on to piimap.
 */
export function killRunningChildren(): void {
  for (const child of running) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

/**
 * Runs a command to its end; asynchronous, so an in-process server (s3rver) keeps answering and
 * Ctrl-C still reaches us. `discardStdout` sends stdout to /dev/null, as a shell redirect would.
 */
export function runProcess(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; discardStdout?: boolean } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, {
      stdio: ['ignore', options.discardStdout ? 'ignore' : 'pipe', 'pipe'],
      env: options.env ?? process.env,
      detached: true,
    });
    running.add(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      running.delete(child);
      reject(error);
    });
    child.on('close', (status) => {
      running.delete(child);
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: Number(process.hrtime.bigint() - start) / 1e6,
      });
    });
  });
}

/** One `piimap scan --json` under `/usr/bin/time -f %M`; any failed source or asset is an error. */
export async function runPiimapScan(args: string[], env?: NodeJS.ProcessEnv): Promise<PiimapScan> {
  const result = await runProcess(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, PIIMAP, 'scan', '--json', ...args],
    env ? { env } : {},
  );
  const rssKb = Number(result.stderr.trimEnd().split('\n').at(-1));
  if (result.status !== 0 || !Number.isFinite(rssKb))
    throw new Error(`piimap scan exited ${result.status}:\n${result.stderr}\n${result.stdout.slice(-4000)}`);
  const scan: PiimapScan = {
    ms: result.ms,
    rssMb: rssKb / 1024,
    assets: 0,
    rows: 0,
    methods: new Set(),
  };
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line) as { event: string; rowsSampled?: number; samplingMethod?: string };
    if (event.event === 'asset-failed' || event.event === 'source-failed')
      throw new Error(`piimap reported ${line}`);
    if (event.event !== 'asset-committed') continue;
    scan.assets++;
    scan.rows += event.rowsSampled ?? 0;
    if (event.samplingMethod !== undefined) scan.methods.add(event.samplingMethod);
  }
  return scan;
}

/** `piimap export --format json`: each dataset's objects, once per asset (fields repeat them). */
export async function exportDatasetObjects(catalog: string): Promise<Map<string, DatasetObjects>> {
  const result = await runProcess(process.execPath, [
    PIIMAP,
    'export',
    '--catalog',
    catalog,
    '--format',
    'json',
  ]);
  if (result.status !== 0) throw new Error(`piimap export exited ${result.status}:\n${result.stderr}`);
  const snapshot = JSON.parse(result.stdout) as {
    fields: { source: string; asset: string; scan: { objects?: DatasetObjects } }[];
  };
  const datasets = new Map<string, DatasetObjects>();
  for (const field of snapshot.fields)
    if (field.scan.objects) datasets.set(`${field.source}.${field.asset}`, field.scan.objects);
  return datasets;
}
