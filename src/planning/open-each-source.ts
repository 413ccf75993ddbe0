import type { SourceConfig } from '../config/estate-config.js';
import { errorMessage } from '../shared/errors.js';
import { redactErrorText, redactUrl } from '../shared/redact.js';
import { type SourceServices, openSource } from '../sources/registry.js';
import type { SourceAdapter } from '../sources/source-adapter.js';

/** A source's failure as it may be printed: its own message (which says what to do), credentials removed. */
export function sourceFailure(error: unknown): string {
  return redactErrorText(errorMessage(error));
}

/**
 * Opens the source, runs `work` on it and closes it. A source that cannot be opened goes to
 * `failed` with its message; errors of `work` are its own to handle.
 */
export async function withOpenSource<T>(
  config: SourceConfig,
  baseDir: string,
  services: SourceServices,
  work: (source: SourceAdapter, location: string) => Promise<T>,
  failed: (error: string) => T,
): Promise<T> {
  let source: SourceAdapter;
  try {
    source = await openSource(config, baseDir, services);
  } catch (error) {
    return failed(sourceFailure(error));
  }
  try {
    return await work(source, redactUrl(source.location));
  } finally {
    await source.close().catch(() => undefined);
  }
}
