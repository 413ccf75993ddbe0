import { compileDetectors } from './compile-detectors.js';
import type { DetectorEngine } from './detector-engine.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from './detection-options.js';
import { type LoadDetectorsOptions, loadDetectors } from './detector-loader.js';

/** Loads and compiles detectors in one step (built-ins plus any extra folders). */
export async function loadEngine(
  load: LoadDetectorsOptions = {},
  options: Partial<DetectionOptions> = {},
): Promise<DetectorEngine> {
  return compileDetectors(await loadDetectors(load), { ...DEFAULT_DETECTION_OPTIONS, ...options });
}

/** The built-in detectors only (optionally some ids): what tests and benchmarks use. */
export async function loadBuiltinEngine({ ids }: { ids?: string[] } = {}): Promise<DetectorEngine> {
  return loadEngine(ids === undefined ? {} : { enable: ids });
}
