import { basename, extname } from 'node:path';
import type { SourceConfig } from '../config/estate-config.js';
import { UsageError } from '../shared/errors.js';
import { redactUrl } from '../shared/redact.js';

/**
 * `piimap scan postgres://… mysql://… ./app.sqlite`: each argument becomes a source named after
 * its database or file.
 */
export function sourceFromArgument(argument: string): SourceConfig {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(argument)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    return { name: sourceName(basename(argument, extname(argument))), type: 'sqlite', path: argument };
  }
  const url = new URL(argument);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || url.hostname;
  if (scheme === 'postgres' || scheme === 'postgresql')
    return { name: sourceName(database), type: 'postgres', url: argument };
  if (scheme === 'mysql' || scheme === 'mariadb')
    return { name: sourceName(database), type: 'mysql', url: argument };
  throw new UsageError(
    `${redactUrl(argument)}: unknown kind of source; use postgres://, mysql:// or a SQLite file path`,
  );
}

function sourceName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '') || 'source';
}
