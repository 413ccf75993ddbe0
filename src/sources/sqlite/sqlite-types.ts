import type { FieldDescriptor } from '../source-adapter.js';

/**
 * Which columns to sample. SQLite types are affinities, so everything but BLOB is read as text:
 * an SSN or phone stored as INTEGER is still PII, and dates matter (a `dob` DATE is a birth date).
 * Columns declared JSON are walked by path.
 */
export function fieldScanMode(
  _name: string,
  declaredType: string,
): Pick<FieldDescriptor, 'scan' | 'skipReason'> {
  const type = declaredType.toUpperCase();
  if (type.includes('BLOB')) return { scan: 'skip', skipReason: 'binary (BLOB) column' };
  if (type === 'JSON' || type === 'JSONB') return { scan: 'json' };
  return { scan: 'values' };
}
