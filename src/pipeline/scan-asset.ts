import type { AssetRecord, FieldRecord } from '../catalog/catalog-records.js';
import { now } from '../catalog/catalog-store.js';
import { classifyField, nameOnly } from '../classification/field-classification.js';
import { SourceError } from '../shared/errors.js';
import type { AssetDescriptor, FieldDescriptor, SourceAdapter } from '../sources/source-adapter.js';
import type { ColumnValues } from '../sources/source-adapter.js';
import { ColumnTallies } from './column-tallies.js';
import { detectColumn, detectColumnBatch, pathPlanEvidence } from './detect-values.js';
import { type AssetScanContext, BATCH_ROWS, IN_FLIGHT_BATCHES } from './scan-context.js';
import { scanRecords } from './scan-records.js';

export type { AssetScanContext };

/**
 * One asset: describe, sample, detect per field in batches as rows stream in, classify. Returns
 * what the catalog records; nothing raw leaves this function.
 */
export async function scanAsset(
  source: SourceAdapter,
  asset: AssetDescriptor,
  context: AssetScanContext,
): Promise<AssetRecord> {
  const startedAt = now();
  const fields = await source.describe(asset);
  const scanned = fields.filter((field) => field.scan !== 'skip');
  const tallies = scanned.map(() => new ColumnTallies(context.keepExamples));
  const pending: Promise<void>[] = [];
  let buffered: (string | null)[][] = [];
  let rowsSampled = 0;
  const flush = () => {
    const chunk = buffered;
    buffered = [];
    scanned.forEach((field, column) => {
      const values = chunk.map((row) => row[column] ?? null);
      pending.push(
        detectColumn(values, field.name, field.scan === 'json', tallies[column] as ColumnTallies, context),
      );
    });
  };
  // Back-pressure: at most IN_FLIGHT_BATCHES per field in flight. Synchronous sources (SQLite) and
  // inline detection resolve in microtasks only: the event loop runs once a batch, so signals,
  // timers and output are not held up to the end.
  const afterBatch = async () => {
    if (pending.length >= scanned.length * IN_FLIGHT_BATCHES)
      await Promise.all(pending.splice(0, scanned.length));
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  let method: string;
  try {
    const sample = await source.sample(asset, scanned, context.sample);
    if ('batches' in sample) return await scanRecords(asset, sample, context, startedAt);
    method = sample.method;
    const throttle = context.throttle;
    if ('columns' in sample) {
      for await (const rows of sample.columns) {
        rowsSampled += rows.rows;
        await throttle?.take(rows.rows);
        scanned.forEach((field, column) => {
          const values = rows.columns[column] as ColumnValues;
          const tally = tallies[column] as ColumnTallies;
          pending.push(detectColumnBatch(values, field.name, field.scan === 'json', tally, context));
        });
        await afterBatch();
      }
    } else {
      for await (const run of sample.rowRuns) {
        rowsSampled += run.length;
        // Awaited only when the bucket is dry: an await per run would cost a microtask each.
        const wait = throttle?.take(run.length);
        if (wait !== undefined) await wait;
        for (const row of run) {
          buffered.push(row);
          if (buffered.length >= BATCH_ROWS) {
            flush();
            await afterBatch();
          }
        }
      }
    }
  } catch (error) {
    await Promise.allSettled(pending);
    if (!(error instanceof SourceError && error.permissionDenied) || rowsSampled > 0) throw error;
    return metadataOnly(asset, fields, context, startedAt, error.message);
  }
  if (buffered.length > 0) flush();
  await Promise.all(pending);

  const fieldRecords: FieldRecord[] = fields.map((field, position) => {
    const plan = context.engine.fieldPlan(field.name);
    const column = scanned.indexOf(field);
    if (column < 0) {
      return {
        name: field.name,
        dataType: field.dataType,
        position,
        valuesSeen: 0,
        nonEmpty: 0,
        skipped: field.skipReason ?? 'not scanned',
        findings: nameOnly(context.detectors, plan.columnEvidence, '', field.skipReason ?? 'not scanned'),
      };
    }
    return fieldRecord(field.name, field.dataType, position, tallies[column] as ColumnTallies, context);
  });
  return {
    name: asset.name,
    kind: asset.kind,
    status: 'committed',
    samplingMethod: method,
    rowsSampled,
    ...(asset.rowEstimate !== undefined && { rowEstimate: asset.rowEstimate }),
    startedAt,
    finishedAt: now(),
    fields: fieldRecords,
  };
}

/** A scanned field's record: its own values' findings and those of each of its JSON paths. */
export function fieldRecord(
  name: string,
  dataType: string,
  position: number,
  tallies: ColumnTallies,
  context: AssetScanContext,
  /** The name whose words count as column-name evidence (a record field's last JSON key). */
  evidenceName = name,
): FieldRecord {
  const own = tallies.get('');
  const findings = [...tallies.byPath].flatMap(([path, tally]) =>
    path === ''
      ? classifyField(tally, context.detectors, context.engine.fieldPlan(evidenceName).columnEvidence)
      : classifyField(tally, context.detectors, pathPlanEvidence(context, name, path), path),
  );
  return { name, dataType, position, valuesSeen: own.valuesSeen, nonEmpty: own.nonEmpty, findings };
}

/**
 * An asset whose values the scanning user may not read: still cataloged, from its column names
 * alone, as name-only candidates — never silently skipped.
 */
function metadataOnly(
  asset: AssetDescriptor,
  fields: readonly FieldDescriptor[],
  context: AssetScanContext,
  startedAt: string,
  reason: string,
): AssetRecord {
  return {
    name: asset.name,
    kind: asset.kind,
    status: 'metadata-only',
    samplingMethod: 'none',
    rowsSampled: 0,
    ...(asset.rowEstimate !== undefined && { rowEstimate: asset.rowEstimate }),
    startedAt,
    finishedAt: now(),
    fields: fields.map((field, position) => ({
      name: field.name,
      dataType: field.dataType,
      position,
      valuesSeen: 0,
      nonEmpty: 0,
      skipped: reason,
      findings: nameOnly(
        context.detectors,
        context.engine.fieldPlan(field.name).columnEvidence,
        '',
        'values not readable',
      ),
    })),
  };
}
