import type { PiiTaxonomy } from '../../catalog/pii-taxonomy.js';
import type { SafeHtml } from '../../report/html/html-template.js';
import type { CatalogReader } from '../catalog-reader.js';
import { type ParamSpec, type QueryValues, parseQuery } from '../query-params.js';
import type { Route } from '../route.js';

/** The browser shows at most this many rows a page (the API allows more). */
export const UI_MAX_PAGE_SIZE = 200;
export const UI_DEFAULT_PAGE_SIZE = 50;

export interface PageContext {
  query: QueryValues;
  /** The request's query as sent (for links that keep the filters). */
  search: URLSearchParams;
  catalog: CatalogReader;
  taxonomy: PiiTaxonomy;
}

export interface PageResult {
  title: string;
  body: SafeHtml;
  status?: number;
}

/** One page of the browser: its path, its query parameters (checked as the API checks them), and its view. */
export interface UiPage {
  path: string;
  /** The navigation entry it belongs to. */
  section: string;
  params: readonly ParamSpec[];
  render(context: PageContext): PageResult;
}

/**
 * The browser reads the catalog through the API's own routes, called in-process: what a page shows
 * is what GET <route> answers for the same query.
 */
export function callRoute<T>(
  route: Route,
  context: Pick<PageContext, 'catalog' | 'taxonomy'>,
  query: QueryValues | Readonly<Record<string, string | number | boolean | undefined>>,
): T {
  const values = isQueryValues(query) ? query : parseQuery(toSearch(query), route.params);
  const result = route.handle({ ...context, query: values, openapi: () => ({}) });
  if (!('json' in result)) throw new Error(`${route.path}: the browser reads JSON routes only`);
  return result.json as T;
}

/** A route's parameters with a smaller page size: the browser never renders more than 200 rows. */
export function uiParams(params: readonly ParamSpec[]): ParamSpec[] {
  return params.map((param) =>
    param.name === 'pageSize'
      ? {
          ...param,
          description: `Rows per page, at most ${UI_MAX_PAGE_SIZE}.`,
          schema: { type: 'integer', minimum: 1, maximum: UI_MAX_PAGE_SIZE, default: UI_DEFAULT_PAGE_SIZE },
        }
      : param,
  );
}

/** This page's URL with the same query but another page number. */
export function pageHref(path: string, search: URLSearchParams, page: number): string {
  const next = new URLSearchParams(search);
  next.set('page', String(page));
  return `${path}?${next.toString()}`;
}

function isQueryValues(query: object): query is QueryValues {
  return typeof (query as QueryValues).string === 'function';
}

function toSearch(query: Readonly<Record<string, string | number | boolean | undefined>>): URLSearchParams {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
  return search;
}
