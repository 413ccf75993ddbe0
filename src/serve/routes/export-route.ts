import { DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS } from '../export-formats.js';
import type { Route } from '../route.js';

const FORMATS = Object.keys(EXPORT_FORMATS);

/** `piimap export` over HTTP: the whole current catalog in one format. */
export const exportRoute: Route = {
  path: '/export',
  summary: 'Export the current catalog',
  description:
    'The whole current catalog as `piimap export --format FORMAT` writes it: `json` follows catalog-schema/catalog.schema.json, `csv` has one row per field and type.',
  auth: true,
  params: [
    {
      name: 'format',
      description: `The export format: ${FORMATS.join(', ')}.`,
      schema: { type: 'string', enum: FORMATS, default: DEFAULT_EXPORT_FORMAT },
    },
  ],
  responses: {
    '200': {
      description: 'The export, in the media type of its format.',
      content: Object.fromEntries(
        Object.values(EXPORT_FORMATS).map((f) => [f.contentType.split(';')[0], { schema: f.schema }]),
      ),
    },
  },
  handle: ({ query, catalog }) => {
    const format = EXPORT_FORMATS[query.string('format') ?? DEFAULT_EXPORT_FORMAT];
    if (format === undefined) throw new Error('export: the format parameter was not checked');
    return {
      text: format.render(catalog.fields()),
      contentType: format.contentType,
      headers: { 'Content-Disposition': `attachment; filename="${format.fileName}"` },
    };
  },
};
