import { resolve } from 'node:path';
import type { SourceConfig } from '../config/estate-config.js';
import { SourceError } from '../shared/errors.js';
import type { SourceAdapter } from './source-adapter.js';
import { SqliteSource } from './sqlite/sqlite-source.js';

/** The one place that knows every source kind. */
export function openSource(config: SourceConfig, baseDir: string): SourceAdapter {
  switch (config.type) {
    case 'sqlite':
      return new SqliteSource({
        name: config.name,
        path: resolve(baseDir, String(config.path)),
        views: config.views === true,
      });
    default:
      throw new SourceError(
        `source ${config.name}: ${config.type} sources are not supported by this version of piimap yet (sqlite is)`,
      );
  }
}
