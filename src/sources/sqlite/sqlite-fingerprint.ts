/**
 * Fingerprints of listed SQLite tables for incremental scans, from the file system and the schema
 * only: no table's rows are read.
 */
import { hash } from 'node:crypto';
import { type BigIntStats, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { AssetDescriptor } from '../source-adapter.js';

/**
 * File times are coarse on some file systems (1 s on HFS+, 2 s on FAT; a clock tick on ext4): a
 * write in the same tick as the fingerprint read could leave mtime as the stored fingerprint saw
 * it. A file written this recently counts as changed.
 */
const RECENT_NS = 2_000_000_000n;

const stat = (path: string): BigIntStats | undefined =>
  statSync(path, { bigint: true, throwIfNoEntry: false });
const state = (file: BigIntStats | undefined) =>
  file && [String(file.size), String(file.mtimeNs), String(file.ino)];

/**
 * SQLite keeps no per-table change counter, so every table's fingerprint is the database file's
 * and its `-wal` file's size, mtime and inode (a commit, a checkpoint, a file replaced) plus the
 * table's `CREATE` statement and columns (name, declared type, in order): any write to the file
 * marks every table changed. Results in the assets' order.
 *
 * null where it cannot tell: views; a table not in the schema, or that cannot be described; a
 * file written within RECENT_NS; a file at `path` that is not the one opened (`openedInode`:
 * replaced since, so our reads see the old file while the fingerprint would be the new one's).
 */
export function sqliteFingerprints(
  db: Database.Database,
  path: string,
  openedInode: bigint,
  assets: readonly AssetDescriptor[],
): (string | null)[] {
  const main = stat(path);
  const wal = stat(`${path}-wal`);
  const newest = wal && wal.mtimeNs > (main?.mtimeNs ?? 0n) ? wal.mtimeNs : main?.mtimeNs;
  const now = BigInt(Date.now()) * 1_000_000n;
  if (main?.ino !== openedInode || newest === undefined || newest >= now - RECENT_NS)
    return assets.map(() => null);
  const files = [state(main), state(wal) ?? null];
  const schema = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as {
    name: string;
    sql: string | null;
  }[];
  const sqlOf = new Map(schema.map((table) => [table.name, table.sql]));
  const columnsOf = db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').raw();
  return assets.map((asset) => {
    if (asset.kind !== 'table' || !sqlOf.has(asset.name)) return null;
    let columns: unknown[];
    try {
      columns = columnsOf.all(asset.name);
    } catch {
      return null; // a virtual table whose module is not loaded cannot be described
    }
    return hash('sha256', JSON.stringify(['sqlite/1', files, sqlOf.get(asset.name), columns]));
  });
}
