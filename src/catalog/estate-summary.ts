import type { Sensitivity } from '../detection/detector-definition.js';
import { fieldPii } from '../diff/field-pii.js';
import { highestSensitivity } from '../exporters/gdpr-categories.js';
import type { CurrentField } from './catalog-queries.js';
import { type PiiTaxonomy, sensitivityRank } from './pii-taxonomy.js';
import { effectiveFinding } from './review-rules.js';

/** A PII type a field holds: its best confidence, the label of that finding, how sensitive it is. */
export interface FieldType {
  type: string;
  confidence: number;
  label: 'is' | 'contains';
  sensitivity: Sensitivity | null;
}

/** The types a field holds (as lookup decides: reviews applied), the most sensitive first. */
export function fieldTypes(field: CurrentField, taxonomy: PiiTaxonomy): FieldType[] {
  const types: FieldType[] = [];
  for (const [type, confidence] of fieldPii(field)) {
    const best = field.findings.find((f) => {
      const effective = effectiveFinding(f);
      return effective.classified && effective.type === type && f.confidence === confidence;
    });
    types.push({
      type,
      confidence,
      label: best?.label ?? 'is',
      sensitivity: taxonomy.ofFinding(best?.detector ?? '', type),
    });
  }
  return types.sort(
    (a, b) => sensitivityRank(b.sensitivity) - sensitivityRank(a.sensitivity) || compare(a.type, b.type),
  );
}

export interface TypeCount {
  type: string;
  sensitivity: Sensitivity | null;
  category: string | null;
  /** Fields holding the type, and of those the fields that *are* it or only *contain* it. */
  fields: number;
  is: number;
  contains: number;
  assets: number;
  sources: number;
}

export interface SourceCount {
  source: string;
  kind: string | null;
  assets: number;
  piiAssets: number;
  fields: number;
  piiFields: number;
  sensitivity: Sensitivity | null;
  /** Fields per type, the most sensitive type first. */
  types: { type: string; fields: number }[];
}

export type SensitivityCounts = Record<Sensitivity | 'unknown', number>;

/** The estate at a glance: what the overview of the browser and the HTML report show. */
export interface EstateSummary {
  totals: {
    sources: number;
    assets: number;
    piiAssets: number;
    fields: number;
    piiFields: number;
    types: number;
    /** Findings a person reviewed, and those whose rejection needs another look. */
    reviewed: number;
    needsReview: number;
  };
  /** PII fields by their most sensitive type. */
  bySensitivity: SensitivityCounts;
  /** The most sensitive type first, then the most widespread. */
  types: TypeCount[];
  sources: SourceCount[];
  /** The newest scan any current field comes from. */
  latestScan: { id: number; at: string } | null;
}

/** An asset as the overview lists it. */
export interface AssetSummary {
  /** SOURCE.ASSET */
  id: string;
  source: string;
  asset: string;
  fields: number;
  piiFields: number;
  sensitivity: Sensitivity | null;
  types: { type: string; fields: number }[];
  scan: { id: number; at: string; samplingMethod: string | null };
}

/** Per asset, in the fields' order (source, asset). */
export function assetSummaries(fields: readonly CurrentField[], taxonomy: PiiTaxonomy): AssetSummary[] {
  const assets = new Map<string, AssetSummary & { typeCounts: Map<string, number> }>();
  for (const field of fields) {
    const key = `${field.source}\0${field.asset}`;
    let asset = assets.get(key);
    if (asset === undefined) {
      asset = {
        id: `${field.source}.${field.asset}`,
        source: field.source,
        asset: field.asset,
        fields: 0,
        piiFields: 0,
        sensitivity: null,
        types: [],
        scan: { id: field.scanId, at: field.scannedAt, samplingMethod: field.samplingMethod },
        typeCounts: new Map(),
      };
      assets.set(key, asset);
    }
    asset.fields++;
    const types = fieldTypes(field, taxonomy);
    if (types.length > 0) asset.piiFields++;
    for (const t of types) {
      asset.typeCounts.set(t.type, (asset.typeCounts.get(t.type) ?? 0) + 1);
      asset.sensitivity = highestSensitivity([asset.sensitivity, t.sensitivity]);
    }
  }
  return [...assets.values()].map(({ typeCounts, ...asset }) => ({
    ...asset,
    types: typeList(typeCounts, taxonomy),
  }));
}

export function summarizeEstate(
  fields: readonly CurrentField[],
  taxonomy: PiiTaxonomy,
  kinds: ReadonlyMap<string, string>,
): EstateSummary {
  const assets = assetSummaries(fields, taxonomy);
  const types = new Map<string, TypeCount & { assetKeys: Set<string>; sourceNames: Set<string> }>();
  const bySensitivity: SensitivityCounts = { restricted: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  let piiFields = 0;
  let reviewed = 0;
  let needsReview = 0;
  let latestScan: EstateSummary['latestScan'] = null;
  for (const field of fields) {
    if (latestScan === null || field.scanId > latestScan.id)
      latestScan = { id: field.scanId, at: field.scannedAt };
    for (const finding of field.findings) {
      if (finding.review !== undefined) reviewed++;
      if (finding.review?.state === 'needs-review') needsReview++;
    }
    const held = fieldTypes(field, taxonomy);
    if (held.length === 0) continue;
    piiFields++;
    bySensitivity[held[0]?.sensitivity ?? 'unknown']++;
    for (const t of held) {
      let count = types.get(t.type);
      if (count === undefined) {
        const info = taxonomy.ofType(t.type);
        count = {
          type: t.type,
          sensitivity: info.sensitivity,
          category: info.category,
          fields: 0,
          is: 0,
          contains: 0,
          assets: 0,
          sources: 0,
          assetKeys: new Set(),
          sourceNames: new Set(),
        };
        types.set(t.type, count);
      }
      count.fields++;
      count[t.label]++;
      count.assetKeys.add(`${field.source}\0${field.asset}`);
      count.sourceNames.add(field.source);
    }
  }
  return {
    totals: {
      sources: new Set(assets.map((a) => a.source)).size,
      assets: assets.length,
      piiAssets: assets.filter((a) => a.piiFields > 0).length,
      fields: fields.length,
      piiFields,
      types: types.size,
      reviewed,
      needsReview,
    },
    bySensitivity,
    types: [...types.values()]
      .map(({ assetKeys, sourceNames, ...count }) => ({
        ...count,
        assets: assetKeys.size,
        sources: sourceNames.size,
      }))
      .sort(
        (a, b) =>
          sensitivityRank(b.sensitivity) - sensitivityRank(a.sensitivity) ||
          b.fields - a.fields ||
          compare(a.type, b.type),
      ),
    sources: sourceCounts(assets, kinds, taxonomy),
    latestScan,
  };
}

function sourceCounts(
  assets: readonly AssetSummary[],
  kinds: ReadonlyMap<string, string>,
  taxonomy: PiiTaxonomy,
): SourceCount[] {
  const sources = new Map<string, SourceCount & { typeCounts: Map<string, number> }>();
  for (const asset of assets) {
    let source = sources.get(asset.source);
    if (source === undefined) {
      source = {
        source: asset.source,
        kind: kinds.get(asset.source) ?? null,
        assets: 0,
        piiAssets: 0,
        fields: 0,
        piiFields: 0,
        sensitivity: null,
        types: [],
        typeCounts: new Map(),
      };
      sources.set(asset.source, source);
    }
    source.assets++;
    if (asset.piiFields > 0) source.piiAssets++;
    source.fields += asset.fields;
    source.piiFields += asset.piiFields;
    source.sensitivity = highestSensitivity([source.sensitivity, asset.sensitivity]);
    for (const t of asset.types)
      source.typeCounts.set(t.type, (source.typeCounts.get(t.type) ?? 0) + t.fields);
  }
  return [...sources.values()]
    .map(({ typeCounts, ...source }) => ({ ...source, types: typeList(typeCounts, taxonomy) }))
    .sort((a, b) => compare(a.source, b.source));
}

function typeList(
  counts: ReadonlyMap<string, number>,
  taxonomy: PiiTaxonomy,
): { type: string; fields: number }[] {
  return [...counts]
    .map(([type, fields]) => ({ type, fields, rank: sensitivityRank(taxonomy.ofType(type).sensitivity) }))
    .sort((a, b) => b.rank - a.rank || b.fields - a.fields || compare(a.type, b.type))
    .map(({ type, fields }) => ({ type, fields }));
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
