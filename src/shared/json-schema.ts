/**
 * The JSON Schemas in catalog-schema/, as ajv validators, and ajv errors as path-first messages.
 * The build compiles each schema to a standalone module (dist/schemas/<name>.cjs), which loads in a
 * few ms; without a build, ajv compiles the schema at first use (~80 ms with ajv's own import).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvClass, Options, ValidateFunction } from 'ajv';

const SCHEMA_DIR = fileURLToPath(new URL('../../catalog-schema/', import.meta.url));
export const COMPILED_SCHEMA_DIR = new URL('../../dist/schemas/', import.meta.url);
export const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  discriminator: true,
};

const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(fileName: string): ValidateFunction {
  let validate = compiled.get(fileName);
  if (validate === undefined) {
    validate = precompiled(fileName) ?? compileSchema(fileName);
    compiled.set(fileName, validate);
  }
  return validate;
}

function precompiled(fileName: string): ValidateFunction | undefined {
  try {
    return require(
      fileURLToPath(new URL(fileName.replace(/\.json$/, '.cjs'), COMPILED_SCHEMA_DIR)),
    ) as ValidateFunction;
  } catch {
    return undefined;
  }
}

/** A fresh ajv instance (with `extra` options) and the schema compiled by it. */
export function compileSchema(fileName: string, extra: Options = {}): ValidateFunction & { ajv?: AjvClass } {
  const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra });
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_DIR + fileName, 'utf8')) as object);
  return Object.assign(validate, { ajv });
}

export function schemaFileNames(): string[] {
  return [
    'activities.schema.json',
    'catalog.schema.json',
    'detector.schema.json',
    'estate.schema.json',
    'gdpr.schema.json',
    'masking.schema.json',
  ];
}

export { describeSchemaErrors, jsonPath } from './schema-errors.js';
