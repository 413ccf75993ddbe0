import {
  MAXIMUM_RETRY_DELAY,
  Retry,
  StandardRetryStrategy,
  type StandardRetryStrategyOptions,
} from '@smithy/core/retry';

type Backoff = NonNullable<StandardRetryStrategyOptions['backoff']>;

/**
 * The SDK's own backoff (full jitter, doubling per attempt, capped at 20 s), with its base delays
 * (50 ms; 1 s after throttling such as 503 SlowDown) scaled so that `baseDelayMs` replaces 50 ms.
 * Tests set a tiny base to stay fast; production keeps the SDK's figures.
 */
class ScaledBackoff implements Backoff {
  private base: number;

  constructor(private readonly scale: number) {
    this.base = Retry.delay() * scale;
  }

  /** The SDK passes its base for the error kind: ordinary or throttling. */
  setDelayBase(delay: number): void {
    this.base = delay * this.scale;
  }

  computeNextBackoffDelay(retries: number): number {
    return Math.floor(Math.random() * Math.min(this.base * 2 ** retries, MAXIMUM_RETRY_DELAY));
  }
}

/**
 * The SDK's standard retries: throttling (503 SlowDown), 5xx, timeouts and dropped connections are
 * retried with backoff, as S3 asks; other 4xx errors fail at once. Not the adaptive mode: its
 * client-side limiter drops to 0.5 requests/s after one early SlowDown and takes tens of seconds to
 * recover, while a scan already bounds its requests per source.
 */
export function s3RetryStrategy(maxAttempts: number, baseDelayMs = Retry.delay()): StandardRetryStrategy {
  return new StandardRetryStrategy({ maxAttempts, backoff: new ScaledBackoff(baseDelayMs / Retry.delay()) });
}
