/** Files and objects grouped into datasets: the assets of the files and S3 sources. */
export type { Dataset } from './dataset-accumulator.js';
export {
  DEFAULT_MAX_DATASETS,
  DatasetGrouper,
  type DatasetGrouperOptions,
  OVERFLOW_PATTERN,
} from './dataset-grouper.js';
export {
  createDatasetPatterner,
  datasetPattern,
  type DatasetPatternOptions,
  type SensitiveTest,
} from './dataset-pattern.js';
export { keyAsText, keyNames } from './key-text.js';
