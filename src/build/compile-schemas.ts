/** Build step: compiles each JSON Schema to a standalone ajv validator module (see json-schema.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { COMPILED_SCHEMA_DIR, compileSchema, schemaFileNames } from '../shared/json-schema.js';

const standaloneCode = (
  createRequire(import.meta.url)('ajv/dist/standalone') as { default: (...args: unknown[]) => string }
).default;
mkdirSync(COMPILED_SCHEMA_DIR, { recursive: true });
for (const fileName of schemaFileNames()) {
  const validate = compileSchema(fileName, { code: { source: true } });
  writeFileSync(
    new URL(fileName.replace(/\.json$/, '.cjs'), COMPILED_SCHEMA_DIR),
    standaloneCode(validate.ajv, validate),
  );
}
