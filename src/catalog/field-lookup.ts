import { UsageError } from '../shared/errors.js';
import type { CurrentField } from './catalog-queries.js';

/** What `piimap lookup` was asked for: a field id (`crm.public.users.email`, globs allowed) or its parts. */
export interface FieldQuery {
  id?: string;
  source?: string;
  asset?: string;
  field?: string;
}

/** A field's id: SOURCE.ASSET.FIELD, as `export` prints it. */
export function fieldId(field: Pick<CurrentField, 'source' | 'asset' | 'field'>): string {
  return `${field.source}.${field.asset}.${field.field}`;
}

/**
 * The fields a query names. An id is matched whole against each field's id, so dots inside names
 * need no escaping; `*` is a glob matching anything (dots and slashes too) — unless the id matches
 * a field literally (dataset assets contain `*` themselves: `logs/app/dt=*` …). `--source`,
 * `--asset` and `--field` match one part each (globs too) and settle ids whose split is ambiguous.
 */
export function lookupFields(fields: readonly CurrentField[], query: FieldQuery): CurrentField[] {
  if (
    query.id === undefined &&
    query.source === undefined &&
    query.asset === undefined &&
    query.field === undefined
  )
    throw new UsageError('lookup: name a field: SOURCE.ASSET.FIELD, or --source/--asset/--field');
  const parts = (['source', 'asset', 'field'] as const).flatMap((part) => {
    const pattern = query[part];
    return pattern === undefined ? [] : [{ part, matches: globMatcher(pattern) }];
  });
  const byParts = fields.filter((field) => parts.every(({ part, matches }) => matches(field[part])));
  if (query.id === undefined) return byParts;
  const exact = byParts.filter((field) => fieldId(field) === query.id);
  const found =
    exact.length > 0 ? exact : byParts.filter((field) => globMatcher(query.id as string)(fieldId(field)));
  if (!query.id.includes('*')) assertUnambiguous(found, query.id);
  return found;
}

/**
 * A glob with `*` as the only wildcard (matching any run of characters, dots and slashes too),
 * matching whole strings; a pattern equal to the text matches too, since dataset asset names
 * contain `*` themselves. Used wherever users name catalog entries (lookup, activities, the API).
 */
export function globMatcher(pattern: string): (text: string) => boolean {
  if (!pattern.includes('*')) return (text) => text === pattern;
  const source = pattern
    .split('*')
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  const regex = new RegExp(`^${source}$`, 's');
  return (text) => text === pattern || regex.test(text);
}

/** Two different fields whose ids read the same (`a.b` + `c` vs `a` + `b.c`) need the parts spelled out. */
function assertUnambiguous(found: readonly CurrentField[], id: string): void {
  if (found.length <= 1) return;
  const splits = found.map((f) => `--source ${f.source} --asset ${f.asset} --field ${f.field}`);
  throw new UsageError(`lookup ${id}: names ${found.length} fields; pick one with ${splits.join(', or ')}`);
}
