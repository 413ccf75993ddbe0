import type { CurrentField } from '../catalog/catalog-queries.js';
import { catalogSources } from '../catalog/catalog-queries.js';
import { fieldId } from '../catalog/field-lookup.js';
import {
  type AssetSummary,
  type EstateSummary,
  assetSummaries,
  summarizeEstate,
} from '../catalog/estate-summary.js';
import type { PiiTaxonomy } from '../catalog/pii-taxonomy.js';
import type { CatalogReader } from './catalog-reader.js';

/**
 * What is computed from one snapshot of the catalog's fields, kept with it: the reader replaces the
 * snapshot (a new array) when another connection commits, and these go with the old one. So the
 * overview of 100,000 fields is aggregated once per change, not once per request.
 */
const cache = new WeakMap<readonly CurrentField[], Map<string, unknown>>();

export function fromSnapshot<T>(snapshot: readonly CurrentField[], key: string, compute: () => T): T {
  let entries = cache.get(snapshot);
  if (entries === undefined) {
    entries = new Map();
    cache.set(snapshot, entries);
  }
  if (!entries.has(key)) entries.set(key, compute());
  return entries.get(key) as T;
}

/** Per asset, ordered by source and asset name (code units). */
export function catalogAssets(catalog: CatalogReader, taxonomy: PiiTaxonomy): readonly AssetSummary[] {
  const fields = catalog.fieldsById();
  return fromSnapshot(fields, 'assets', () => assetSummaries(fields, taxonomy));
}

export function catalogSummary(catalog: CatalogReader, taxonomy: PiiTaxonomy): EstateSummary {
  const fields = catalog.fieldsById();
  return fromSnapshot(fields, 'summary', () =>
    summarizeEstate(
      fields,
      taxonomy,
      new Map(catalogSources(catalog.store).map((source) => [source.name, source.kind])),
    ),
  );
}

/** The one current field with exactly these names (globs not expanded: names can hold `*`). */
export function exactField(
  catalog: CatalogReader,
  name: { source: string; asset: string; field: string },
): CurrentField | undefined {
  return fieldsOfAsset(catalog, name.source, name.asset).find((f) => f.field === name.field);
}

/** An asset's current fields, by field name, from an index built once per snapshot. */
export function fieldsOfAsset(
  catalog: CatalogReader,
  source: string,
  asset: string,
): readonly CurrentField[] {
  const fields = catalog.fieldsById();
  const index = fromSnapshot(fields, 'byAsset', () => {
    const byAsset = new Map<string, CurrentField[]>();
    for (const field of fields) {
      const key = `${field.source}\0${field.asset}`;
      const own = byAsset.get(key);
      if (own === undefined) byAsset.set(key, [field]);
      else own.push(field);
    }
    return byAsset;
  });
  return index.get(`${source}\0${asset}`) ?? [];
}

/** The current fields whose id (SOURCE.ASSET.FIELD) is exactly `id` (several where the split is ambiguous). */
export function fieldsWithId(catalog: CatalogReader, id: string): readonly CurrentField[] {
  const fields = catalog.fieldsById();
  const index = fromSnapshot(fields, 'byId', () => {
    const byId = new Map<string, CurrentField[]>();
    for (const field of fields) {
      const key = fieldId(field);
      const same = byId.get(key);
      if (same === undefined) byId.set(key, [field]);
      else same.push(field);
    }
    return byId;
  });
  return index.get(id) ?? [];
}
