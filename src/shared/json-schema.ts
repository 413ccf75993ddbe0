/** Loads the JSON Schemas in catalog-schema/ and turns ajv errors into path-first messages. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ajvModule, { type ErrorObject, type ValidateFunction } from 'ajv';

const Ajv = ajvModule.default;
const SCHEMA_DIR = fileURLToPath(new URL('../../catalog-schema/', import.meta.url));

const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(fileName: string): ValidateFunction {
  let validate = compiled.get(fileName);
  if (validate === undefined) {
    const schema = JSON.parse(readFileSync(SCHEMA_DIR + fileName, 'utf8')) as object;
    validate = new Ajv({
      allErrors: true,
      strict: true,
      strictRequired: false,
      allowUnionTypes: true,
      discriminator: true,
    }).compile(schema);
    compiled.set(fileName, validate);
  }
  return validate;
}

/** `/patterns/1/score` → `patterns[1].score`; the root is `(root)`. */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** One line per problem: `<path>: <what is wrong>`, with the offending key or allowed values. */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? [])
    .filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if')
    .map((error) => {
      const path = jsonPath(error.instancePath);
      const params = error.params as Record<string, unknown>;
      if (error.keyword === 'additionalProperties')
        return `${path}: unknown key "${String(params.additionalProperty)}"`;
      if (error.keyword === 'discriminator') {
        return `${path ? `${path}.` : ''}${String(params.tag)}: ${JSON.stringify(params.tagValue)} is not a known kind`;
      }
      if (error.keyword === 'enum')
        return `${path}: ${error.message} (${(params.allowedValues as unknown[]).join(', ')})`;
      return `${path}: ${error.message ?? 'is invalid'}`;
    });
  return [...new Set(lines)];
}
