import { CatalogError, errorMessage } from '../shared/errors.js';
import type { SqliteCatalogStore } from './catalog-store.js';

export interface PruneOptions {
  /** How many of the latest scans keep their whole history (at least 1). */
  keep: number;
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
}

export interface PruneResult {
  dryRun: boolean;
  keep: number;
  /** The latest `keep` scans, kept whole; null when the catalog has no scans. */
  kept: { count: number; first: number; last: number } | null;
  /** Older scans whose `scans` row stays because some of their rows are still in use (see pruneScans). */
  stillInUse: number[];
  /** Older scans kept only because reviews name them; their findings are pruned. */
  reviewed: number[];
  /** Older scans still running: never touched. */
  running: number[];
  /** Rows deleted (or, in a dry run, that would be). */
  deleted: { scans: number; assetScans: number; fieldScans: number; findings: number; scanSources: number };
}

/**
 * What goes, per table, in the order foreign keys need. `temp.prune_scans`: the scans older than the
 * kept ones, not running. `temp.prune_keep`: the (scan, asset) rows that stay even so. A finding or
 * field scan goes with its asset's row. Each source's latest `scan_sources` row stays (the next scan
 * takes a source the time budget deferred first), and with it its scan.
 */
const DOOMED = [
  [
    'findings',
    `scan_id IN (SELECT id FROM temp.prune_scans) AND NOT EXISTS (
       SELECT 1 FROM temp.prune_keep k
       WHERE k.scan_id = findings.scan_id AND k.asset_id = (SELECT asset_id FROM fields WHERE id = findings.field_id))`,
  ],
  [
    'fieldScans',
    `scan_id IN (SELECT id FROM temp.prune_scans) AND NOT EXISTS (
       SELECT 1 FROM temp.prune_keep k
       WHERE k.scan_id = field_scans.scan_id AND k.asset_id = (SELECT asset_id FROM fields WHERE id = field_scans.field_id))`,
  ],
  [
    'assetScans',
    `scan_id IN (SELECT id FROM temp.prune_scans) AND NOT EXISTS (
       SELECT 1 FROM temp.prune_keep k WHERE k.scan_id = asset_scans.scan_id AND k.asset_id = asset_scans.asset_id)`,
  ],
  [
    'scanSources',
    `scan_id IN (SELECT id FROM temp.prune_scans)
     AND scan_id <> (SELECT MAX(l.scan_id) FROM scan_sources l WHERE l.source = scan_sources.source)`,
  ],
  [
    'scans',
    `id IN (SELECT id FROM temp.prune_scans) AND id NOT IN (SELECT scan_id FROM temp.prune_keep)
     AND id NOT IN (SELECT MAX(scan_id) FROM scan_sources GROUP BY source)
     AND id NOT IN (SELECT scan_id FROM reviews WHERE scan_id IS NOT NULL)`,
  ],
] as const;

const TABLES = {
  findings: 'findings',
  fieldScans: 'field_scans',
  assetScans: 'asset_scans',
  scanSources: 'scan_sources',
  scans: 'scans',
} as const;

/**
 * The rows of scans older than the kept ones that stay, so that what the catalog says now
 * (`current_findings`) and as of each kept scan (`fieldsAsOf`, hence `diff`) read exactly as before.
 * Each is needed only when the oldest kept scan does not supply it itself:
 * 1. an asset's latest committed/metadata-only row: its current findings (skipped as unchanged, or
 *    failing, ever since), or those the kept scans carry over until they rescan it;
 * 2. an asset's latest row of any status: when it was last seen;
 * 3. the rows of a source's latest completed scan: the listing that tells which assets are gone.
 */
const KEEP_ROWS = `
  INSERT OR IGNORE INTO temp.prune_keep (scan_id, asset_id)
  WITH older AS (
    SELECT s.scan_id, s.asset_id, s.status, a.source_id
    FROM asset_scans s JOIN assets a ON a.id = s.asset_id
    WHERE s.scan_id < :oldestKept
  ),
  oldest_kept AS (
    SELECT s.asset_id, s.status, a.source_id, sc.status AS scan_status
    FROM asset_scans s JOIN assets a ON a.id = s.asset_id JOIN scans sc ON sc.id = s.scan_id
    WHERE s.scan_id = :oldestKept
  ),
  listings AS (
    SELECT o.source_id, MAX(o.scan_id) AS scan_id
    FROM older o JOIN scans sc ON sc.id = o.scan_id
    WHERE sc.status IN ('completed', 'completed-with-errors')
      AND o.source_id NOT IN (
        SELECT source_id FROM oldest_kept WHERE scan_status IN ('completed', 'completed-with-errors'))
    GROUP BY o.source_id
  )
  SELECT MAX(scan_id), asset_id FROM older
  WHERE status IN ('committed', 'metadata-only')
    AND asset_id NOT IN (SELECT asset_id FROM oldest_kept WHERE status IN ('committed', 'metadata-only'))
  GROUP BY asset_id
  UNION
  SELECT MAX(scan_id), asset_id FROM older WHERE asset_id NOT IN (SELECT asset_id FROM oldest_kept) GROUP BY asset_id
  UNION
  SELECT o.scan_id, o.asset_id FROM older o JOIN listings l ON l.source_id = o.source_id AND l.scan_id = o.scan_id`;

/**
 * Deletes the history of all but the latest `keep` scans, in one transaction, without changing
 * what the catalog says now: `current_findings` (and what each kept scan says) is the same after.
 * Never deleted: running scans (and the lock holder's), reviews, and the `scans` row a review names
 * or that still holds rows in use. The caller holds the scan lock (a dry run needs none: it writes
 * only temporary tables). Space is given back by `reclaimSpace`.
 */
export function pruneScans(store: SqliteCatalogStore, { keep, dryRun = false }: PruneOptions): PruneResult {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep: ${keep} is not a positive integer`);
  const prune = store.db.transaction(() => prunedRows(store, keep, dryRun));
  try {
    // IMMEDIATE: the write lock up front (waiting out a review's short write), rather than failing
    // when a read turns into a write after another connection wrote.
    return dryRun ? prune() : prune.immediate();
  } catch (error) {
    throw new CatalogError(
      `catalog ${store.path}: cannot prune its history (${errorMessage(error)}); nothing was deleted`,
      { cause: error },
    );
  }
}

function prunedRows(store: SqliteCatalogStore, keep: number, dryRun: boolean): PruneResult {
  const { db } = store;
  const kept = db
    .prepare(
      'SELECT COUNT(*) AS count, MIN(id) AS first, MAX(id) AS last FROM (SELECT id FROM scans ORDER BY id DESC LIMIT ?)',
    )
    .get(keep) as { count: number; first: number | null; last: number | null };
  const oldestKept = kept.first ?? 0;
  db.exec(`
    DROP TABLE IF EXISTS temp.prune_scans;
    DROP TABLE IF EXISTS temp.prune_keep;
    CREATE TEMP TABLE prune_scans (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE prune_keep (scan_id INTEGER NOT NULL, asset_id INTEGER NOT NULL, PRIMARY KEY (scan_id, asset_id));`);
  try {
    db.prepare(
      `INSERT INTO temp.prune_scans (id)
       SELECT id FROM scans WHERE id < ? AND status <> 'running'
         AND id NOT IN (SELECT scan_id FROM scan_lock WHERE scan_id IS NOT NULL)`,
    ).run(oldestKept);
    db.prepare(KEEP_ROWS).run({ oldestKept });
    const ids = (sql: string, ...params: number[]) =>
      db
        .prepare(sql)
        .pluck()
        .all(...params) as number[];
    const stillInUse = ids(
      `SELECT id FROM temp.prune_scans
       WHERE id IN (SELECT scan_id FROM temp.prune_keep) OR id IN (SELECT MAX(scan_id) FROM scan_sources GROUP BY source)
       ORDER BY id`,
    );
    const reviewed = ids(
      `SELECT id FROM temp.prune_scans
       WHERE id NOT IN (SELECT scan_id FROM temp.prune_keep) AND id NOT IN (SELECT MAX(scan_id) FROM scan_sources GROUP BY source)
         AND id IN (SELECT scan_id FROM reviews) ORDER BY id`,
    );
    const running = ids(
      'SELECT id FROM scans WHERE id < ? AND id NOT IN (SELECT id FROM temp.prune_scans) ORDER BY id',
      oldestKept,
    );
    const deleted = { scans: 0, assetScans: 0, fieldScans: 0, findings: 0, scanSources: 0 };
    for (const [key, where] of DOOMED) {
      deleted[key] = dryRun
        ? (db.prepare(`SELECT COUNT(*) FROM ${TABLES[key]} WHERE ${where}`).pluck().get() as number)
        : db.prepare(`DELETE FROM ${TABLES[key]} WHERE ${where}`).run().changes;
    }
    return {
      dryRun,
      keep,
      kept: kept.count === 0 ? null : { count: kept.count, first: oldestKept, last: kept.last as number },
      stillInUse,
      reviewed,
      running,
      deleted,
    };
  } finally {
    // IF EXISTS: a failed statement may already have rolled the transaction (and the tables) back.
    db.exec('DROP TABLE IF EXISTS temp.prune_scans; DROP TABLE IF EXISTS temp.prune_keep;');
  }
}

export interface ReclaimResult {
  vacuumed: boolean;
  /** The WAL was checkpointed into the file and truncated to zero bytes. */
  walTruncated: boolean;
  /** Why a step was skipped. */
  notes: string[];
}

/**
 * Gives the space of deleted rows back to the file system: VACUUM (the catalog does not use
 * auto_vacuum, so `incremental_vacuum` would free nothing), then a TRUNCATE checkpoint, since in WAL
 * mode VACUUM writes the whole rewritten file through the WAL. VACUUM needs no other connection
 * writing: the caller holds the scan lock, and readers may stay open (WAL). A review being written
 * (or anything else holding a write transaction past the busy timeout) makes it skip with a note;
 * the pruning itself is committed either way.
 */
export function reclaimSpace(store: SqliteCatalogStore): ReclaimResult {
  const notes: string[] = [];
  let vacuumed = false;
  try {
    store.db.exec('VACUUM');
    vacuumed = true;
  } catch (error) {
    if (!/^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '')) {
      throw new CatalogError(
        `catalog ${store.path}: pruned, but VACUUM failed (${errorMessage(error)}); the space is reused by later scans`,
        { cause: error },
      );
    }
    notes.push(
      `VACUUM skipped: another connection is writing the catalog (${errorMessage(error)}); run prune again later to reclaim the space`,
    );
  }
  const [checkpoint] = store.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  const walTruncated = checkpoint?.busy === 0;
  if (!walTruncated)
    notes.push(
      'the WAL could not be truncated while other connections read the catalog; it shrinks at their next checkpoint',
    );
  return { vacuumed, walTruncated, notes };
}
