import { configDetectorPaths, loadEstateConfig } from '../config/load-estate-config.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import type { LoadedDetector } from '../detection/detector-definition.js';
import { loadDetectors } from '../detection/detector-loader.js';
import { ConfigError } from '../shared/errors.js';

/** Flags shared by commands that load detectors (`detect`, `detectors`). */
export interface DetectorFlags {
  config?: string;
  detectors?: string[];
  regions?: string[];
  types?: string[];
}

const REGION = /^[A-Z]{2}$/;

/** Where detectors come from and the options they run with, from flags and an optional config. */
export async function detectorSetup(flags: DetectorFlags) {
  const loaded = flags.config === undefined ? undefined : await loadEstateConfig(flags.config);
  const paths = [...(loaded ? configDetectorPaths(loaded) : []), ...(flags.detectors ?? [])];
  const regions = flags.regions ?? loaded?.config.defaultRegions;
  const bad = regions?.find((region) => !REGION.test(region));
  if (bad !== undefined)
    throw new ConfigError(`--regions: "${bad}" is not an ISO 3166 alpha-2 code such as US, GB, DE`);
  const enable = flags.types ?? loaded?.config.detectors?.enable ?? [];
  const disable = loaded?.config.detectors?.disable ?? [];
  return { load: { paths, enable, disable }, options: regions ? { defaultRegions: regions } : {} };
}

export async function engineFromFlags(flags: DetectorFlags): Promise<DetectorEngine> {
  const { load, options } = await detectorSetup(flags);
  // The compiled engine (validators, libphonenumber) loads only for the callers that detect.
  const { loadEngine } = await import('../detection/builtin-engine.js');
  return loadEngine(load, options);
}

export async function detectorsFromFlags(flags: DetectorFlags): Promise<LoadedDetector[]> {
  return loadDetectors((await detectorSetup(flags)).load);
}
