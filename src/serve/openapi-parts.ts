/** JSON Schema pieces the API's response schemas share (openapi-schemas.ts, openapi-view-schemas.ts). */

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const count = { type: 'integer', minimum: 0 };
export const ratio = { type: 'number', minimum: 0, maximum: 1 };
export const timestamp = { type: 'string', format: 'date-time' };

/** One page of a listing (paging.ts): `noun` says what `total` counts (`Fields`, `Assets`). */
export function pageSchema(itemSchema: string, noun: string): object {
  return {
    type: 'object',
    required: ['items', 'page', 'pageSize', 'total'],
    additionalProperties: false,
    properties: {
      items: { type: 'array', items: ref(itemSchema) },
      page: { type: 'integer', minimum: 1 },
      pageSize: { type: 'integer', minimum: 1 },
      total: { ...count, description: `${noun} matching the filters, over all pages.` },
    },
  };
}
