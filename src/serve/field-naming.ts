/** How the routes that name one field or a few (`/lookup`, `/history`) read the name and report its problems. */
import { UsageError } from '../shared/errors.js';
import { HttpError } from './http-responses.js';
import type { ParamSpec, QueryValues } from './query-params.js';

/** The naming parameters (`id`, `source`, `asset`, `field`) the request gave. */
export function givenNames(
  query: QueryValues,
  params: readonly ParamSpec[],
): { id?: string; source?: string; asset?: string; field?: string } {
  return Object.fromEntries(
    params.flatMap(({ name }) => {
      const value = query.string(name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/**
 * lookup's usage errors (nothing named, an ambiguous id) are the caller's: 400, speaking of
 * parameters where the command line speaks of flags, and naming the route they came from.
 */
export function asParameterError<T>(work: () => T, route = 'lookup'): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new HttpError(
      400,
      error.message
        .replace(/^lookup/, route)
        .replace(/--(source|asset|field) /g, '$1=')
        .replace(/--(source|asset|field)\b/g, '$1'),
    );
  }
}
