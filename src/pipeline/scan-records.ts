import type { AssetRecord, FieldRecord } from '../catalog/catalog-records.js';
import { now } from '../catalog/catalog-store.js';
import { lastKeyOf } from '../sampling/json-paths.js';
import { keyAsText } from '../sources/datasets/index.js';
import type { AssetDescriptor, RecordSample } from '../sources/source-adapter.js';
import { ColumnTallies } from './column-tallies.js';
import { detectInto } from './detect-values.js';
import { fieldRecord } from './scan-asset.js';
import { type AssetScanContext, IN_FLIGHT_BATCHES } from './scan-context.js';

/**
 * Distinct fields tracked per dataset. Log lines with ever-new `key=value` keys or JSON whose keys
 * are data would otherwise grow without bound; values of further fields are counted, not scanned.
 */
export const MAX_FIELDS_PER_DATASET = 1000;

/** The field the dataset's object keys are scanned as: keys and paths can hold PII themselves. */
export const OBJECT_KEY_FIELD = '$key';

/** Field-name suffix for the collapsed keys of a map-like JSON object (`$.users.*#keys`). */
const MAP_KEYS_SUFFIX = '#keys';

/** A record field's column-name evidence: a JSON path's last key, else the field name itself. */
function evidenceNameOf(field: string): string {
  if (field.endsWith(MAP_KEYS_SUFFIX)) return evidenceNameOf(field.slice(0, -MAP_KEYS_SUFFIX.length));
  return field.startsWith('$') ? lastKeyOf(field) : field;
}

/**
 * One dataset (files, S3): batches of records, by field, are detected as they are read; fields are
 * whatever the records hold. Returns what the catalog records; nothing raw leaves this function.
 */
export async function scanRecords(
  asset: AssetDescriptor,
  sample: RecordSample,
  context: AssetScanContext,
  startedAt: string,
): Promise<AssetRecord> {
  const fields = new Map<string, ColumnTallies>();
  const untracked = new Set<string>();
  const pending: Promise<void>[] = [];
  const detect = (name: string, values: string[]) => {
    let tallies = fields.get(name);
    if (tallies === undefined) {
      if (fields.size >= MAX_FIELDS_PER_DATASET) {
        if (untracked.size < MAX_FIELDS_PER_DATASET) untracked.add(name);
        return;
      }
      tallies = new ColumnTallies(context.keepExamples);
      fields.set(name, tallies);
    }
    pending.push(detectInto(tallies.get(''), values.length, values, evidenceNameOf(name), context));
  };

  detect(OBJECT_KEY_FIELD, sample.keys.map(keyAsText));
  let records = 0;
  try {
    for await (const batch of sample.batches) {
      records += batch.records;
      await context.throttle?.take(batch.records);
      for (const [name, values] of batch.values) detect(name, values);
      for (const [path, keys] of batch.keys) detect(`${path}${MAP_KEYS_SUFFIX}`, keys);
      // Back-pressure, as for tables: a bounded number of batches waits for detection.
      if (pending.length >= IN_FLIGHT_BATCHES * Math.max(1, fields.size))
        await Promise.all(pending.splice(0));
    }
  } finally {
    await Promise.allSettled(pending);
  }
  await Promise.all(pending);

  const details = sample.details();
  const dataType = details.formats.join(',') || 'none';
  const fieldRecords: FieldRecord[] = [...fields].map(([name, tallies], position) =>
    fieldRecord(
      name,
      name === OBJECT_KEY_FIELD ? 'key' : dataType,
      position,
      tallies,
      context,
      evidenceNameOf(name),
    ),
  );
  return {
    name: asset.name,
    kind: asset.kind,
    status: 'committed',
    samplingMethod: sample.method,
    rowsSampled: records,
    startedAt,
    finishedAt: now(),
    fields: fieldRecords,
    objects: { ...details, ...(untracked.size > 0 && { fieldsNotTracked: untracked.size }) },
  };
}
