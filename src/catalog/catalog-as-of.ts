import type { CurrentField, CurrentFinding } from './catalog-queries.js';
import type { ObjectsRecord } from './catalog-records.js';
import type { SqliteCatalogStore } from './catalog-store.js';
import { type StoredReview, reviewOf } from './review-rules.js';

/**
 * The assets present as of scan :scan, each with the asset scan its findings come from. The
 * documented views (`latest_asset_scans`, `current_findings`) are fixed at "latest", so this asks
 * the tables directly.
 *
 * - An asset's findings come from its latest `committed`/`metadata-only` asset scan at or before
 *   :scan. A later scan that failed on it, skipped it as unchanged, or did not reach its source
 *   leaves those findings standing (carry-over).
 * - An asset is gone when the latest *completed* scan at or before :scan that recorded its source
 *   (any asset scan row for one of the source's assets) recorded nothing for the asset — not
 *   scanned, not failed, not skipped: the source was listed and the asset was not in the list.
 *   Interrupted or failed scans do not count as listings (they may stop before reaching an asset).
 *   A source that failed as a whole, or whose listing came back empty, records no rows, so its
 *   assets carry over.
 */
const ASSETS_AS_OF = `
  asof AS (
    SELECT asset_id, MAX(scan_id) AS scan_id FROM asset_scans
    WHERE scan_id <= :scan AND status IN ('committed', 'metadata-only')
    GROUP BY asset_id
  ),
  seen AS (
    SELECT asset_id, MAX(scan_id) AS scan_id FROM asset_scans WHERE scan_id <= :scan GROUP BY asset_id
  ),
  listed AS (
    SELECT a.source_id, MAX(s.scan_id) AS scan_id
    FROM asset_scans s
    JOIN assets a ON a.id = s.asset_id
    JOIN scans sc ON sc.id = s.scan_id
    WHERE s.scan_id <= :scan AND sc.status IN ('completed', 'completed-with-errors')
    GROUP BY a.source_id
  ),
  present AS (
    SELECT asof.asset_id, asof.scan_id
    FROM asof
    JOIN assets a ON a.id = asof.asset_id
    JOIN seen ON seen.asset_id = asof.asset_id
    LEFT JOIN listed ON listed.source_id = a.source_id
    WHERE listed.scan_id IS NULL OR seen.scan_id >= listed.scan_id
  )`;

type FieldRow = Omit<CurrentField, 'findings' | 'objects'> & { fieldId: number; objects: string | null };
type ReviewRow = StoredReview & { fieldId: number; path: string; type: string };
type FindingRow = Omit<CurrentFinding, 'evidence' | 'examples'> & {
  fieldId: number;
  evidence: string;
  examples: string | null;
};

/**
 * The catalog as it stood after scan `scanId`: every field of every asset present then (see
 * ASSETS_AS_OF), with the findings of the scan that last looked at it, in source/asset/position
 * order — the same shape as `currentFields`. Unlike `current_findings`, an asset a later listing
 * no longer held is left out. `dataType` is the field's latest recorded type. Reviews are today's
 * (`current_reviews`, judged against each finding as `currentFields` does): two snapshots compare
 * what the scans found under the same decisions, so a false positive rejected after the later
 * scan no longer shows as new PII.
 */
export function fieldsAsOf(store: SqliteCatalogStore, scanId: number): CurrentField[] {
  const rows = store.db
    .prepare(
      `WITH ${ASSETS_AS_OF}
       SELECT f.id AS fieldId, src.name AS source, a.name AS asset, f.name AS field, f.data_type AS dataType,
              las.scan_id AS scanId, las.finished_at AS scannedAt, las.sampling_method AS samplingMethod,
              fs.values_seen AS valuesSeen, fs.non_empty AS nonEmpty, fs.skipped AS skipped, las.objects AS objects
       FROM present p
       JOIN asset_scans las ON las.asset_id = p.asset_id AND las.scan_id = p.scan_id
       JOIN assets a ON a.id = p.asset_id
       JOIN sources src ON src.id = a.source_id
       JOIN fields f ON f.asset_id = a.id
       -- Only the fields that scan saw: a dropped column drops out.
       JOIN field_scans fs ON fs.field_id = f.id AND fs.scan_id = p.scan_id
       ORDER BY src.name, a.name, f.position, f.name`,
    )
    .all({ scan: scanId }) as FieldRow[];
  const findings = store.db
    .prepare(
      `WITH ${ASSETS_AS_OF}
       SELECT fi.field_id AS fieldId, fi.path, fi.type, fi.detector, fi.confidence, fi.prevalence, fi.label,
              fi.matched, fi.evidence, fi.examples
       FROM present p
       JOIN fields f ON f.asset_id = p.asset_id
       JOIN findings fi ON fi.field_id = f.id AND fi.scan_id = p.scan_id
       ORDER BY fi.field_id, fi.path, fi.confidence DESC, fi.detector`,
    )
    .all({ scan: scanId }) as FindingRow[];
  const reviews = new Map<string, ReviewRow>();
  for (const review of store.db
    .prepare(
      `SELECT field_id AS fieldId, path, type, decision, new_type AS newType, reviewer, reviewed_at AS reviewedAt,
              note, detector, prevalence
       FROM current_reviews`,
    )
    .all() as ReviewRow[])
    reviews.set(reviewKey(review), review);
  const byField = new Map<number, CurrentFinding[]>();
  for (const { evidence, examples, ...row } of findings) {
    const finding: CurrentFinding = {
      path: row.path,
      type: row.type,
      detector: row.detector,
      confidence: row.confidence,
      prevalence: row.prevalence,
      label: row.label,
      matched: row.matched,
      evidence: JSON.parse(evidence) as Record<string, unknown>,
      examples: examples ? (JSON.parse(examples) as string[]) : null,
    };
    const review = reviews.get(reviewKey(row));
    const list = byField.get(row.fieldId) ?? [];
    list.push(review === undefined ? finding : { ...finding, review: reviewOf(review, finding) });
    byField.set(row.fieldId, list);
  }
  return rows.map(({ fieldId, objects, ...row }) => ({
    ...row,
    objects: objects !== null ? (JSON.parse(objects) as ObjectsRecord) : null,
    findings: byField.get(fieldId) ?? [],
  }));
}

function reviewKey(row: { fieldId: number; path: string; type: string }): string {
  return `${row.fieldId}\0${row.path}\0${row.type}`;
}
