/**
 * What `piimap worker` tells the person (or tool) running it: text lines on stderr, or with
 * `--json` one JSON object per line on stdout. Nothing raw: asset names, counts and redacted errors.
 */
import type { Writable } from 'node:stream';

export type WorkerEvent =
  | {
      event: 'worker-started';
      worker: string;
      queues: string[];
      redis: string;
      prefix: string;
      /** Detection threads besides the main thread. */
      threads: number;
    }
  | { event: 'job-started'; source: string; asset: string; scanId: number; jobId: string; attempt: number }
  | {
      event: 'job-done';
      source: string;
      asset: string;
      scanId: number;
      jobId: string;
      rowsSampled: number;
      fields: number;
      durationMs: number;
    }
  | {
      event: 'job-failed';
      source: string;
      asset: string;
      scanId: number;
      jobId: string;
      attempt: number;
      attempts: number;
      error: string;
    }
  /** The job's settings hash is not this worker's: it is failed, and the source's queue left. */
  | { event: 'job-refused'; source: string; asset: string; scanId: number; jobId: string; reason: string }
  /** This worker's stalled-job check put a job of a dead (or frozen) worker back in the queue. */
  | { event: 'job-stalled'; source: string; jobId: string }
  | { event: 'worker-warning'; warning: string }
  | { event: 'worker-stopped'; reason: string; jobsReleased: number };

export type WorkerReporter = (event: WorkerEvent) => void;

export function workerReporter(options: {
  json: boolean;
  stdout: Writable;
  stderr: Writable;
}): WorkerReporter {
  if (options.json) return (event) => options.stdout.write(`${JSON.stringify(event)}\n`);
  return (event) => options.stderr.write(`piimap worker: ${workerEventText(event)}\n`);
}

export function workerEventText(event: WorkerEvent): string {
  switch (event.event) {
    case 'worker-started':
      return `${event.worker} taking jobs of ${event.queues.length} source(s) (${event.queues.join(', ')}) from ${event.redis}, prefix ${event.prefix}; ${event.threads} detection thread(s) besides the main thread`;
    case 'job-started':
      return `${event.source}.${event.asset} (scan ${event.scanId}): started${event.attempt > 1 ? `, attempt ${event.attempt}` : ''}`;
    case 'job-done':
      return `${event.source}.${event.asset} (scan ${event.scanId}): ${event.fields} fields, ${event.rowsSampled} rows in ${(event.durationMs / 1000).toFixed(1)} s`;
    case 'job-failed':
      return `${event.source}.${event.asset} (scan ${event.scanId}): FAILED, attempt ${event.attempt} of ${event.attempts} — ${event.error}`;
    case 'job-refused':
      return `${event.source}.${event.asset} (scan ${event.scanId}): REFUSED — ${event.reason}`;
    case 'job-stalled':
      return `${event.source}: job ${event.jobId} stalled (its worker died or froze): back in the queue`;
    case 'worker-warning':
      return `warning — ${event.warning}`;
    case 'worker-stopped':
      return `stopped (${event.reason})${event.jobsReleased > 0 ? `; ${event.jobsReleased} job(s) handed back to the queue` : ''}`;
  }
}
