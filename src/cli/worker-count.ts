import type { SourceConfig } from '../config/estate-config.js';
import { autoWorkerCount } from '../detection/detection-pool.js';
import { UsageError } from '../shared/errors.js';
import { runsOnThisMachine } from '../sources/local-server.js';

/**
 * `--workers` of `piimap scan` and `piimap worker`: threads, 0, or auto. With auto, a database
 * server on this machine among `sources` keeps a core for itself: on 2 cores a full scan of a local
 * Postgres table took 2.9 s with one detection thread and 2.35 s with none, and a 200-table sampled
 * scan 55–64 s against 53–55 s (the worker, the main thread and the server's backend then share
 * two cores).
 */
export function workerCount(value: string | number, sources: readonly SourceConfig[] = []): number {
  if (value === 'auto') return autoWorkerCount(sources.some((source) => runsOnThisMachine(source)) ? 1 : 0);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--workers: "${value}" is not a number of threads or auto`);
  return n;
}

/**
 * With auto, detection threads start only once this many values have been detected on the main
 * thread: a thread's start (its modules, detectors and JIT) costs more than a small scan's whole
 * detection — the demo estate took 0.46 s with one thread started at once, 0.35 s with none. A
 * number of threads given outright starts them with the scan.
 */
export const AUTO_THREADS_AFTER_VALUES = 200_000;

/** Values detected on the main thread before `--workers value`'s threads start. */
export function threadsStartAfter(value: string | number): number {
  return value === 'auto' ? AUTO_THREADS_AFTER_VALUES : 0;
}
