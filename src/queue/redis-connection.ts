/**
 * The Redis a distributed scan runs through, from `--queue redis://[user:password@]host:port[/db]`
 * (`rediss://` for TLS), as BullMQ connection options; and a first check that it answers, so a
 * wrong URL fails before anything is scanned rather than waiting on reconnects.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { UsageError, errorMessage } from '../shared/errors.js';
import { redactErrorText, redactUrl } from '../shared/redact.js';

export interface RedisTarget {
  connection: ConnectionOptions;
  /** The URL with its password masked, for messages. */
  display: string;
}

export function redisTarget(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--queue: "${redactUrl(url)}" is not a URL; use redis://host:6379`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new UsageError(`--queue: ${redactUrl(url)} is not a redis:// or rediss:// URL`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db))
    throw new UsageError(`--queue: ${redactUrl(url)}: the path must be a database number (/0)`);
  return {
    connection: {
      host: parsed.hostname || '127.0.0.1',
      port: parsed.port ? Number(parsed.port) : 6379,
      ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
      ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
      ...(db !== '' && { db: Number(db) }),
      ...(parsed.protocol === 'rediss:' && { tls: {} }),
      // Workers block on Redis; BullMQ requires commands to wait for a reconnect, not fail.
      maxRetriesPerRequest: null,
    },
    display: redactUrl(url),
  };
}

/**
 * Connects once, without retrying, within `timeoutMs`, through one of the queues the command will
 * use (so it leaves no key of its own); a UsageError (exit 2) if Redis does not answer.
 */
export async function checkRedis(
  target: RedisTarget,
  prefix: string,
  queue: string,
  timeoutMs = 5000,
): Promise<void> {
  const probe = new Queue(queue, {
    connection: { ...(target.connection as object), retryStrategy: () => null, enableOfflineQueue: false },
    prefix,
  });
  probe.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.waitUntilReady(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new UsageError(
      `--queue ${target.display}: cannot reach Redis (${redactErrorText(errorMessage(error))}); check the URL and that Redis runs`,
    );
  } finally {
    clearTimeout(timer);
    await probe.close().catch(() => undefined);
  }
}
