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
  // Every current finding and review in one query each, grouped by field here: a query per
  // field cost ~1.5 s at 100,000 fields.
  const findingsByField = groupByField(
    store.db
      .prepare(
        `SELECT fi.field_id AS fieldId, fi.path, fi.type, fi.detector, fi.confidence, fi.prevalence, fi.label,
                fi.matched, fi.evidence, fi.examples
         FROM findings fi
         JOIN fields f ON f.id = fi.field_id
         JOIN latest_asset_scans las ON las.asset_id = f.asset_id AND las.scan_id = fi.scan_id
         ORDER BY fi.field_id, fi.path, fi.confidence DESC, fi.detector`,
      )
      .all() as (Omit<CurrentFinding, 'evidence' | 'examples'> & {
      fieldId: number;
      evidence: string;
      examples: string | null;
    })[],
  );
  const reviewsByField = groupByField(
    store.db
      .prepare(
        `SELECT field_id AS fieldId, path, type, decision, new_type AS newType, reviewer, reviewed_at AS reviewedAt,
                note, detector, prevalence
         FROM current_reviews`,
      )
      .all() as (StoredReview & { fieldId: number; path: string; type: string })[],
  );
  // An asset's objects record is the same for all its fields: parsed once.
  const parsedObjects = new Map<string, ObjectsRecord>();
  return rows.map(({ fieldId, objects, ...row }) => {
    const stored = reviewsByField.get(fieldId) ?? [];
    let parsed: ObjectsRecord | null = null;
    if (objects !== null) {
      parsed = parsedObjects.get(objects) ?? (JSON.parse(objects) as ObjectsRecord);
      parsedObjects.set(objects, parsed);
    }
    return {
      ...row,
      objects: parsed,
      findings: (findingsByField.get(fieldId) ?? []).map(({ fieldId: _field, ...f }) => {
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

function groupByField<Row extends { fieldId: number }>(rows: Row[]): Map<number, Row[]> {
  const groups = new Map<number, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.fieldId);
    if (group === undefined) groups.set(row.fieldId, [row]);
    else group.push(row);
  }
  return groups;
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
