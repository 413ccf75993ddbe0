import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SqliteCatalogStore } from '../catalog/catalog-store.js';
import {
  type ScanAssetRow,
  type ScanSourceRow,
  scanAssetRows,
  scanSourceRows,
} from '../catalog/scan-history.js';
import type { CatalogDiff } from '../diff/catalog-diff.js';
import { diffScans, previousScan } from '../diff/diff-scans.js';
import { ConfigError, UsageError, errorMessage } from '../shared/errors.js';
import {
  type GonePiiField,
  type NewPiiField,
  SCAN_REPORT_SCHEMA_ID,
  type ScanFailure,
  type ScanReport,
  type SkippedAsset,
  type SourceReport,
} from './scan-report.js';

export type { ScanReport } from './scan-report.js';

type ScanRow = Pick<
  ScanReport,
  | 'status'
  | 'stopReason'
  | 'startedAt'
  | 'finishedAt'
  | 'piimapVersion'
  | 'host'
  | 'user'
  | 'configHash'
  | 'resumed'
>;
/** The report of scan `scanId`, read from the catalog after it finished; `exitCode` is the scan's. */
export function buildScanReport(store: SqliteCatalogStore, scanId: number, exitCode: number): ScanReport {
  const scan = store.db
    .prepare(
      `SELECT status, stop_reason AS stopReason, started_at AS startedAt, finished_at AS finishedAt,
              piimap_version AS piimapVersion, host, user_name AS user, config_hash AS configHash, resumed
       FROM scans WHERE id = ?`,
    )
    .get(scanId) as ScanRow | undefined;
  if (scan === undefined) throw new UsageError(`scan report: no scan ${scanId} in ${store.path}`);
  const listings = scanSourceRows(store, scanId);
  const assets = scanAssetRows(store, scanId);
  // Code-unit order, as the diff orders its lists (SQLite orders by bytes).
  assets.sort((a, b) => compare(a.source, b.source) || compare(a.asset, b.asset));
  const sources = sourceReports(listings, assets);
  const sum = (key: keyof SourceReport & keyof ScanReport['counts']) =>
    sources.reduce((total, source) => total + source[key], 0);
  const previous = previousScan(store, scanId);
  const diff = previous !== undefined ? diffScans(store, previous.id, scanId) : undefined;
  return {
    $schema: SCAN_REPORT_SCHEMA_ID,
    scanId,
    status: scan.status,
    stopReason: scan.stopReason,
    exitCode,
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    durationMs: scan.finishedAt !== null ? Date.parse(scan.finishedAt) - Date.parse(scan.startedAt) : null,
    piimapVersion: scan.piimapVersion,
    host: scan.host,
    user: scan.user,
    configHash: scan.configHash,
    resumed: scan.resumed,
    counts: {
      assetsListed: sum('assetsListed'),
      committed: sum('committed'),
      metadataOnly: sum('metadataOnly'),
      failed: sum('failed'),
      unchanged: sum('unchanged'),
      deferred: sum('deferred'),
    },
    comparedWith: previous?.id ?? null,
    newPii: diff ? newPii(diff) : [],
    changedPii: diff?.typeChanged ?? [],
    stoppedBeingPii: diff ? gonePii(diff) : [],
    failures: failures(sources, assets),
    skipped: assets
      .filter((row) => row.status === 'skipped')
      .map((row): SkippedAsset => ({ source: row.source, asset: row.asset, reason: row.skipReason })),
    sources,
  };
}

/**
 * Writes the report as a whole or not at all: a temporary file in the same folder, readable by its
 * owner only (it names hosts, users and where PII lives), renamed over `path`.
 */
export async function writeScanReport(path: string, report: ScanReport): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(report, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new ConfigError(`report ${path}: cannot write it (${errorMessage(error)}); pick another --report`, {
      cause: error,
    });
  }
}

/** Per source (listed or with asset rows in this scan): how its assets fared, in name order. */
function sourceReports(listings: readonly ScanSourceRow[], assets: readonly ScanAssetRow[]): SourceReport[] {
  const names = [...new Set([...listings.map((l) => l.source), ...assets.map((a) => a.source)])];
  return names.sort(compare).map((source) => {
    const listing = listings.find((l) => l.source === source);
    const own = assets.filter((a) => a.source === source);
    const count = (status: string, skipReason?: string) =>
      own.filter((a) => a.status === status && (skipReason === undefined || a.skipReason === skipReason))
        .length;
    return {
      source,
      kind: listing?.kind ?? (own[0] as ScanAssetRow).sourceKind,
      status: listing?.status ?? null,
      assetsListed: listing?.assetsListed ?? own.length,
      committed: count('committed'),
      metadataOnly: count('metadata-only'),
      failed: count('failed'),
      unchanged: count('skipped', 'unchanged'),
      deferred: count('skipped', 'time-budget'),
      error: listing?.error ?? null,
    };
  });
}

/** A failed source first, then its failed assets. */
function failures(sources: readonly SourceReport[], assets: readonly ScanAssetRow[]): ScanFailure[] {
  return sources.flatMap(({ source, error }) => [
    ...(error !== null ? [{ source, asset: null, error }] : []),
    ...assets
      .filter((row) => row.source === source && row.status === 'failed')
      .map((row) => ({ source, asset: row.asset, error: row.error ?? '' })),
  ]);
}

/** Fields that became PII, and the PII fields of new assets: what `diff --fail-on-new` stops on. */
function newPii(diff: CatalogDiff): NewPiiField[] {
  const fields: NewPiiField[] = [
    ...diff.becamePii.map(({ id, source, asset, field, types, newField }) => ({
      id,
      source,
      asset,
      field,
      types,
      newField,
      newAsset: false,
    })),
    ...diff.newAssets.flatMap((change) => change.pii.map((f) => ({ ...f, newField: true, newAsset: true }))),
  ];
  return fields.sort(byField);
}

/** Fields that stopped being PII, and the PII fields of removed assets. */
function gonePii(diff: CatalogDiff): GonePiiField[] {
  const fields: GonePiiField[] = [
    ...diff.stoppedBeingPii.map(({ id, source, asset, field, types, removedField }) => ({
      id,
      source,
      asset,
      field,
      types,
      removedField,
      removedAsset: false,
    })),
    ...diff.removedAssets.flatMap((change) =>
      change.pii.map((f) => ({ ...f, removedField: true, removedAsset: true })),
    ),
  ];
  return fields.sort(byField);
}

function byField(a: { source: string; asset: string; field: string }, b: typeof a): number {
  return compare(a.source, b.source) || compare(a.asset, b.asset) || compare(a.field, b.field);
}

/** Code-unit order, as the diff orders its lists. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
