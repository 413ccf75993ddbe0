/**
 * What `piimap plan` and `piimap check` ask a SQLite file. Statements are compiled, never run: no
 * row is read.
 */
import type Database from 'better-sqlite3';
import { errorMessage } from '../../shared/errors.js';
import type { AssetAccess, AssetDescriptor, SessionReport } from '../source-adapter.js';
import { quoteSqliteIdentifier } from './sqlite-quote.js';

/**
 * SQLite has no grants: an asset is readable if a SELECT of it compiles (a view over a missing
 * table, or a virtual table whose module is not loaded, does not).
 */
export function sqliteAccess(db: Database.Database, asset: AssetDescriptor): AssetAccess {
  try {
    db.prepare(`SELECT * FROM ${quoteSqliteIdentifier(asset.name)} LIMIT 0`);
    return { readable: true };
  } catch (error) {
    return { readable: false, detail: errorMessage(error) };
  }
}

/** Opened read-only with `query_only` on; a local file has no statement time limit. */
export function sqliteSession(db: Database.Database): SessionReport {
  const { version } = db.prepare('SELECT sqlite_version() AS version').get() as { version: string };
  const queryOnly = Number(db.pragma('query_only', { simple: true })) === 1;
  return {
    server: `SQLite ${version}`,
    readOnly: db.readonly && queryOnly,
    readOnlyBy: `opened ${db.readonly ? 'read-only' : 'read-write'}, query_only = ${queryOnly ? 1 : 0}`,
    statementTimeoutMs: null,
    warnings: [],
  };
}
