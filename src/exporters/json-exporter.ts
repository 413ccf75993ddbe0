import {
  type CurrentField,
  type CurrentFinding,
  type FindingReview,
  scanOf,
} from '../catalog/catalog-queries.js';
import { effectiveFinding } from '../catalog/review-rules.js';

export const CATALOG_SCHEMA_ID = 'https://piimap.dev/schema/catalog.schema.json';

interface ExportedFinding {
  type: string;
  confidence: number;
  prevalence: number;
  label: 'is' | 'contains';
  detector: string;
  matched: number;
  evidence: Record<string, unknown>;
  examples?: string[];
  review?: FindingReview;
}

/** `piimap export --format json`: the whole current catalog (catalog-schema/catalog.schema.json). */
export function catalogJson(fields: readonly CurrentField[]): object {
  return {
    $schema: CATALOG_SCHEMA_ID,
    generatedAt: new Date().toISOString(),
    fields: fields.map((field) => {
      const paths = [...new Set(field.findings.map((f) => f.path).filter((p) => p !== ''))];
      const own = field.findings.filter((f) => f.path === '');
      // A JSON column carries every type found in any of its paths.
      const forField = split([...own, ...field.findings.filter((f) => f.path !== '')]);
      return {
        id: `${field.source}.${field.asset}.${field.field}`,
        source: field.source,
        asset: field.asset,
        field: field.field,
        dataType: field.dataType,
        ...forField,
        ...(paths.length > 0 && {
          paths: paths.map((path) => ({ path, ...split(field.findings.filter((f) => f.path === path)) })),
        }),
        scan: scanOf(field),
      };
    }),
  };
}

/**
 * One entry per type (the most confident detector's), split at the classification threshold — or
 * as a person's review decided (review-rules.ts): confirmed is a classification, rejected a
 * candidate, retyped the reviewer's type.
 */
function split(findings: readonly CurrentFinding[]): {
  classifications: ExportedFinding[];
  candidates: ExportedFinding[];
} {
  const byType = new Map<string, { finding: CurrentFinding; type: string; classified: boolean }>();
  for (const finding of findings) {
    const effective = effectiveFinding(finding);
    const best = byType.get(effective.type);
    if (best === undefined || rank(effective.classified, finding) > rank(best.classified, best.finding))
      byType.set(effective.type, { finding, ...effective });
  }
  const entries = [...byType.values()]
    .sort((a, b) => b.finding.confidence - a.finding.confidence || a.type.localeCompare(b.type))
    .map(({ finding: f, type, classified }) => ({
      classified,
      entry: {
        type,
        confidence: f.confidence,
        prevalence: f.prevalence,
        label: f.label,
        detector: f.detector,
        matched: f.matched,
        evidence: f.evidence,
        ...(f.examples !== null && { examples: f.examples }),
        // A retype keeps what the machine found beside the reviewer's type.
        ...(f.review !== undefined && {
          review: f.review.state === 'retyped' ? { ...f.review, detectedType: f.type } : f.review,
        }),
      },
    }));
  return {
    classifications: entries.filter((e) => e.classified).map((e) => e.entry),
    candidates: entries.filter((e) => !e.classified).map((e) => e.entry),
  };
}

/** Classified findings first, then the more confident. */
function rank(classified: boolean, finding: CurrentFinding): number {
  return (classified ? 2 : 0) + finding.confidence;
}
