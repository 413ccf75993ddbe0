import { compileDetectors } from '../detection/compile-detectors.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from '../detection/detection-options.js';
import type { LoadedDetector } from '../detection/detector-definition.js';
import { PiiMasker } from '../pipeline/pii-masker.js';
import type { SourceServices } from '../sources/registry.js';

/** What sources need to report object keys and paths: the scan's masking, from the same detectors. */
export function keyMaskingServices(
  detectors: readonly LoadedDetector[],
  detection: Partial<DetectionOptions>,
): SourceServices {
  const engine = compileDetectors([...detectors], { ...DEFAULT_DETECTION_OPTIONS, ...detection });
  return { masker: new PiiMasker(engine) };
}
