import type { PiiTaxonomy } from '../catalog/pii-taxonomy.js';
import type { CatalogReader } from './catalog-reader.js';
import type { ParamSpec, QueryValues } from './query-params.js';

export interface RouteContext {
  query: QueryValues;
  catalog: CatalogReader;
  /** Sensitivity and category per detector and type (the built-in detectors). */
  taxonomy: PiiTaxonomy;
  /** The OpenAPI document of this server (its routes, and whether a token guards them). */
  openapi: () => object;
}

/** A JSON value, or a text body with its content type (CSV exports). */
export type RouteResult =
  { json: unknown } | { text: string; contentType: string; headers?: Readonly<Record<string, string>> };

/** An OpenAPI response object: a description and, for bodies, a schema per content type. */
export interface RouteResponse {
  description: string;
  content?: Record<string, { schema: object }>;
}

/**
 * One GET route: what it takes and answers (the OpenAPI document is built from these), and the
 * handler. 400, 401 and 500 answers are documented for every route that can give them.
 */
export interface Route {
  path: string;
  summary: string;
  description: string;
  /** False only for the health check; everything else needs the bearer token when the server has one. */
  auth: boolean;
  params: readonly ParamSpec[];
  /** The route's own answers (200, 404 …). */
  responses: Record<string, RouteResponse>;
  handle(context: RouteContext): RouteResult;
}

export function jsonContent(schema: object): Record<string, { schema: object }> {
  return { 'application/json': { schema } };
}

export function schemaRef(name: string): object {
  return { $ref: `#/components/schemas/${name}` };
}
