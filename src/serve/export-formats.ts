import type { CurrentField } from '../catalog/catalog-queries.js';
import { catalogCsv } from '../exporters/csv-exporter.js';
import { CATALOG_SCHEMA_ID, catalogJson } from '../exporters/json-exporter.js';
import { JSON_TYPE } from './http-responses.js';

/** One `GET /export?format=` answer: its media type, the OpenAPI schema of the body, the exporter. */
export interface ExportFormat {
  contentType: string;
  /** File name offered to browsers (Content-Disposition). */
  fileName: string;
  schema: object;
  render(fields: readonly CurrentField[]): string;
}

/** Every export the server offers; a new format is one entry (sorted by name). */
export const EXPORT_FORMATS: Readonly<Record<string, ExportFormat>> = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    fileName: 'piimap-catalog.csv',
    schema: { type: 'string', description: 'One row per field and type, as piimap export --format csv' },
    render: catalogCsv,
  },
  json: {
    contentType: JSON_TYPE,
    fileName: 'piimap-catalog.json',
    schema: { $ref: CATALOG_SCHEMA_ID },
    render: (fields) => `${JSON.stringify(catalogJson(fields), null, 2)}\n`,
  },
};

export const DEFAULT_EXPORT_FORMAT = 'json';
