import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { closest, distance } from 'fastest-levenshtein';

const SCHEMA_DIR = new URL('../../catalog-schema/', import.meta.url);
const schemas = new Map<string, unknown>();

/** `/patterns/1/score` → `patterns[1].score`; the root is `(root)`. */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/**
 * One line per problem: `<path>: <what is wrong>`, with a hint where the schema can give one — the
 * key or kind that was probably meant (`unknown key "sampleSise"; did you mean "sampleSize"?`), the
 * allowed values, and the alternatives of a oneOf as one line (`must be "auto" or must be integer`).
 * `schemaFile` (in catalog-schema/) lets hints name the keys and kinds the schema allows.
 */
export function describeSchemaErrors(
  errors: readonly ErrorObject[] | null | undefined,
  schemaFile?: string,
): string[] {
  const schema = schemaFile === undefined ? undefined : loadSchema(schemaFile);
  const all = errors ?? [];
  // Where a oneOf/anyOf failed, its branches' errors at the same place read as alternatives.
  const alternatives = new Set(
    all.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.schemaPath),
  );
  const grouped = new Map<string, string[]>();
  const lines: string[] = [];
  for (const error of all) {
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const path = jsonPath(error.instancePath);
    const message = describe(error, path, schema);
    const branchOf = [...alternatives].find((p) => error.schemaPath.startsWith(`${p}/`));
    if (branchOf !== undefined && error.keyword !== 'additionalProperties' && error.keyword !== 'required') {
      const key = `${path}\0${branchOf}`;
      if (!grouped.has(key)) {
        grouped.set(key, []);
        lines.push(key);
      }
      grouped.get(key)?.push(message);
    } else lines.push(`${path}: ${message}`);
  }
  const described = lines.map((line) => {
    const branches = grouped.get(line);
    return branches === undefined ? line : `${line.split('\0')[0]}: ${[...new Set(branches)].join(' or ')}`;
  });
  return [...new Set(described)];
}

function describe(error: ErrorObject, path: string, schema: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      // Precompiled validators give schema paths relative to a $ref'd definition, so the local keys
      // may be the wrong object's: every key the schema knows is the fallback. The key itself was
      // just rejected here, so it is never the suggestion; where it belongs instead is said.
      const others = (keys: string[]) => keys.filter((known) => known !== key);
      const hint =
        didYouMean(key, others(keysAllowedAt(schema, error.schemaPath))) ||
        didYouMean(key, others(allKeys(schema)));
      return `unknown key "${key}"${hint}${keyElsewhere(schema, key)}`;
    }
    case 'discriminator': {
      const kinds = kindsAllowedAt(schema, error.schemaPath, String(params.tag));
      const value = JSON.stringify(params.tagValue);
      const list = kinds.length > 0 ? ` (${kinds.join(', ')})` : '';
      return `${String(params.tag)}: ${value} is not a known kind${didYouMean(String(params.tagValue), kinds)}${list}`;
    }
    case 'required':
      return `missing required key "${String(params.missingProperty)}"`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `${error.message} (${(params.allowedValues as unknown[]).join(', ')})`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** A close match among `candidates` (a typo, a wrong case), as `; did you mean "x"?`. */
function didYouMean(word: string, candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  const best = closest(word, candidates as string[]);
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? `; did you mean "${best}"?` : '';
}

function loadSchema(file: string): unknown {
  let schema = schemas.get(file);
  if (schema === undefined) {
    schema = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as unknown;
    schemas.set(file, schema);
  }
  return schema;
}

/** The schema node a `#/a/b` pointer names, following `$ref`s to local definitions. */
function resolve(schema: unknown, pointer: string): unknown {
  let node = schema;
  for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' && ref.startsWith('#') ? resolve(schema, ref) : node;
}

/** The property names of the object schema that rejected an additional property. */
function keysAllowedAt(schema: unknown, schemaPath: string): string[] {
  const parent = resolve(schema, schemaPath.replace(/\/additionalProperties$/, ''));
  const properties = (parent as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties === undefined ? [] : Object.keys(properties);
}

/** The `const` values of `tag` across the oneOf branches a discriminator chooses between. */
function kindsAllowedAt(schema: unknown, schemaPath: string, tag: string): string[] {
  const parent = resolve(schema, schemaPath.replace(/\/discriminator$/, ''));
  const branches = (parent as { oneOf?: unknown[] } | undefined)?.oneOf ?? [];
  return branches.flatMap((branch) => {
    const node = resolve(schema, (branch as { $ref?: string }).$ref ?? '') ?? branch;
    const value = (node as { properties?: Record<string, { const?: unknown }> }).properties?.[tag]?.const;
    return typeof value === 'string' ? [value] : [];
  });
}

/**
 * Where a key rejected here is allowed: `; "url" is a key of postgres, mysql only` (the definitions
 * that declare it: a source of another type), or '' when the schema declares it nowhere.
 */
function keyElsewhere(schema: unknown, key: string): string {
  const definitions = (schema as { definitions?: Record<string, unknown> } | undefined)?.definitions ?? {};
  const owners = Object.entries(definitions)
    .filter(([, node]) => Object.hasOwn((node as { properties?: object }).properties ?? {}, key))
    .map(([name]) => name);
  if (owners.length > 0) return `; "${key}" is a key of ${owners.join(', ')} only`;
  return allKeys(schema).includes(key) ? `; "${key}" is a key elsewhere, not here` : '';
}

/** Every property name the schema declares anywhere. */
function allKeys(schema: unknown, into = new Set<string>()): string[] {
  if (typeof schema === 'object' && schema !== null) {
    const properties = (schema as { properties?: Record<string, unknown> }).properties;
    if (properties !== undefined) for (const key of Object.keys(properties)) into.add(key);
    for (const value of Object.values(schema)) allKeys(value, into);
  }
  return [...into];
}
