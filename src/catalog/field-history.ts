import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';
import type { SqliteCatalogStore } from './catalog-store.js';

/** What one scan found in a field, as the machine saw it then (reviews are listed apart). */
export interface FieldHistoryEntry {
  scan: { id: number; status: string; startedAt: string; finishedAt: string | null };
  /** The asset's part in that scan. */
  assetScan: { status: string; samplingMethod: string | null; finishedAt: string };
  valuesSeen: number;
  nonEmpty: number;
  skipped: string | null;
  /** The types the scan classified (confidence ≥ 0.5), sorted. */
  types: string[];
  findings: {
    path: string;
    type: string;
    detector: string;
    label: 'is' | 'contains';
    prevalence: number;
    confidence: number;
    matched: number;
    classified: boolean;
  }[];
}

/** One decision of `piimap review` on one of the field's findings. */
export interface FieldReviewEvent {
  at: string;
  by: string;
  decision: 'confirmed' | 'rejected' | 'retyped';
  path: string;
  type: string;
  newType: string | null;
  note: string | null;
  /** The scan whose finding was reviewed, and the evidence the reviewer saw. */
  scanId: number | null;
  confidence: number | null;
  prevalence: number | null;
}

export interface FieldHistory {
  /** Every scan that read the field, newest first (scans that skipped its asset are not listed). */
  scans: FieldHistoryEntry[];
  /** Every review decision, newest first. */
  reviews: FieldReviewEvent[];
}

/** A field's classification across the scans the catalog still holds (`prune` drops older ones). */
export function fieldHistory(
  store: SqliteCatalogStore,
  name: { source: string; asset: string; field: string },
): FieldHistory | undefined {
  const ids = store.db
    .prepare(
      `SELECT f.id AS fieldId, a.id AS assetId FROM fields f
       JOIN assets a ON a.id = f.asset_id JOIN sources s ON s.id = a.source_id
       WHERE s.name = ? AND a.name = ? AND f.name = ?`,
    )
    .get(name.source, name.asset, name.field) as { fieldId: number; assetId: number } | undefined;
  if (ids === undefined) return undefined;
  const rows = store.db
    .prepare(
      `SELECT sc.id AS scanId, sc.status, sc.started_at AS startedAt, sc.finished_at AS finishedAt,
              s.status AS assetStatus, s.sampling_method AS samplingMethod, s.finished_at AS assetFinishedAt,
              fs.values_seen AS valuesSeen, fs.non_empty AS nonEmpty, fs.skipped
       FROM asset_scans s
       JOIN scans sc ON sc.id = s.scan_id
       -- By the asset's scans first (asset_scans_by_asset), then field_scans by its key.
       JOIN field_scans fs ON fs.scan_id = s.scan_id AND fs.field_id = ?
       WHERE s.asset_id = ?
       ORDER BY sc.id DESC`,
    )
    .all(ids.fieldId, ids.assetId) as HistoryRow[];
  const findings = store.db
    .prepare(
      `SELECT scan_id AS scanId, path, type, detector, label, prevalence, confidence, matched
       FROM findings WHERE field_id = ? ORDER BY scan_id DESC, path, confidence DESC, detector`,
    )
    .all(ids.fieldId) as (Omit<FieldHistoryEntry['findings'][number], 'classified'> & { scanId: number })[];
  const scans = rows.map((row): FieldHistoryEntry => {
    const own = findings
      .filter((f) => f.scanId === row.scanId)
      .map(({ scanId: _scanId, ...f }) => ({ ...f, classified: f.confidence >= CLASSIFICATION_CONFIDENCE }));
    return {
      scan: { id: row.scanId, status: row.status, startedAt: row.startedAt, finishedAt: row.finishedAt },
      assetScan: {
        status: row.assetStatus,
        samplingMethod: row.samplingMethod,
        finishedAt: row.assetFinishedAt,
      },
      valuesSeen: row.valuesSeen,
      nonEmpty: row.nonEmpty,
      skipped: row.skipped,
      types: [...new Set(own.filter((f) => f.classified).map((f) => f.type))].sort(),
      findings: own,
    };
  });
  const reviews = store.db
    .prepare(
      `SELECT reviewed_at AS at, reviewer AS by, decision, path, type, new_type AS newType, note,
              scan_id AS scanId, confidence, prevalence
       FROM reviews WHERE field_id = ? ORDER BY id DESC`,
    )
    .all(ids.fieldId) as FieldReviewEvent[];
  return { scans, reviews };
}

interface HistoryRow {
  scanId: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  assetStatus: string;
  samplingMethod: string | null;
  assetFinishedAt: string;
  valuesSeen: number;
  nonEmpty: number;
  skipped: string | null;
}
