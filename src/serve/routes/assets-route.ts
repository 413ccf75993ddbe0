import type { AssetSummary } from '../../catalog/estate-summary.js';
import { globMatcher } from '../../catalog/field-lookup.js';
import { sensitivityRank } from '../../catalog/pii-taxonomy.js';
import { catalogAssets } from '../catalog-views.js';
import { pageOf, pagingParams } from '../paging.js';
import type { ParamSpec } from '../query-params.js';
import { type Route, jsonContent, schemaRef } from '../route.js';

export const MAX_ASSET_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 100;
export const ASSET_SORTS = ['name', 'sensitivity'] as const;

const PARAMS: readonly ParamSpec[] = [
  { name: 'source', description: 'Source name; `*` matches anything.', schema: { type: 'string' } },
  { name: 'asset', description: 'Asset name; `*` matches anything.', schema: { type: 'string' } },
  {
    name: 'q',
    description: 'Search: text the asset id (SOURCE.ASSET) contains, ignoring case.',
    schema: { type: 'string' },
  },
  {
    name: 'type',
    description: 'Assets with a field holding this PII type (as lookup decides: reviews applied).',
    schema: { type: 'string' },
  },
  {
    name: 'pii',
    description: 'true: assets with a field holding PII; false: assets holding none.',
    schema: { type: 'boolean' },
  },
  {
    name: 'sort',
    description:
      '`name`: by source and asset name (code units); `sensitivity`: the most sensitive first, then the most PII fields, then by name.',
    schema: { type: 'string', enum: ASSET_SORTS, default: 'name' },
  },
  ...pagingParams('Assets', MAX_ASSET_PAGE_SIZE, DEFAULT_PAGE_SIZE),
];

/** The catalog's assets with their field and PII counts, filtered on the server and paged. */
export const assetsRoute: Route = {
  path: '/assets',
  summary: 'List assets with their PII counts, filtered and paged',
  description:
    'Every asset (table, dataset) with current fields: how many fields it has, how many hold PII, which types (fields per type, the most sensitive first), its highest sensitivity and its latest scan.',
  auth: true,
  params: PARAMS,
  responses: {
    '200': { description: 'One page of matching assets.', content: jsonContent(schemaRef('AssetPage')) },
  },
  handle: ({ query, catalog, taxonomy }) => {
    const source = query.string('source');
    const asset = query.string('asset');
    const text = query.string('q')?.toLowerCase();
    const type = query.string('type');
    const pii = query.boolean('pii');
    const matchesSource = source !== undefined ? globMatcher(source) : undefined;
    const matchesAsset = asset !== undefined ? globMatcher(asset) : undefined;
    let matching = catalogAssets(catalog, taxonomy).filter(
      (a) =>
        (matchesSource === undefined || matchesSource(a.source)) &&
        (matchesAsset === undefined || matchesAsset(a.asset)) &&
        (text === undefined || a.id.toLowerCase().includes(text)) &&
        (type === undefined || a.types.some((t) => t.type === type)) &&
        (pii === undefined || a.piiFields > 0 === pii),
    );
    if (query.string('sort') === 'sensitivity') matching = [...matching].sort(bySensitivity);
    return { json: pageOf(matching, query, DEFAULT_PAGE_SIZE) };
  },
};

/** Stable: ties keep the name order they came in. */
function bySensitivity(a: AssetSummary, b: AssetSummary): number {
  return sensitivityRank(b.sensitivity) - sensitivityRank(a.sensitivity) || b.piiFields - a.piiFields;
}
