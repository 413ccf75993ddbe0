/**
 * One queue job: one asset of one scan. The data says what to scan and how (the sampling and
 * examples settings of the coordinator's run, and the source's settings hash, so a worker whose
 * config differs refuses it); the result is the asset's record — counts, verdicts and masked
 * examples, exactly what the catalog stores — never a raw value.
 */
import type { AssetRecord } from '../catalog/catalog-records.js';
import type { SampleOptions } from '../sources/source-adapter.js';

export interface AssetJobData {
  scanId: number;
  source: string;
  asset: string;
  /** The scan's sampling (the source's own sampleSize is applied by the worker, from its config). */
  sample: SampleOptions;
  keepExamples: boolean;
  /** sourceSettingsHash of the coordinator's config for this source. */
  settingsHash: string;
}

/** The job name BullMQ shows (its id says which asset). */
export const ASSET_JOB = 'scan-asset';

/**
 * `<scanId>|<asset>`: the same asset of the same scan is one job, so adding it again (a resumed
 * coordinator) is a no-op. BullMQ ids may not hold `:`, which asset ids may: `%` and `:` are escaped.
 */
export function assetJobId(scanId: number, asset: string): string {
  return `${scanId}|${asset.replace(/%/g, '%25').replace(/:/g, '%3A')}`;
}

/** A job's data as the worker receives it, checked (it crossed Redis). */
export function isAssetJobData(data: unknown): data is AssetJobData {
  const d = data as Partial<AssetJobData> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.scanId === 'number' &&
    typeof d.source === 'string' &&
    typeof d.asset === 'string' &&
    typeof d.keepExamples === 'boolean' &&
    typeof d.settingsHash === 'string' &&
    typeof d.sample === 'object' &&
    d.sample !== null &&
    typeof d.sample.sampleSize === 'number' &&
    typeof d.sample.maxValueBytes === 'number' &&
    typeof d.sample.full === 'boolean'
  );
}

/** A job's result as the coordinator receives it: a record of the asset it asked for, or undefined. */
export function assetRecordOf(value: unknown, asset: string): AssetRecord | undefined {
  const record = value as Partial<AssetRecord> | null;
  if (typeof record !== 'object' || record === null) return undefined;
  if (record.name !== asset || !Array.isArray(record.fields)) return undefined;
  if (record.status !== 'committed' && record.status !== 'metadata-only') return undefined;
  return record as AssetRecord;
}
