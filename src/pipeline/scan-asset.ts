import type { AssetRecord, FieldRecord } from '../catalog/catalog-records.js';
import { now } from '../catalog/catalog-store.js';
import { type DetectorInfo, classifyField, nameOnly } from '../classification/field-classification.js';
import { FieldTally } from '../classification/field-tally.js';
import type { Finding } from '../detection/check-candidate.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import { batchFromStrings } from '../detection/value-batch.js';
import type { AssetDescriptor, SampleOptions, SourceAdapter } from '../sources/source-adapter.js';
import type { FieldDetector } from './field-detector.js';
import type { FindingFilter } from './finding-filter.js';

/** Values per field handed to detection at once: bounds memory and keeps workers busy. */
const BATCH_ROWS = 2000;

export interface AssetScanContext {
  engine: DetectorEngine;
  detectors: readonly DetectorInfo[];
  detect: FieldDetector;
  sample: SampleOptions;
  keepExamples: boolean;
  filter: FindingFilter;
}

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
  const tallies = scanned.map(() => new FieldTally(context.keepExamples));
  const pending: Promise<void>[] = [];
  const { method, rows } = await source.sample(asset, scanned, context.sample);
  let buffered: (string | null)[][] = [];
  let rowsSampled = 0;
  const flush = () => {
    const chunk = buffered;
    buffered = [];
    scanned.forEach((field, column) => {
      const values = chunk.map((row) => row[column] ?? null);
      pending.push(detectColumn(values, field.name, tallies[column] as FieldTally, context));
    });
  };
  for await (const row of rows) {
    buffered.push(row);
    rowsSampled++;
    if (buffered.length >= BATCH_ROWS) {
      flush();
      // Back-pressure: at most two batches per field in flight.
      if (pending.length >= scanned.length * 2) await Promise.all(pending.splice(0, scanned.length));
    }
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
    const tally = tallies[column] as FieldTally;
    return {
      name: field.name,
      dataType: field.dataType,
      position,
      valuesSeen: tally.valuesSeen,
      nonEmpty: tally.nonEmpty,
      findings: classifyField(tally, context.detectors, plan.columnEvidence),
    };
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

async function detectColumn(
  values: (string | null)[],
  columnName: string,
  tally: FieldTally,
  context: AssetScanContext,
): Promise<void> {
  const nonEmpty = values.filter((value): value is string => value !== null && value.trim() !== '');
  const batch = batchFromStrings(nonEmpty);
  const findings: Finding[] = nonEmpty.length > 0 ? await context.detect(batch, columnName) : [];
  tally.add(
    values.length,
    batch,
    context.filter(batch, findings),
    context.engine.detectors.map((d) => d.type),
  );
}
