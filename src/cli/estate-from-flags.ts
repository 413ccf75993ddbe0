/**
 * The estate a command works on, from `--config` and source arguments: shared by `scan`, `plan`
 * and `check`, so the three read the same sources the same way.
 */
import type { EstateConfig, LoadedConfig, SourceConfig } from '../config/estate-config.js';
import { configDetectorPaths, loadEstateConfig } from '../config/load-estate-config.js';
import type { LoadedDetector } from '../detection/detector-definition.js';
import { loadDetectors } from '../detection/detector-loader.js';
import { type FindingFilter, findingFilter } from '../pipeline/finding-filter.js';
import { ConfigError, UsageError } from '../shared/errors.js';
import { sourceFromArgument } from '../sources/source-from-argument.js';

export interface Estate {
  /** The config file, when `--config` names one. */
  loaded: LoadedConfig | undefined;
  config: EstateConfig;
  /** Relative paths in the config resolve against it: the config's folder, else the working directory. */
  baseDir: string;
  /** The config's sources, then one per argument. */
  sources: SourceConfig[];
}

/** Loads `--config` (if given) and adds the sources named as arguments; at least one, names distinct. */
export async function estateFromFlags(
  command: string,
  args: readonly string[],
  configFile: string | undefined,
): Promise<Estate> {
  const loaded = configFile === undefined ? undefined : await loadEstateConfig(configFile);
  const config: EstateConfig = loaded?.config ?? {};
  const baseDir = loaded?.baseDir ?? process.cwd();
  const sources: SourceConfig[] = [...(config.sources ?? []), ...args.map(sourceFromArgument)];
  if (sources.length === 0)
    throw new UsageError(`${command}: nothing to ${command}; give sources as arguments or in --config`);
  const duplicate = sources.map((s) => s.name).find((name, i, all) => all.indexOf(name) !== i);
  if (duplicate !== undefined)
    throw new ConfigError(`${command}: two sources are named "${duplicate}"; give them distinct names`);
  return { loaded, config, baseDir, sources };
}

/** The config's detector folders and enable/disable lists, plus `--detectors` folders. */
export function estateDetectors(
  estate: Estate,
  flagPaths: readonly string[] = [],
): Promise<LoadedDetector[]> {
  return loadDetectors({
    paths: [...(estate.loaded ? configDetectorPaths(estate.loaded) : []), ...flagPaths],
    enable: estate.config.detectors?.enable ?? [],
    disable: estate.config.detectors?.disable ?? [],
  });
}

/** The config's `allow` suppressions, compiled; a pattern that does not compile is a config error. */
export function estateFindingFilter(allow: NonNullable<EstateConfig['allow']>): FindingFilter {
  try {
    return findingFilter(allow);
  } catch (error) {
    throw new ConfigError(`allow.patterns: ${(error as Error).message}`);
  }
}

export function positiveInteger(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag}: "${value}" is not a positive whole number`);
  return n;
}
