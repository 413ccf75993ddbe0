import type { AssetSummary, EstateSummary } from '../../../catalog/estate-summary.js';
import { markup } from '../../../report/html/html-template.js';
import { assetsRoute } from '../../routes/assets-route.js';
import { summaryRoute } from '../../routes/summary-route.js';
import { PAGE_SIZES, inputField, selectField } from '../ui-forms.js';
import { pager } from '../ui-layout.js';
import { type UiPage, callRoute, pageHref, uiParams } from '../ui-page.js';
import { assetTable } from './asset-table.js';

const PARAMS = uiParams(assetsRoute.params);

/** Every asset, filtered and paged on the server: GET /assets with at most 200 a page. */
export const assetsPage: UiPage = {
  path: '/ui/assets',
  section: '/ui/assets',
  params: PARAMS,
  render: (context) => {
    const { query } = context;
    const summary = callRoute<EstateSummary>(summaryRoute, context, {});
    const page = callRoute<{ items: AssetSummary[]; page: number; pageSize: number; total: number }>(
      assetsRoute,
      context,
      query,
    );
    const source = query.string('source');
    return {
      title: source !== undefined ? `Assets of ${source}` : 'Assets',
      body: markup`<h1>${source !== undefined ? `Assets of ${source}` : 'Assets'}</h1>
        <form class="filters" role="search" method="get" action="/ui/assets" aria-label="Filter assets">
          ${inputField('q', 'Asset name contains', query.string('q'), { type: 'search' })}
          ${selectField(
            'source',
            'Source',
            summary.sources.map((s) => s.source),
            source,
          )}
          ${selectField(
            'type',
            'Holds type',
            summary.types.map((t) => t.type),
            query.string('type'),
          )}
          ${selectField(
            'pii',
            'PII',
            [
              { value: 'true', label: 'holds PII' },
              { value: 'false', label: 'holds none' },
            ],
            context.search.get('pii') ?? undefined,
          )}
          ${selectField('sort', 'Order', [{ value: 'sensitivity', label: 'most sensitive first' }], query.string('sort') === 'sensitivity' ? 'sensitivity' : '', 'by name')}
          ${selectField('pageSize', 'Per page', PAGE_SIZES, String(page.pageSize), 'default')}
          <button class="primary" type="submit">Show</button>
        </form>
        ${pager(page.page, page.pageSize, page.total, (n) => pageHref('/ui/assets', context.search, n), 'assets')}
        ${page.items.length > 0 ? assetTable(page.items, `Assets, page ${page.page}`) : markup`<p>No asset matches.</p>`}`,
    };
  },
};
