import { fieldHistory } from '../../catalog/field-history.js';
import { fieldId, lookupFields } from '../../catalog/field-lookup.js';
import { exactField, fieldsWithId } from '../catalog-views.js';
import { asParameterError, givenNames } from '../field-naming.js';
import { HttpError } from '../http-responses.js';
import type { ParamSpec } from '../query-params.js';
import { type Route, jsonContent, schemaRef } from '../route.js';

const PARAMS: readonly ParamSpec[] = [
  {
    name: 'id',
    description: 'SOURCE.ASSET.FIELD as export prints it; it must name one field.',
    schema: { type: 'string' },
  },
  { name: 'source', description: 'The source name; settles an ambiguous id.', schema: { type: 'string' } },
  { name: 'asset', description: 'The asset name.', schema: { type: 'string' } },
  { name: 'field', description: 'The field name.', schema: { type: 'string' } },
];

/** One field's classification across the scans the catalog holds, and its reviews. */
export const historyRoute: Route = {
  path: '/history',
  summary: "A field's classification history",
  description:
    'Every scan that read the field (newest first; scans that skipped its asset as unchanged are not listed): its status, values seen, and what the machine found then (reviews not applied), plus every review decision on the field. Name the field by `id` or by `source`, `asset` and `field` (names are matched literally first, so names holding `*` work; otherwise as lookup matches them). `piimap prune` drops older scans.',
  auth: true,
  params: PARAMS,
  responses: {
    '200': { description: "The field's history.", content: jsonContent(schemaRef('FieldHistory')) },
    '404': { description: 'No current field has that name.', content: jsonContent(schemaRef('Error')) },
  },
  handle: ({ query, catalog }) => {
    const wanted = givenNames(query, PARAMS);
    const { source, asset, field } = wanted;
    const literal =
      source !== undefined && asset !== undefined && field !== undefined
        ? exactField(catalog, { source, asset, field })
        : undefined;
    // Names are matched literally first (from indexes); only otherwise as lookup matches them.
    const byId = wanted.id !== undefined && literal === undefined ? fieldsWithId(catalog, wanted.id) : [];
    const found =
      literal !== undefined
        ? [literal]
        : byId.length === 1 && source === undefined && asset === undefined && field === undefined
          ? byId
          : asParameterError(() => lookupFields(catalog.fields(), wanted), 'history');
    const [one, ...more] = found;
    if (one === undefined)
      throw new HttpError(
        404,
        `history ${wanted.id ?? [source, asset, field].join('.')}: no such field in the catalog`,
      );
    if (more.length > 0)
      throw new HttpError(
        400,
        `history: names ${found.length} fields (${found.slice(0, 3).map(fieldId).join(', ')}…); name one`,
      );
    const history = fieldHistory(catalog.store, one);
    if (history === undefined)
      throw new HttpError(404, `history ${fieldId(one)}: no such field in the catalog`);
    return { json: { id: fieldId(one), source: one.source, asset: one.asset, field: one.field, ...history } };
  },
};
