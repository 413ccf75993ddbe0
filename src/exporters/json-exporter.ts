import { type CurrentField, type CurrentFinding, scanOf } from '../catalog/catalog-queries.js';
import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';

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

/** One entry per type (the most confident detector's), split at the classification threshold. */
function split(findings: readonly CurrentFinding[]): {
  classifications: ExportedFinding[];
  candidates: ExportedFinding[];
} {
  const byType = new Map<string, CurrentFinding>();
  for (const f of findings) {
    const best = byType.get(f.type);
    if (best === undefined || f.confidence > best.confidence) byType.set(f.type, f);
  }
  const entries = [...byType.values()]
    .sort((a, b) => b.confidence - a.confidence || a.type.localeCompare(b.type))
    .map((f) => ({
      type: f.type,
      confidence: f.confidence,
      prevalence: f.prevalence,
      label: f.label,
      detector: f.detector,
      matched: f.matched,
      evidence: f.evidence,
      ...(f.examples !== null && { examples: f.examples }),
    }));
  return {
    classifications: entries.filter((e) => e.confidence >= CLASSIFICATION_CONFIDENCE),
    candidates: entries.filter((e) => e.confidence < CLASSIFICATION_CONFIDENCE),
  };
}
