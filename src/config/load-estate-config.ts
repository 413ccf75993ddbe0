import { dirname, resolve } from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { readCheckedJsonFile } from './checked-json-file.js';
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
  const parsed = await readCheckedJsonFile('config', file, 'estate.schema.json');
  let config: EstateConfig;
  try {
    config = interpolateEnv(parsed, env) as EstateConfig;
  } catch (error) {
    // Say which file, as schema problems do: `config estate.json: sources[0].url: …`.
    if (error instanceof ConfigError)
      throw new ConfigError(`config ${file}: ${error.message}`, { cause: error });
    throw error;
  }
  return { config, file: path, baseDir: dirname(path) };
}

/** Detector folders from the config, resolved against the config file's folder. */
export function configDetectorPaths({ config, baseDir }: LoadedConfig): string[] {
  return (config.detectors?.paths ?? []).map((path) => resolve(baseDir, path));
}
