import type { SourceConfig } from '../config/estate-config.js';
import { RowRateLimit } from './row-rate-limit.js';
import type { AssetScanContext } from './scan-context.js';

/**
 * A source's own sampleSize overrides the estate's; its maxRowsPerSecond is a token bucket shared
 * by the assets read with this context — a new one at the full rate unless `throttle` is given (a
 * queue worker's bucket for one of the source's connection slots).
 */
export function sourceContext(
  context: AssetScanContext,
  config: SourceConfig,
  throttle?: RowRateLimit,
): AssetScanContext {
  const own: AssetScanContext = { ...context };
  if (typeof config.sampleSize === 'number')
    own.sample = { ...context.sample, sampleSize: config.sampleSize };
  if (typeof config.maxRowsPerSecond === 'number')
    own.throttle = throttle ?? new RowRateLimit(config.maxRowsPerSecond);
  return own;
}
