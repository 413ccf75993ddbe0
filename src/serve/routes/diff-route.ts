import { fieldsAsOf } from '../../catalog/catalog-as-of.js';
import { diffCatalogs } from '../../diff/catalog-diff.js';
import { diffReport } from '../../diff/diff-report.js';
import { chooseScans } from '../../diff/diff-scans.js';
import { HttpError } from '../http-responses.js';
import { type Route, jsonContent, schemaRef } from '../route.js';

/** `piimap diff --json` over HTTP. */
export const diffRoute: Route = {
  path: '/diff',
  summary: 'What changed between two scans',
  description:
    'Fields that became or stopped being PII, changed types and confidence bands, new and removed assets and fields, as `piimap diff --json` prints them. `to` defaults to the latest completed scan, `from` to the completed scan before `to`.',
  auth: true,
  params: [
    {
      name: 'from',
      description: 'The earlier scan id (GET /scans lists them).',
      schema: { type: 'integer', minimum: 1 },
    },
    { name: 'to', description: 'The later scan id.', schema: { type: 'integer', minimum: 1 } },
  ],
  responses: {
    '200': { description: 'The changes.', content: jsonContent(schemaRef('DiffReport')) },
    '404': {
      description: 'Neither scan named and fewer than two completed scans: nothing to compare yet.',
      content: jsonContent(schemaRef('Error')),
    },
  },
  handle: ({ query, catalog }) => {
    const store = catalog.store;
    // Scan ids that do not exist, or from not before to, are usage errors (400).
    const choice = chooseScans(store, 'the catalog', { from: query.number('from'), to: query.number('to') });
    if ('nothingToCompare' in choice) throw new HttpError(404, choice.nothingToCompare);
    const { from, to } = choice;
    return { json: diffReport(from, to, diffCatalogs(fieldsAsOf(store, from.id), fieldsAsOf(store, to.id))) };
  },
};
