import { lookupFields } from '../../catalog/field-lookup.js';
import { lookupRecord } from '../../report/lookup-output.js';
import { asParameterError, givenNames } from '../field-naming.js';
import { HttpError } from '../http-responses.js';
import type { ParamSpec } from '../query-params.js';
import { type Route, jsonContent, schemaRef } from '../route.js';

const PARAMS: readonly ParamSpec[] = [
  {
    name: 'id',
    description:
      'SOURCE.ASSET.FIELD as export prints it; `*` matches anything (shop.customers.*). Dots inside names are fine where the split is unique.',
    schema: { type: 'string' },
  },
  {
    name: 'source',
    description: 'The source part (globs allowed); settles an ambiguous id.',
    schema: { type: 'string' },
  },
  { name: 'asset', description: 'The asset part (globs allowed).', schema: { type: 'string' } },
  { name: 'field', description: 'The field part (globs allowed).', schema: { type: 'string' } },
];

/** `piimap lookup --json` over HTTP. */
export const lookupRoute: Route = {
  path: '/lookup',
  summary: 'Is this field PII?',
  description:
    'The fields an id (or its parts) names, as `piimap lookup --json` prints them: verdict (`pii`, `types`) and every finding with its evidence and review. Give `id`, or `source`/`asset`/`field`, or both.',
  auth: true,
  params: PARAMS,
  responses: {
    '200': {
      description: 'The matching fields (one, or several for a glob).',
      content: jsonContent({ type: 'array', items: schemaRef('LookupRecord'), minItems: 1 }),
    },
    '404': { description: 'No field in the catalog matches.', content: jsonContent(schemaRef('Error')) },
  },
  handle: ({ query, catalog }) => {
    const wanted = givenNames(query, PARAMS);
    const found = asParameterError(() => lookupFields(catalog.fields(), wanted));
    if (found.length === 0)
      throw new HttpError(
        404,
        `lookup ${wanted.id ?? describe(wanted)}: no such field in the catalog; GET /fields lists every field`,
      );
    return { json: found.map(lookupRecord) };
  },
};

function describe(parts: Record<string, string>): string {
  return Object.entries(parts)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
