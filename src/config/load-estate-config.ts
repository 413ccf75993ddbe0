import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { describeSchemaErrors, schemaValidator } from '../shared/json-schema.js';
import type { EstateConfig, LoadedConfig } from './estate-config.js';
import { interpolateEnv } from './interpolate-env.js';

/**
 * Reads an estate config, checks it against catalog-schema/estate.schema.json and fills in ${VAR}s.
 * Every problem is reported at once, each with its JSON path, before anything connects.
 */
export async function loadEstateConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedConfig> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `config ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config ${file}: not valid JSON: ${(error as Error).message}`);
  }
  const validate = schemaValidator('estate.schema.json');
  if (!validate(parsed)) {
    const problems = describeSchemaErrors(validate.errors, 'estate.schema.json').map((line) => `  ${line}`);
    throw new ConfigError(
      `config ${file}: ${problems.length} problem(s):\n${problems.join('\n')}\nSee catalog-schema/estate.schema.json for every key.`,
    );
  }
  const config = interpolateEnv(parsed, env) as EstateConfig;
  return { config, file: path, baseDir: dirname(path) };
}

/** Detector folders from the config, resolved against the config file's folder. */
export function configDetectorPaths({ config, baseDir }: LoadedConfig): string[] {
  return (config.detectors?.paths ?? []).map((path) => resolve(baseDir, path));
}
