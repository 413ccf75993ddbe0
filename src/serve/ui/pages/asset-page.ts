import type { EstateSummary } from '../../../catalog/estate-summary.js';
import { lookupRecord } from '../../../report/lookup-output.js';
import { markup, hrefWith } from '../../../report/html/html-template.js';
import { count, sensitivityBadge, typeChip, when } from '../../../report/html/pii-marks.js';
import { catalogAssets, fieldsOfAsset } from '../../catalog-views.js';
import { HttpError } from '../../http-responses.js';
import { pageOf, pagingParams } from '../../paging.js';
import type { ParamSpec } from '../../query-params.js';
import { summaryRoute } from '../../routes/summary-route.js';
import { crumbs, pager } from '../ui-layout.js';
import { UI_DEFAULT_PAGE_SIZE, UI_MAX_PAGE_SIZE, type UiPage, callRoute, pageHref } from '../ui-page.js';
import { fieldTable } from './field-table.js';

const PARAMS: readonly ParamSpec[] = [
  { name: 'source', description: 'The source name (literal).', schema: { type: 'string' } },
  {
    name: 'asset',
    description: 'The asset name (literal: dataset names hold `*`).',
    schema: { type: 'string' },
  },
  ...pagingParams('Fields', UI_MAX_PAGE_SIZE, UI_DEFAULT_PAGE_SIZE),
];

/** One asset: where it is, its latest scan, and its fields (paged), the same records GET /fields answers. */
export const assetPage: UiPage = {
  path: '/ui/asset',
  section: '/ui/assets',
  params: PARAMS,
  render: (context) => {
    const { query, catalog, taxonomy } = context;
    const source = query.string('source');
    const name = query.string('asset');
    if (source === undefined || name === undefined)
      throw new HttpError(400, 'asset: name it with source and asset (the overview links to every asset)');
    const asset = catalogAssets(catalog, taxonomy).find((a) => a.source === source && a.asset === name);
    if (asset === undefined) throw new HttpError(404, `asset ${source}.${name}: not in the catalog`);
    const fields = fieldsOfAsset(catalog, source, name);
    const { items, page, pageSize, total } = pageOf(fields, query, UI_DEFAULT_PAGE_SIZE);
    const shown = items.map(lookupRecord);
    const kind = callRoute<EstateSummary>(summaryRoute, context, {}).sources.find(
      (s) => s.source === source,
    )?.kind;
    const objects = fields[0]?.objects ?? null;
    return {
      title: `${asset.asset} (${source})`,
      body: markup`${crumbs([
        { label: 'Overview', href: '/ui/' },
        { label: source, href: hrefWith('/ui/assets', { source }) },
        { label: asset.asset },
      ])}
        <h1>${asset.asset}</h1>
        <dl class="facts">
          <dt>Id</dt>
          <dd class="mono">${asset.id}</dd>
          <dt>Source</dt>
          <dd>${source}${kind ? ` (${kind})` : ''}</dd>
          <dt>Fields</dt>
          <dd>${count(asset.fields)}, ${count(asset.piiFields)} holding PII</dd>
          <dt>Sensitivity</dt>
          <dd>${asset.piiFields > 0 ? sensitivityBadge(asset.sensitivity) : 'no PII'}</dd>
          <dt>Types</dt>
          <dd>${asset.types.length > 0 ? asset.types.map((t) => typeChip(t.type, t.fields)) : '—'}</dd>
          <dt>Latest scan</dt>
          <dd>#${asset.scan.id}, ${when(asset.scan.at)}, ${asset.scan.samplingMethod ?? 'not sampled'}</dd>
          ${
            objects !== null
              ? markup`<dt>Objects</dt>
                  <dd>
                    ${count(objects.objectCount)} (${count(objects.sampledKeys.length)} read; formats
                    ${objects.formats.join(', ') || '—'})
                  </dd>`
              : ''
          }
        </dl>
        <h2 id="fields-h">Fields</h2>
        ${pager(page, pageSize, total, (n) => pageHref('/ui/asset', context.search, n), 'fields')}
        ${fieldTable(shown, taxonomy, { caption: `Fields of ${asset.asset}`, withAsset: false })}`,
    };
  },
};
