/** Reading records out of one file or S3 object: the public API of src/formats. */
export { type FormatChoice, type RecordFormat, SNIFF_BYTES, chooseFormat } from './choose-format.js';
export { MAX_DECOMPRESSED_BYTES } from './gzip.js';
export {
  type ObjectReadResult,
  type ObjectRecords,
  type ReadObjectOptions,
  readObjectRecords,
} from './read-object-records.js';
export type { ReadStats, StopReason } from './read-stats.js';
export type { RecordBatch } from './record-batch.js';
export { TEXT_FIELD } from './log-line.js';
export { JSON_WALK_LIMITS } from '../sampling/json-paths.js';
