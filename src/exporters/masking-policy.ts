import type { CurrentField, CurrentFinding } from '../catalog/catalog-queries.js';
import type { SqliteCatalogStore } from '../catalog/catalog-store.js';
import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';
import { ConfigError } from '../shared/errors.js';
import {
  MASKING_KEY_ENV,
  MASKING_STRATEGIES,
  PARTIAL_TYPES,
  type MaskingStrategy,
  type PartialKeep,
  REDACTED,
  defaultStrategy,
  partialKeep,
  stricter,
} from './masking-strategies.js';
import { effectiveFinding } from '../catalog/review-rules.js';

export const MASKING_SCHEMA_ID = 'https://piimap.dev/schema/masking.schema.json';

/** `piimap export --format masking` (catalog-schema/masking.schema.json). Never holds the key. */
export interface MaskingPolicy {
  $schema: typeof MASKING_SCHEMA_ID;
  generatedAt: string;
  minConfidence: number;
  redact: { replacement: typeof REDACTED };
  hash: { algorithm: 'HMAC-SHA256'; key: `env:${string}`; input: 'utf-8'; output: 'hex' };
  /** Keyed by source name, then asset name, then field name, as a gateway's column rules are. */
  sources: Record<string, MaskingSource>;
}

export interface MaskingSource {
  kind: string;
  assets: Record<string, MaskingAsset>;
}

export interface MaskingAsset {
  /** Every field the catalog knows, in order: those without a rule pass through unchanged. */
  columns: string[];
  fields: Record<string, MaskingRule>;
}

export interface MaskingRule {
  /** How the whole value is masked. */
  strategy: MaskingStrategy;
  /** For `partial`: what stays visible. */
  partial?: PartialKeep;
  /** The PII behind the rule (for a JSON column: every type of any of its paths). */
  types: MaskedType[];
  /** JSON columns: rules per path, for a gateway that masks inside documents instead. */
  paths?: Record<string, MaskingRule>;
}

export interface MaskedType {
  type: string;
  label: 'is' | 'contains';
  confidence: number;
  /** Set when a person's review made the finding count (`confirmed`, or `retyped` to this type). */
  review?: 'confirmed' | 'retyped';
}

export interface MaskingPolicyOptions {
  /** Findings at or above this confidence count (reviews aside); default CLASSIFICATION_CONFIDENCE. */
  minConfidence?: number;
  /** Per-type overrides of the default table in masking-strategies.ts. */
  strategies?: Readonly<Record<string, MaskingStrategy>>;
}

/** A source's name and kind (`postgres`, `mysql`, `sqlite`, `files`, `s3`). */
export interface SourceKind {
  name: string;
  kind: string;
}

/** The catalog's sources and their kinds. */
export function catalogSourceKinds(store: SqliteCatalogStore): SourceKind[] {
  return store.db.prepare('SELECT name, kind FROM sources ORDER BY name').all() as SourceKind[];
}

/** The masking policy for the current catalog: a rule per PII field, every scanned asset listed. */
export function maskingPolicy(
  fields: readonly CurrentField[],
  sources: readonly SourceKind[],
  options: MaskingPolicyOptions = {},
): MaskingPolicy {
  const minConfidence = checkedMinConfidence(options.minConfidence);
  const strategies = checkedStrategies(options.strategies ?? {});
  const kinds = new Map(sources.map((s) => [s.name, s.kind]));
  const bySource = new Map<string, Map<string, { columns: string[]; fields: [string, MaskingRule][] }>>();
  for (const name of kinds.keys()) bySource.set(name, new Map());
  for (const field of fields) {
    const assets = bySource.get(field.source) ?? new Map();
    bySource.set(field.source, assets);
    const asset = assets.get(field.asset) ?? { columns: [], fields: [] };
    assets.set(field.asset, asset);
    asset.columns.push(field.field);
    const rule = fieldRule(field.findings, minConfidence, strategies);
    if (rule !== undefined) asset.fields.push([field.field, rule]);
  }
  return {
    $schema: MASKING_SCHEMA_ID,
    generatedAt: new Date().toISOString(),
    minConfidence,
    redact: { replacement: REDACTED },
    hash: { algorithm: 'HMAC-SHA256', key: `env:${MASKING_KEY_ENV}`, input: 'utf-8', output: 'hex' },
    // fromEntries defines own properties, so a column named __proto__ is a key like any other.
    sources: Object.fromEntries(
      [...bySource].map(([name, assets]) => [
        name,
        {
          kind: kinds.get(name) ?? 'unknown',
          assets: Object.fromEntries(
            [...assets].map(([asset, a]) => [
              asset,
              { columns: a.columns, fields: Object.fromEntries(a.fields) },
            ]),
          ),
        },
      ]),
    ),
  };
}

/** The column's own rule, and for JSON columns one per path; the whole value is redacted then. */
function fieldRule(
  findings: readonly CurrentFinding[],
  minConfidence: number,
  strategies: ReadonlyMap<string, MaskingStrategy>,
): MaskingRule | undefined {
  const byPath = new Map<string, CurrentFinding[]>();
  for (const finding of findings) byPath.set(finding.path, [...(byPath.get(finding.path) ?? []), finding]);
  const own = pathRule(byPath.get('') ?? [], minConfidence, strategies);
  const paths = [...byPath]
    .filter(([path]) => path !== '')
    .map(([path, list]) => [path, pathRule(list, minConfidence, strategies)] as const)
    .filter((entry): entry is readonly [string, MaskingRule] => entry[1] !== undefined);
  if (paths.length === 0) return own;
  return {
    strategy: 'redact',
    types: mergeTypes([...(own?.types ?? []), ...paths.flatMap(([, rule]) => rule.types)]),
    paths: Object.fromEntries(paths),
  };
}

function pathRule(
  findings: readonly CurrentFinding[],
  minConfidence: number,
  strategies: ReadonlyMap<string, MaskingStrategy>,
): MaskingRule | undefined {
  const types = mergeTypes(findings.flatMap((f) => counted(f, minConfidence)));
  if (types.length === 0) return undefined;
  let strategy: MaskingStrategy | undefined;
  const keeps = new Set<string>();
  for (const t of types) {
    const own = t.label === 'contains' ? 'redact' : (strategies.get(t.type) ?? defaultStrategy(t.type));
    if (own === 'partial') keeps.add(JSON.stringify(partialKeep(t.type)));
    strategy = strategy === undefined ? own : stricter(strategy, own);
  }
  // Two types showing different parts (an email's domain, a phone's last digits): show neither.
  if (strategy === 'partial' && keeps.size > 1) strategy = 'redact';
  const keep = strategy === 'partial' ? partialKeep(types[0]?.type ?? '') : undefined;
  return { strategy: strategy ?? 'redact', ...(keep !== undefined && { partial: keep }), types };
}

/** A finding counts as reviews leave it (`effectiveFinding`), unreviewed ones from `minConfidence`. */
function counted(finding: CurrentFinding, minConfidence: number): MaskedType[] {
  const { type, classified } = effectiveFinding(finding, { minConfidence });
  if (!classified) return [];
  const state = finding.review?.state;
  const review = state === 'confirmed' || state === 'retyped' ? state : undefined;
  return [
    { type, label: finding.label, confidence: finding.confidence, ...(review !== undefined && { review }) },
  ];
}

/** One entry per type: the strictest label, the highest confidence, a review if any counted. */
function mergeTypes(types: readonly MaskedType[]): MaskedType[] {
  const byType = new Map<string, MaskedType>();
  for (const t of types) {
    const known = byType.get(t.type);
    if (known === undefined) {
      byType.set(t.type, { ...t });
      continue;
    }
    if (t.label === 'contains') known.label = 'contains';
    known.confidence = Math.max(known.confidence, t.confidence);
    if (known.review === undefined && t.review !== undefined) known.review = t.review;
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}

function checkedMinConfidence(value: number | undefined): number {
  if (value === undefined) return CLASSIFICATION_CONFIDENCE;
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new ConfigError(`masking minConfidence: ${value} is not a confidence; use a number from 0 to 1`);
  return value;
}

function checkedStrategies(
  strategies: Readonly<Record<string, MaskingStrategy>>,
): Map<string, MaskingStrategy> {
  const checked = new Map<string, MaskingStrategy>();
  for (const [type, strategy] of Object.entries(strategies)) {
    if (!MASKING_STRATEGIES.includes(strategy))
      throw new ConfigError(
        `masking strategy for ${type}: "${strategy}" is not a strategy; use ${MASKING_STRATEGIES.join(', ')}`,
      );
    if (strategy === 'partial' && partialKeep(type) === undefined)
      throw new ConfigError(
        `masking strategy for ${type}: partial is defined only for ${PARTIAL_TYPES.join(', ')}; use redact or hash`,
      );
    checked.set(type, strategy);
  }
  return checked;
}
