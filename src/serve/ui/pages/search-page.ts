import type { EstateSummary } from '../../../catalog/estate-summary.js';
import { markup } from '../../../report/html/html-template.js';
import { count } from '../../../report/html/pii-marks.js';
import type { LookupRecord } from '../../../report/lookup-output.js';
import { REVIEW_FILTERS } from '../../field-filter.js';
import { fieldsRoute } from '../../routes/fields-route.js';
import { summaryRoute } from '../../routes/summary-route.js';
import { PAGE_SIZES, inputField, selectField } from '../ui-forms.js';
import { pager } from '../ui-layout.js';
import { type UiPage, callRoute, pageHref, uiParams } from '../ui-page.js';
import { fieldTable } from './field-table.js';

/** Every filter of GET /fields, with the browser's page size (at most 200). */
const PARAMS = uiParams(fieldsRoute.params);

/** Search and filter fields: GET /fields, filtered and paged on the server. */
export const searchPage: UiPage = {
  path: '/ui/fields',
  section: '/ui/fields',
  params: PARAMS,
  render: (context) => {
    const { query, search } = context;
    const summary = callRoute<EstateSummary>(summaryRoute, context, {});
    const page = callRoute<{ items: LookupRecord[]; page: number; pageSize: number; total: number }>(
      fieldsRoute,
      context,
      query,
    );
    const given = (name: string) => search.get(name) ?? undefined;
    const changedSince = given('changedSince');
    return {
      title: 'Search fields',
      body: markup`<h1>Search fields</h1>
        <form
          class="filters"
          role="search"
          method="get"
          action="/ui/fields"
          aria-label="Search and filter fields"
        >
          ${inputField('q', 'Field id contains', given('q'), { type: 'search', placeholder: 'e.g. email' })}
          ${selectField(
            'source',
            'Source',
            summary.sources.map((s) => s.source),
            given('source'),
          )}
          ${selectField(
            'type',
            'PII type',
            summary.types.map((t) => t.type),
            given('type'),
          )}
          ${selectField(
            'pii',
            'PII',
            [
              { value: 'true', label: 'holds PII' },
              { value: 'false', label: 'holds none' },
            ],
            given('pii'),
          )}
          ${selectField(
            'label',
            'Label',
            [
              { value: 'is', label: 'is (most values)' },
              { value: 'contains', label: 'contains (some)' },
            ],
            given('label'),
          )}
          ${inputField('minConfidence', 'Min. confidence', given('minConfidence'), { type: 'number', min: 0, max: 1, step: 0.05 })}
          ${selectField(
            'review',
            'Review',
            REVIEW_FILTERS.map((r) => ({ value: r, label: r === 'none' ? 'not reviewed' : r })),
            given('review'),
          )}
          ${inputField('changedSince', 'Changed since', changedSince?.slice(0, 10), { type: 'date' })}
          ${selectField('pageSize', 'Per page', PAGE_SIZES, String(page.pageSize), 'default')}
          <button class="primary" type="submit">Search</button>
        </form>
        <p role="status">${count(page.total)} field${page.total === 1 ? '' : 's'} match.</p>
        ${pager(page.page, page.pageSize, page.total, (n) => pageHref('/ui/fields', search, n), 'fields')}
        ${page.items.length > 0 ? fieldTable(page.items, context.taxonomy, { caption: `Matching fields, page ${page.page}`, withAsset: true }) : ''}`,
    };
  },
};
