/**
 * The knobs of a distributed scan, from the estate config's `queue` object and the command's
 * flags (flags win): where the queues live in Redis, how often a failing job is tried again, and
 * how soon a job whose worker died goes back to the queue (BullMQ's stalled-job recovery).
 */
import type { EstateConfig } from '../config/estate-config.js';
import { UsageError } from '../shared/errors.js';

/** The estate config's `queue` object (catalog-schema/estate.schema.json). */
export interface QueueConfig {
  prefix?: string;
  attempts?: number;
  backoffMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  sourcesAtOnce?: number;
}

export type QueueSettings = Required<QueueConfig>;

export const QUEUE_DEFAULTS: QueueSettings = {
  prefix: 'piimap',
  attempts: 3,
  backoffMs: 2000,
  // BullMQ's own defaults: a dead worker's job is back in the queue within a minute.
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 1,
  sourcesAtOnce: 4,
};

/** Queue names are `<prefix>:<source>`: one prefix per estate (and catalog) sharing a Redis. */
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9_.:{}-]{0,63}$/;

export function queueConfigOf(config: EstateConfig): QueueConfig {
  return (config as EstateConfig & { queue?: QueueConfig }).queue ?? {};
}

/** Settings from the config, overridden by the flags given (already parsed to numbers). */
export function queueSettings(config: QueueConfig, flags: QueueConfig): QueueSettings {
  const defined = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  const settings: QueueSettings = { ...QUEUE_DEFAULTS, ...config, ...defined };
  if (!PREFIX.test(settings.prefix))
    throw new UsageError(
      `--queue-prefix: "${settings.prefix}" is not a queue prefix; use letters, digits and _ . : - { } (at most 64)`,
    );
  return settings;
}

/** A whole number of at least `min`, from a flag. */
export function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag}: "${value}" is not a whole number of at least ${min}`);
  return n;
}
