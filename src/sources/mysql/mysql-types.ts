import type { FieldDescriptor } from '../source-adapter.js';

const BINARY = new Set([
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'binary',
  'varbinary',
  'bit',
  'vector',
]);
const SPATIAL = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);

/**
 * Which columns to sample, from information_schema's DATA_TYPE. Everything readable as text is
 * sampled — an SSN in a BIGINT or a birth date in a DATE is still PII — except binary and spatial
 * values, which regexes cannot read. JSON columns are walked by path.
 */
export function fieldScanMode(
  dataType: string,
  isJson: boolean,
): Pick<FieldDescriptor, 'scan' | 'skipReason'> {
  const type = dataType.toLowerCase();
  if (isJson || type === 'json') return { scan: 'json' };
  if (BINARY.has(type)) return { scan: 'skip', skipReason: `binary (${type.toUpperCase()}) column` };
  if (SPATIAL.has(type)) return { scan: 'skip', skipReason: `spatial (${type.toUpperCase()}) column` };
  return { scan: 'values' };
}
