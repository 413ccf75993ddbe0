import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import type { SourceConfig } from '../config/estate-config.js';
import { UsageError } from '../shared/errors.js';
import { redactUrl } from '../shared/redact.js';

/**
 * `piimap scan postgres://… mysql://… ./app.sqlite`: each argument becomes a source named after
 * its database or file.
 */
export function sourceFromArgument(argument: string): SourceConfig {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(argument)?.[1]?.toLowerCase();
  if (scheme === undefined) return localSource(argument);
  if (scheme === 's3') return s3Source(argument);
  const url = new URL(argument);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || url.hostname;
  if (scheme === 'postgres' || scheme === 'postgresql')
    return { name: sourceName(database), type: 'postgres', url: argument };
  if (scheme === 'mysql' || scheme === 'mariadb')
    return { name: sourceName(database), type: 'mysql', url: argument };
  throw new UsageError(
    `${redactUrl(argument)}: unknown kind of source; use postgres://, mysql://, s3://bucket/prefix, a SQLite file or a folder`,
  );
}

/** A folder is a files source; a SQLite database file a sqlite source; any other file a files source of one file. */
function localSource(argument: string): SourceConfig {
  const kind = localKind(argument);
  const name = sourceName(basename(argument, kind === 'folder' ? '' : extname(argument)));
  if (kind === 'folder') return { name, type: 'files', path: argument };
  if (kind === 'file') return { name, type: 'files', path: dirname(argument), include: [basename(argument)] };
  return { name, type: 'sqlite', path: argument };
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/** What a path names; a missing path is taken for a SQLite file, whose source then says it is missing. */
function localKind(path: string): 'folder' | 'sqlite' | 'file' {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 'sqlite';
  }
  if (stats.isDirectory()) return 'folder';
  const head = Buffer.alloc(SQLITE_MAGIC.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, head, 0, head.length, 0);
  } catch {
    return 'sqlite';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return head.toString('latin1') === SQLITE_MAGIC || /\.(sqlite3?|db)$/i.test(path) ? 'sqlite' : 'file';
}

/** `s3://bucket/prefix`: region and credentials from the AWS SDK's usual chain. */
function s3Source(argument: string): SourceConfig {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(argument);
  const bucket = match?.[1];
  if (bucket === undefined || bucket.length < 3)
    throw new UsageError(`${argument}: not an S3 location; write s3://bucket or s3://bucket/prefix/`);
  return { name: sourceName(bucket), type: 's3', bucket, prefix: match?.[2] ?? '' };
}

function sourceName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '') || 'source';
}
