import { HttpError } from './http-responses.js';

/** A query parameter's type, as the OpenAPI document states it and the server checks it. */
export type ParamSchema =
  | { type: 'string'; enum?: readonly string[]; format?: 'date-time'; default?: string }
  | { type: 'integer'; minimum: number; maximum?: number; default?: number }
  | { type: 'number'; minimum: number; maximum: number }
  | { type: 'boolean' };

export interface ParamSpec {
  name: string;
  description: string;
  schema: ParamSchema;
}

type ParamValue = string | number | boolean;

/** A request's query, checked against its route's parameters; defaults filled in. */
export class QueryValues {
  private readonly values: ReadonlyMap<string, ParamValue>;

  constructor(values: ReadonlyMap<string, ParamValue>) {
    this.values = values;
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return typeof value === 'string' ? value : undefined;
  }

  number(name: string): number | undefined {
    const value = this.values.get(name);
    return typeof value === 'number' ? value : undefined;
  }

  boolean(name: string): boolean | undefined {
    const value = this.values.get(name);
    return typeof value === 'boolean' ? value : undefined;
  }
}

/**
 * The query checked against the route's parameters: an unknown or repeated parameter, or a value
 * of the wrong type or out of range, is a 400 naming the parameter. An empty value counts as not
 * given (`?source=&asset=users`).
 */
export function parseQuery(search: URLSearchParams, specs: readonly ParamSpec[]): QueryValues {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const values = new Map<string, ParamValue>();
  for (const name of new Set(search.keys())) {
    const spec = byName.get(name);
    if (spec === undefined) {
      const known = specs.length > 0 ? `it takes ${specs.map((s) => s.name).join(', ')}` : 'it takes none';
      throw new HttpError(
        400,
        `query parameter ${name.slice(0, 100)}: not a parameter of this route; ${known}`,
      );
    }
    const given = search.getAll(name).filter((value) => value !== '');
    if (given.length > 1) throw new HttpError(400, `query parameter ${name}: given ${given.length} times`);
    if (given[0] !== undefined) values.set(name, parseValue(spec, given[0]));
  }
  for (const { name, schema } of specs)
    if (!values.has(name) && 'default' in schema && schema.default !== undefined)
      values.set(name, schema.default);
  return new QueryValues(values);
}

function parseValue({ name, schema }: ParamSpec, text: string): ParamValue {
  const bad = (why: string) => new HttpError(400, `query parameter ${name}: ${JSON.stringify(text)} ${why}`);
  switch (schema.type) {
    case 'string':
      if (schema.enum !== undefined && !schema.enum.includes(text))
        throw bad(`is not one of ${schema.enum.join(', ')}`);
      return schema.format === 'date-time' ? isoTimestamp(text, bad) : text;
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw bad('is not true or false');
      return text === 'true';
    case 'integer':
    case 'number': {
      const pattern = schema.type === 'integer' ? /^-?\d{1,15}$/ : /^-?(?:\d+(?:\.\d*)?|\.\d+)$/;
      if (!pattern.test(text)) throw bad(`is not ${schema.type === 'integer' ? 'an integer' : 'a number'}`);
      const value = Number(text);
      if (value < schema.minimum) throw bad(`is below the minimum ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum)
        throw bad(`is above the maximum ${schema.maximum}`);
      return value;
    }
  }
}

/** A date (UTC midnight) or a date-time with `Z` or an offset; a `+` that the query decoded as a space is put back. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/i;

function isoTimestamp(text: string, bad: (why: string) => HttpError): string {
  const normalized = text.replace(/ (\d{2}:\d{2})$/, '+$1');
  const time = ISO_8601.test(normalized) ? Date.parse(normalized) : Number.NaN;
  if (Number.isNaN(time))
    throw bad('is not an ISO 8601 date or date-time with Z or an offset (2024-05-01, 2024-05-01T12:00:00Z)');
  return new Date(time).toISOString();
}
