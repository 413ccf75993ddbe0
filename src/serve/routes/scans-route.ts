import { scanHistory } from '../../catalog/scan-history.js';
import { type Route, jsonContent, schemaRef } from '../route.js';

/** `piimap scans --json` over HTTP. */
export const scansRoute: Route = {
  path: '/scans',
  summary: 'Scan history',
  description:
    'Every scan recorded in the catalog, newest first: status, who ran it where, options, and per source how its assets fared (errors redacted when recorded).',
  auth: true,
  params: [],
  responses: {
    '200': {
      description: 'The scans, newest first.',
      content: jsonContent({ type: 'array', items: schemaRef('ScanSummary') }),
    },
  },
  handle: ({ catalog }) => ({ json: scanHistory(catalog.store) }),
};
