import type { SqliteCatalogStore } from './catalog-store.js';

/**
 * One scan as `piimap scans` shows it — the audit record: who ran it where, with which piimap and
 * config (hashed, credentials left out), when and for how long, what each source listed and how
 * its assets fared, and the errors.
 */
export interface ScanSummary {
  id: number;
  status: string;
  /** Why it stopped before the end: `time-budget`, `SIGINT`, `SIGTERM`; null when it ran through. */
  stopReason: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Wall time from start to finish (a resumed scan: including the time it lay interrupted). */
  durationMs: number | null;
  piimapVersion: string;
  host: string;
  user: string;
  /** sha256 of what decides the scan's results (scan-settings-hash.ts); null for scans before v6. */
  configHash: string | null;
  /** How often `--resume` continued it (who and when: `options.resumes`). */
  resumed: number;
  options: Record<string, unknown>;
  assets: {
    committed: number;
    metadataOnly: number;
    failed: number;
    /** Not read: `unchanged` (incremental) plus `deferred` (time budget). */
    skipped: number;
    unchanged: number;
    deferred: number;
  };
  /** Per source: how it went, assets by status, and the first errors (credentials redacted when recorded). */
  sources: {
    source: string;
    kind: string | null;
    /** `done`, `failed`, `deferred` (not reached in time), `scanning`; null for scans before v6. */
    status: string | null;
    assetsListed: number | null;
    committed: number;
    failed: number;
    unchanged: number;
    deferred: number;
    /** The source's own error (it could not be opened or listed). */
    error: string | null;
    errors: { asset: string; error: string }[];
  }[];
}

/** Errors listed per source; the rest are counted. */
const ERRORS_PER_SOURCE = 5;

/** One asset's record in a scan, with its source. */
export interface ScanAssetRow {
  source: string;
  /** The source's kind (`postgres`, `s3`, …). */
  sourceKind: string;
  asset: string;
  status: string;
  skipReason: string | null;
  error: string | null;
}

/** One source's part in a scan (`scan_sources`). */
export interface ScanSourceRow {
  source: string;
  kind: string;
  status: string;
  assetsListed: number | null;
  error: string | null;
}

/** The assets scan `scanId` recorded, by source and asset name. */
export function scanAssetRows(store: SqliteCatalogStore, scanId: number): ScanAssetRow[] {
  return store.db
    .prepare(
      `SELECT src.name AS source, src.kind AS sourceKind, a.name AS asset, s.status, s.skip_reason AS skipReason, s.error
       FROM asset_scans s JOIN assets a ON a.id = s.asset_id JOIN sources src ON src.id = a.source_id
       WHERE s.scan_id = ? ORDER BY src.name, a.name`,
    )
    .all(scanId) as ScanAssetRow[];
}

/** The sources scan `scanId` took part in, in the order it took them. */
export function scanSourceRows(store: SqliteCatalogStore, scanId: number): ScanSourceRow[] {
  return store.db
    .prepare(
      `SELECT source, kind, status, assets_listed AS assetsListed, error FROM scan_sources
       WHERE scan_id = ? ORDER BY started_at, source`,
    )
    .all(scanId) as ScanSourceRow[];
}

/** Every scan of the catalog, newest first. */
export function scanHistory(store: SqliteCatalogStore): ScanSummary[] {
  const scans = store.db
    .prepare(
      `SELECT id, status, stop_reason AS stopReason, started_at AS startedAt, finished_at AS finishedAt,
              piimap_version AS piimapVersion, host, user_name AS user, config_hash AS configHash, resumed, options
       FROM scans ORDER BY id DESC`,
    )
    .all() as (Omit<ScanSummary, 'options' | 'assets' | 'sources' | 'durationMs'> & { options: string })[];
  return scans.map((scan) => {
    const rows = scanAssetRows(store, scan.id);
    const ran = scanSourceRows(store, scan.id);
    const count = (matches: (r: ScanAssetRow) => boolean, among: ScanAssetRow[] = rows) =>
      among.filter(matches).length;
    const names = [...new Set([...ran.map((r) => r.source), ...rows.map((r) => r.source)])];
    const sources = names.map((source) => {
      const own = rows.filter((r) => r.source === source);
      const run = ran.find((r) => r.source === source);
      return {
        source,
        kind: run?.kind ?? null,
        status: run?.status ?? null,
        assetsListed: run?.assetsListed ?? null,
        committed: count(isCommitted, own),
        failed: count((r) => r.status === 'failed', own),
        unchanged: count(isUnchanged, own),
        deferred: count(isDeferred, own),
        error: run?.error ?? null,
        errors: own
          .filter((r) => r.error !== null)
          .slice(0, ERRORS_PER_SOURCE)
          .map((r) => ({ asset: r.asset, error: r.error as string })),
      };
    });
    return {
      ...scan,
      durationMs: scan.finishedAt !== null ? Date.parse(scan.finishedAt) - Date.parse(scan.startedAt) : null,
      options: JSON.parse(scan.options) as Record<string, unknown>,
      assets: {
        committed: count((r) => r.status === 'committed'),
        metadataOnly: count((r) => r.status === 'metadata-only'),
        failed: count((r) => r.status === 'failed'),
        skipped: count((r) => r.status === 'skipped'),
        unchanged: count(isUnchanged),
        deferred: count(isDeferred),
      },
      sources,
    };
  });
}

const isCommitted = (r: ScanAssetRow) => r.status === 'committed' || r.status === 'metadata-only';
const isUnchanged = (r: ScanAssetRow) => r.status === 'skipped' && r.skipReason === 'unchanged';
const isDeferred = (r: ScanAssetRow) => r.status === 'skipped' && r.skipReason === 'time-budget';
