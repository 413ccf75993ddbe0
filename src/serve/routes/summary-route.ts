import { catalogSummary } from '../catalog-views.js';
import { type Route, jsonContent, schemaRef } from '../route.js';

/** The estate at a glance: the counts the browser's overview and the HTML report show. */
export const summaryRoute: Route = {
  path: '/summary',
  summary: 'Counts per type, sensitivity and source',
  description:
    'Totals (sources, assets, fields, those holding PII, reviews), PII fields per sensitivity, and per PII type and per source how many fields and assets hold it. Types are counted as lookup decides (reviews applied); sensitivity and category come from the built-in detectors (null for a type none of them reports).',
  auth: true,
  params: [],
  responses: {
    '200': { description: 'The summary.', content: jsonContent(schemaRef('EstateSummary')) },
  },
  handle: ({ catalog, taxonomy }) => ({ json: catalogSummary(catalog, taxonomy) }),
};
