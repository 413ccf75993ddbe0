/** Records to write through SqliteCatalogStore in catalog tests: a finding, a field, an asset. */
import type { AssetRecord, FieldRecord, FindingRecord } from '../../src/catalog/catalog-records.js';

/** A `contains` finding of `type` in 5 of 10 values (of the JSON `path`, if given). */
export const finding = (type: string, confidence: number, path = '', examples?: string[]): FindingRecord => ({
  path,
  type,
  detector: type,
  matched: 5,
  nonEmpty: 10,
  prevalence: 0.5,
  confidence,
  label: 'contains',
  evidence: {},
  ...(examples !== undefined && { examples }),
});

/** A TEXT field of 10 values. */
export const field = (name: string, position: number, ...findings: FindingRecord[]): FieldRecord => ({
  name,
  dataType: 'TEXT',
  position,
  valuesSeen: 10,
  nonEmpty: 10,
  findings,
});

/** A table read whole (10 rows). */
export const asset = (name: string, ...fields: FieldRecord[]): AssetRecord => ({
  name,
  kind: 'table',
  status: 'committed',
  samplingMethod: 'full',
  rowsSampled: 10,
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:00:01.000Z',
  fields,
});
