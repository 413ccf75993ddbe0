import type { AssetSummary, EstateSummary } from '../../../catalog/estate-summary.js';
import { overviewSections } from '../../../report/html/estate-sections.js';
import { markup, hrefWith } from '../../../report/html/html-template.js';
import { count } from '../../../report/html/pii-marks.js';
import { assetsRoute } from '../../routes/assets-route.js';
import { summaryRoute } from '../../routes/summary-route.js';
import { type UiPage, callRoute } from '../ui-page.js';
import { assetTable } from './asset-table.js';

/** Assets listed on the overview; the Assets page pages through the rest. */
const TOP_ASSETS = 25;

/** The estate at a glance (GET /summary), then the most sensitive assets (GET /assets?pii=true&sort=sensitivity). */
export const overviewPage: UiPage = {
  path: '/ui/',
  section: '/ui/',
  params: [],
  render: (context) => {
    const summary = callRoute<EstateSummary>(summaryRoute, context, {});
    const top = callRoute<{ items: AssetSummary[]; total: number }>(assetsRoute, context, {
      pii: true,
      sort: 'sensitivity',
      pageSize: TOP_ASSETS,
    });
    return {
      title: 'Estate overview',
      body: markup`<h1>Estate overview</h1>
        <p class="sub">
          Where personal data lives: sources → assets → fields, by type and sensitivity. Press <kbd>/</kbd> to
          search fields.
        </p>
        <form class="filters" role="search" method="get" action="/ui/fields">
          <label>Search field ids<input type="search" name="q" placeholder="e.g. email, customers" /></label>
          <button class="primary" type="submit">Search</button>
        </form>
        ${overviewSections(summary, {
          type: (type) => hrefWith('/ui/fields', { type, pii: 'true' }),
          source: (source) => hrefWith('/ui/assets', { source }),
        })}
        <section aria-labelledby="assets-h">
          <h2 id="assets-h">Assets holding personal data</h2>
          ${
            top.total === 0
              ? markup`<p>No asset holds personal data.</p>`
              : markup`${assetTable(top.items, `The ${Math.min(TOP_ASSETS, top.total)} most sensitive of ${count(top.total)} assets holding PII`)}
                  <p>
                    <a href="${hrefWith('/ui/assets', { pii: 'true', sort: 'sensitivity' })}"
                      >All ${count(top.total)} assets holding PII</a
                    >
                  </p>`
          }
        </section>`,
    };
  },
};
