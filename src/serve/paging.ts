/** Server-side paging, the same for every listing route and page: `page` from 1, `pageSize` up to a maximum. */
import type { ParamSpec, QueryValues } from './query-params.js';

/** The `page` and `pageSize` parameters, for `noun` (what a page holds: `Fields`, `Assets`). */
export function pagingParams(noun: string, maxPageSize: number, defaultPageSize: number): ParamSpec[] {
  return [
    {
      name: 'page',
      description: 'Page number, from 1.',
      schema: { type: 'integer', minimum: 1, default: 1 },
    },
    {
      name: 'pageSize',
      description: `${noun} per page, at most ${maxPageSize}.`,
      schema: { type: 'integer', minimum: 1, maximum: maxPageSize, default: defaultPageSize },
    },
  ];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/** The page of `items` the query asks for, with the counts a client pages on. */
export function pageOf<T>(items: readonly T[], query: QueryValues, defaultPageSize: number): Page<T> {
  const page = query.number('page') ?? 1;
  const pageSize = query.number('pageSize') ?? defaultPageSize;
  const start = (page - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), page, pageSize, total: items.length };
}
