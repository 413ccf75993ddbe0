import type { ObjectsRecord } from './catalog-records.js';
import type { SqliteCatalogStore } from './catalog-store.js';
import { type StoredReview, reviewOf } from './review-rules.js';

/** A field as the catalog currently knows it: from its asset's latest committed scan. */
export interface CurrentField {
  source: string;
  asset: string;
  field: string;
  dataType: string;
  scanId: number;
  scannedAt: string;
  samplingMethod: string | null;
  valuesSeen: number;
  nonEmpty: number;
  skipped: string | null;
  /** Files and S3 datasets: the objects behind the asset. */
  objects: ObjectsRecord | null;
  findings: CurrentFinding[];
}

/** A person's decision on a finding (`piimap review`); it survives rescans (see review-rules.ts). */
export interface FindingReview {
  state: 'confirmed' | 'rejected' | 'retyped' | 'needs-review';
  by: string;
  at: string;
  note?: string;
  /** For `retyped`: the type the reviewer says the field holds instead. */
  type?: string;
}

export interface CurrentFinding {
  path: string;
  type: string;
  detector: string;
  confidence: number;
  prevalence: number;
  label: 'is' | 'contains';
  matched: number;
  evidence: Record<string, unknown>;
  examples: string[] | null;
  /** The review of this finding, if a person reviewed it (see review-rules.ts). */
  review?: FindingReview;
}

/** Every field of every asset with a committed scan, in source/asset/position order. */
export function currentFields(store: SqliteCatalogStore): CurrentField[] {
  const rows = store.db
    .prepare(
      `SELECT f.id AS fieldId, src.name AS source, a.name AS asset, f.name AS field, f.data_type AS dataType,
              las.scan_id AS scanId, las.finished_at AS scannedAt, las.sampling_method AS samplingMethod,
              COALESCE(fs.values_seen, 0) AS valuesSeen, COALESCE(fs.non_empty, 0) AS nonEmpty, fs.skipped AS skipped, las.objects AS objects
       FROM fields f
       JOIN assets a ON a.id = f.asset_id
       JOIN sources src ON src.id = a.source_id
       JOIN latest_asset_scans las ON las.asset_id = a.id
       -- Only fields the latest scan saw: a dropped column or a field no sampled object held drops out.
       JOIN field_scans fs ON fs.field_id = f.id AND fs.scan_id = las.scan_id
       ORDER BY src.name, a.name, f.position`,
    )
    .all() as (Omit<CurrentField, 'findings' | 'objects'> & { fieldId: number; objects: string | null })[];
  const findings = store.db.prepare(
    `SELECT path, type, detector, confidence, prevalence, label, matched, evidence, examples
     FROM findings WHERE field_id = ? AND scan_id = ? ORDER BY path, confidence DESC, detector`,
  );
  const reviews = store.db.prepare(
    `SELECT path, type, decision, new_type AS newType, reviewer, reviewed_at AS reviewedAt, note, detector, prevalence
     FROM current_reviews WHERE field_id = ?`,
  );
  return rows.map(({ fieldId, objects, ...row }) => {
    const stored = reviews.all(fieldId) as (StoredReview & { path: string; type: string })[];
    return {
      ...row,
      objects: objects !== null ? (JSON.parse(objects) as ObjectsRecord) : null,
      findings: (
        findings.all(fieldId, row.scanId) as (Omit<CurrentFinding, 'evidence' | 'examples'> & {
          evidence: string;
          examples: string | null;
        })[]
      ).map((f) => {
        const finding: CurrentFinding = {
          ...f,
          evidence: JSON.parse(f.evidence) as Record<string, unknown>,
          examples: f.examples ? (JSON.parse(f.examples) as string[]) : null,
        };
        const review = stored.find((r) => r.path === f.path && r.type === f.type);
        return review === undefined ? finding : { ...finding, review: reviewOf(review, finding) };
      }),
    };
  });
}

/** Where a field's current findings come from: its asset's latest scan, as exports print it. */
export function scanOf(field: CurrentField) {
  return {
    id: field.scanId,
    at: field.scannedAt,
    samplingMethod: field.samplingMethod,
    valuesSeen: field.valuesSeen,
    nonEmpty: field.nonEmpty,
    ...(field.skipped !== null && { skipped: field.skipped }),
    ...(field.objects !== null && { objects: field.objects }),
  };
}

/** The sources the catalog knows: name, kind and location (stored redacted). */
export function catalogSources(
  store: SqliteCatalogStore,
): { name: string; kind: string; location: string }[] {
  return store.db.prepare('SELECT name, kind, location FROM sources ORDER BY name').all() as {
    name: string;
    kind: string;
    location: string;
  }[];
}
