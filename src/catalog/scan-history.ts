import type { SqliteCatalogStore } from './catalog-store.js';

/** One scan as `piimap scans` shows it: who ran it where, with what, and how its assets fared. */
export interface ScanSummary {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  piimapVersion: string;
  host: string;
  user: string;
  options: Record<string, unknown>;
  assets: { committed: number; metadataOnly: number; failed: number; skipped: number };
  /** Per source: assets by status, and the first errors (credentials redacted when recorded). */
  sources: {
    source: string;
    committed: number;
    failed: number;
    errors: { asset: string; error: string }[];
  }[];
}

/** Errors listed per source; the rest are counted. */
const ERRORS_PER_SOURCE = 5;

/** Every scan of the catalog, newest first. */
export function scanHistory(store: SqliteCatalogStore): ScanSummary[] {
  const scans = store.db
    .prepare(
      `SELECT id, status, started_at AS startedAt, finished_at AS finishedAt, piimap_version AS piimapVersion,
              host, user_name AS user, options
       FROM scans ORDER BY id DESC`,
    )
    .all() as (Omit<ScanSummary, 'options' | 'assets' | 'sources'> & { options: string })[];
  const assetRows = store.db.prepare(
    `SELECT src.name AS source, a.name AS asset, s.status, s.error
     FROM asset_scans s JOIN assets a ON a.id = s.asset_id JOIN sources src ON src.id = a.source_id
     WHERE s.scan_id = ? ORDER BY src.name, a.name`,
  );
  return scans.map((scan) => {
    const rows = assetRows.all(scan.id) as {
      source: string;
      asset: string;
      status: string;
      error: string | null;
    }[];
    const count = (status: string) => rows.filter((r) => r.status === status).length;
    const sources = [...new Set(rows.map((r) => r.source))].map((source) => {
      const own = rows.filter((r) => r.source === source);
      return {
        source,
        committed: own.filter((r) => r.status === 'committed' || r.status === 'metadata-only').length,
        failed: own.filter((r) => r.status === 'failed').length,
        errors: own
          .filter((r) => r.error !== null)
          .slice(0, ERRORS_PER_SOURCE)
          .map((r) => ({ asset: r.asset, error: r.error as string })),
      };
    });
    return {
      ...scan,
      options: JSON.parse(scan.options) as Record<string, unknown>,
      assets: {
        committed: count('committed'),
        metadataOnly: count('metadata-only'),
        failed: count('failed'),
        skipped: count('skipped'),
      },
      sources,
    };
  });
}
