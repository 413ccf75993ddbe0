/**
 * What a scan needs to know about earlier scans to skip work: each asset's last successful scan
 * (incremental), the assets an interrupted scan already committed (`--resume`), and what the time
 * budget left over last time (taken first).
 */
import type { SqliteCatalogStore } from './catalog-store.js';

export interface LastAssetScan {
  scanId: number;
  status: 'committed' | 'metadata-only';
  finishedAt: string;
  fingerprint: string | null;
  settingsHash: string | null;
}

/** Per asset name of the source: its latest scan that read its values or metadata. */
export function lastAssetScans(store: SqliteCatalogStore, source: string): Map<string, LastAssetScan> {
  const rows = store.db
    .prepare(
      `SELECT a.name, las.scan_id AS scanId, las.status, las.finished_at AS finishedAt,
              las.fingerprint, las.settings_hash AS settingsHash
       FROM latest_asset_scans las
       JOIN assets a ON a.id = las.asset_id
       JOIN sources src ON src.id = a.source_id
       WHERE src.name = ?`,
    )
    .all(source) as (LastAssetScan & { name: string })[];
  return new Map(rows.map(({ name, ...last }) => [name, last]));
}

/** Assets of the source this scan has already dealt with: read, or skipped as unchanged. */
export function assetsDoneInScan(store: SqliteCatalogStore, scanId: number, source: string): Set<string> {
  const rows = store.db
    .prepare(
      `SELECT a.name FROM asset_scans s
       JOIN assets a ON a.id = s.asset_id JOIN sources src ON src.id = a.source_id
       WHERE s.scan_id = ? AND src.name = ?
         AND (s.status IN ('committed', 'metadata-only') OR s.skip_reason = 'unchanged')`,
    )
    .all(scanId, source) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** Assets of the source whose most recent record is "left by the time budget". */
export function assetsLeftByBudget(store: SqliteCatalogStore, source: string): Set<string> {
  const rows = store.db
    .prepare(
      `SELECT a.name FROM asset_scans s
       JOIN assets a ON a.id = s.asset_id JOIN sources src ON src.id = a.source_id
       WHERE src.name = ? AND s.skip_reason = 'time-budget'
         AND s.scan_id = (SELECT MAX(l.scan_id) FROM asset_scans l WHERE l.asset_id = s.asset_id)`,
    )
    .all(source) as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/** Sources whose latest part in a scan was cut short by the time budget (not reached, or assets left). */
export function sourcesLeftByBudget(store: SqliteCatalogStore): Set<string> {
  const rows = store.db
    .prepare(
      `SELECT ss.source FROM scan_sources ss
       WHERE ss.scan_id = (SELECT MAX(l.scan_id) FROM scan_sources l WHERE l.source = ss.source)
         AND (ss.status = 'deferred' OR EXISTS (
           SELECT 1 FROM asset_scans s JOIN assets a ON a.id = s.asset_id JOIN sources src ON src.id = a.source_id
           WHERE s.scan_id = ss.scan_id AND src.name = ss.source AND s.skip_reason = 'time-budget'))`,
    )
    .all() as { source: string }[];
  return new Set(rows.map((r) => r.source));
}

export interface ScanHead {
  id: number;
  status: string;
  startedAt: string;
  stopReason: string | null;
  configHash: string | null;
}

/** The catalog's most recent scan, if any. */
export function latestScan(store: SqliteCatalogStore): ScanHead | undefined {
  return store.db
    .prepare(
      `SELECT id, status, started_at AS startedAt, stop_reason AS stopReason, config_hash AS configHash
       FROM scans ORDER BY id DESC LIMIT 1`,
    )
    .get() as ScanHead | undefined;
}
