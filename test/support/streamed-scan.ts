/**
 * `piimap scan --json` through the real bin, with each event handed to the test as it arrives (to
 * inject a fault at the right moment), and the asserts the fault tests share on its outcome.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/piimap.js', import.meta.url));

export interface ScanEvent {
  event: string;
  asset?: string;
  error?: string;
}

export interface StreamedScan {
  code: number | null;
  /** The signal that ended the process, if one did (a test may kill it from `onEvent`). */
  signal: NodeJS.Signals | null;
  events: ScanEvent[];
  /** Exit code, stderr and every event: the message of a failing assert. */
  output: string;
}

/** Runs `piimap scan ARGS --json`; `onEvent` is awaited before the result is returned. */
export async function streamedScan(
  args: readonly string[],
  onEvent: (event: ScanEvent, kill: (signal: NodeJS.Signals) => void) => Promise<void> | void = () =>
    undefined,
): Promise<StreamedScan> {
  const child = spawn(process.execPath, [BIN, 'scan', ...args, '--json']);
  const events: ScanEvent[] = [];
  const handlers: Promise<void>[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (buffered + chunk).split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const event = JSON.parse(line) as ScanEvent;
      events.push(event);
      handlers.push(Promise.resolve(onEvent(event, (signal) => child.kill(signal))));
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  await Promise.all(handlers);
  return {
    code,
    signal,
    events,
    output: `exit ${code}\n${stderr}\n${events.map((e) => JSON.stringify(e)).join('\n')}`,
  };
}

/** A scan's outcome with the catalog's record of each asset. */
export type ScanOutcome<Asset extends AssetOutcome = AssetOutcome> = StreamedScan & {
  assets: Map<string, Asset>;
};

export interface AssetOutcome {
  status: string;
  error: string | null;
}

/** The failure as the catalog and the `asset-failed` event both carry it (they must agree); the scan finished. */
export function failure(run: ScanOutcome, asset: string): string {
  const recorded = run.assets.get(asset);
  assert.equal(recorded?.status, 'failed', run.output);
  const event = run.events.find((e) => e.event === 'asset-failed' && e.asset === asset);
  assert.equal(event?.error, recorded?.error, run.output);
  assert.ok(
    run.events.some((e) => e.event === 'summary'),
    `the scan finished\n${run.output}`,
  );
  return recorded?.error ?? '';
}

export function assertCommitted(run: ScanOutcome, assets: readonly string[]): void {
  for (const asset of assets)
    assert.equal(run.assets.get(asset)?.status, 'committed', `${asset}\n${run.output}`);
}
