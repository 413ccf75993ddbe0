import { lookupRecord } from '../../report/lookup-output.js';
import { type FieldFilter, REVIEW_FILTERS, type ReviewFilter, filterFields } from '../field-filter.js';
import { pageOf, pagingParams } from '../paging.js';
import type { ParamSpec } from '../query-params.js';
import { type Route, jsonContent, schemaRef } from '../route.js';

export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 100;

const PARAMS: readonly ParamSpec[] = [
  { name: 'source', description: 'Source name; `*` matches anything.', schema: { type: 'string' } },
  {
    name: 'asset',
    description: 'Asset name; `*` matches anything (`public.user*`).',
    schema: { type: 'string' },
  },
  { name: 'field', description: 'Field name; `*` matches anything.', schema: { type: 'string' } },
  {
    name: 'q',
    description: 'Search: text the field id (SOURCE.ASSET.FIELD) contains, ignoring case (`mail`).',
    schema: { type: 'string' },
  },
  {
    name: 'pii',
    description: 'true: fields holding PII (the `pii` of lookup); false: fields holding none.',
    schema: { type: 'boolean' },
  },
  {
    name: 'type',
    description:
      "A finding of this type (the effective type: a retype counts as the reviewer's type). Unless minConfidence or review is given, only classifications count.",
    schema: { type: 'string' },
  },
  {
    name: 'label',
    description: 'A finding the field *is* or only *contains*.',
    schema: { type: 'string', enum: ['is', 'contains'] },
  },
  {
    name: 'minConfidence',
    description:
      'A finding at or above this confidence, classified or not (rejected findings do not count); replaces the classification threshold for type and label.',
    schema: { type: 'number', minimum: 0, maximum: 1 },
  },
  {
    name: 'review',
    description:
      'A finding in this review state (`none`: not reviewed), whatever its confidence; type, label and minConfidence apply to that same finding.',
    schema: { type: 'string', enum: REVIEW_FILTERS },
  },
  {
    name: 'changedSince',
    description:
      'Fields rescanned or reviewed at or after this time: an ISO 8601 date (UTC) or date-time with Z or an offset. For polling: pass the time of your last poll.',
    schema: { type: 'string', format: 'date-time' },
  },
  ...pagingParams('Fields', MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
];

/** The catalog's fields, filtered on the server and paged in a stable order. */
export const fieldsRoute: Route = {
  path: '/fields',
  summary: 'List fields, filtered and paged',
  description:
    'Every current field matching all the filters given, ordered by source, asset and field name (code units), one page at a time; each item is a lookup record. Conditions on type, label, minConfidence and review must hold for one and the same finding.',
  auth: true,
  params: PARAMS,
  responses: {
    '200': { description: 'One page of matching fields.', content: jsonContent(schemaRef('FieldPage')) },
  },
  handle: ({ query, catalog }) => {
    const filter: FieldFilter = {};
    for (const name of ['source', 'asset', 'field', 'q', 'type', 'changedSince'] as const) {
      const value = query.string(name);
      if (value !== undefined) filter[name] = value;
    }
    const label = query.string('label');
    if (label !== undefined) filter.label = label as 'is' | 'contains';
    const review = query.string('review');
    if (review !== undefined) filter.review = review as ReviewFilter;
    const pii = query.boolean('pii');
    if (pii !== undefined) filter.pii = pii;
    const minConfidence = query.number('minConfidence');
    if (minConfidence !== undefined) filter.minConfidence = minConfidence;

    const page = pageOf(filterFields(catalog.fieldsById(), filter), query, DEFAULT_PAGE_SIZE);
    return { json: { ...page, items: page.items.map(lookupRecord) } };
  },
};
