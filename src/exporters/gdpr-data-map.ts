import type { CurrentField } from '../catalog/catalog-queries.js';
import type { ActivitiesFile } from './gdpr-activities.js';
import { article30 } from './gdpr-article30.js';
import { type GdprCategory, highestSensitivity } from './gdpr-categories.js';
import { DetectorIndex, type GdprFinding, gdprFindings, isPersonConfirmed } from './gdpr-findings.js';
import { compareText, uniqueSorted as unique } from './gdpr-order.js';
import {
  GDPR_SCHEMA_ID,
  type GdprAsset,
  type GdprCategoryEntry,
  type GdprDataMap,
  type GdprDetectorInfo,
  type GdprFieldEntry,
  type GdprLastVerified,
  type GdprSource,
  type GdprSystem,
} from './gdpr-records.js';

export interface GdprDataMapOptions {
  /** The export's time stamp (ISO 8601); now by default. */
  generatedAt?: string;
}

/**
 * `piimap export --format gdpr` (catalog-schema/gdpr.schema.json): per system and asset, the
 * categories of personal data the scan found (gdpr-categories.ts), the fields behind each, special
 * categories, the highest sensitivity and when it was last verified. Systems, assets, categories and
 * fields are sorted by name, so two exports of one catalog differ only in `generatedAt`. With
 * `activities`: the Article 30 records and the assets holding personal data no activity covers.
 */
export function gdprDataMap(
  fields: readonly CurrentField[],
  detectors: readonly GdprDetectorInfo[],
  sources: readonly GdprSource[],
  activities?: ActivitiesFile,
  options: GdprDataMapOptions = {},
): GdprDataMap {
  const index = new DetectorIndex(detectors);
  const sourceByName = new Map(sources.map((s) => [s.name, s]));
  const legend = new Map<string, string>();
  const grouped = groupBy(fields, (f) => f.source);
  const scanned: { source: string; asset: string }[] = [];
  const systems: GdprSystem[] = [];
  for (const [source, sourceFields] of grouped) {
    const assets: GdprAsset[] = [];
    for (const [asset, assetFields] of groupBy(sourceFields, (f) => f.asset)) {
      scanned.push({ source, asset });
      const found = assetFields.flatMap((field) => gdprFindings(field, index));
      if (found.length === 0) continue;
      for (const { category } of found) if (!legend.has(category.id)) legend.set(category.id, category.label);
      assets.push(dataMapAsset(source, asset, found, lastScan(assetFields)));
    }
    if (assets.length === 0) continue;
    const known = sourceByName.get(source);
    systems.push({
      source,
      kind: known?.kind ?? null,
      location: known?.location ?? null,
      categories: unique(assets.flatMap((a) => a.categories.map((c) => c.category))),
      specialCategories: unique(assets.flatMap((a) => a.specialCategories)),
      highestSensitivity: highestSensitivity(assets.map((a) => a.highestSensitivity)),
      assets,
    });
  }
  const map: GdprDataMap = {
    $schema: GDPR_SCHEMA_ID,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    summary: {
      systemsScanned: grouped.size,
      assetsScanned: scanned.length,
      assetsWithPersonalData: systems.reduce((n, s) => n + s.assets.length, 0),
    },
    categories: [...legend].map(([id, label]) => ({ id, label })).sort((a, b) => compareText(a.id, b.id)),
    systems,
  };
  if (activities === undefined) return map;
  const joined = article30(systems, scanned, activities);
  return {
    ...map,
    summary: { ...map.summary, unmappedAssets: joined.unmapped.length },
    systems: joined.systems,
    ...(activities.controller !== undefined && { controller: activities.controller }),
    ...(activities.dpo !== undefined && { dpo: activities.dpo }),
    activities: joined.activities,
    unmapped: joined.unmapped,
  };
}

function dataMapAsset(
  source: string,
  asset: string,
  found: readonly GdprFinding[],
  scan: Pick<GdprLastVerified, 'scanId' | 'scannedAt'>,
): GdprAsset {
  const byCategory = new Map<string, { category: GdprCategory; entries: GdprFieldEntry[] }>();
  for (const { category, entry } of found) {
    const group = byCategory.get(category.id) ?? { category, entries: [] };
    group.entries.push(entry);
    byCategory.set(category.id, group);
  }
  const categories: GdprCategoryEntry[] = [...byCategory.values()]
    .sort((a, b) => compareText(a.category.id, b.category.id))
    .map(({ category, entries }) => ({
      category: category.id,
      label: category.label,
      types: unique(entries.map((e) => e.type)),
      specialCategories: unique(
        entries.flatMap((e) => (e.specialCategory === false ? [] : [e.specialCategory])),
      ),
      highestSensitivity: highestSensitivity(entries.map((e) => e.sensitivity)),
      fields: entries.sort(
        (a, b) =>
          compareText(a.field, b.field) ||
          compareText(a.path ?? '', b.path ?? '') ||
          compareText(a.type, b.type),
      ),
    }));
  const entries = found.map((f) => f.entry);
  const confirmed = entries.filter(isPersonConfirmed);
  const reviewedAt = confirmed.map((e) => e.review?.at ?? '').sort(compareText);
  return {
    id: `${source}.${asset}`,
    asset,
    categories,
    specialCategories: unique(categories.flatMap((c) => c.specialCategories)),
    highestSensitivity: highestSensitivity(categories.map((c) => c.highestSensitivity)),
    lastVerified: {
      ...scan,
      confirmedByPerson: confirmed.length === entries.length,
      confirmedFindings: confirmed.length,
      findings: entries.length,
      reviewedBy: unique(confirmed.map((e) => e.review?.by ?? '')),
      reviewedAt: reviewedAt.at(-1) ?? null,
    },
  };
}

/** The asset's latest scan (every current field of an asset comes from it). */
function lastScan(fields: readonly CurrentField[]): Pick<GdprLastVerified, 'scanId' | 'scannedAt'> {
  const latest = fields.reduce((a, b) =>
    compareText(a.scannedAt, b.scannedAt) > 0 || (a.scannedAt === b.scannedAt && a.scanId > b.scanId) ? a : b,
  );
  return { scanId: latest.scanId, scannedAt: latest.scannedAt };
}

/** Groups in key order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return new Map([...groups].sort(([a], [b]) => compareText(a, b)));
}
