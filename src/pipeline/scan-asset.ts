import type { AssetRecord, FieldRecord } from '../catalog/catalog-records.js';
import { now } from '../catalog/catalog-store.js';
import { type DetectorInfo, classifyField, nameOnly } from '../classification/field-classification.js';
import type { FieldTally } from '../classification/field-tally.js';
import type { DetectorEngine } from '../detection/detector-engine.js';
import { batchFromStrings } from '../detection/value-batch.js';
import { JsonPathValues, lastKeyOf } from '../sampling/json-paths.js';
import { ColumnTallies, splitJson } from './column-tallies.js';
import { SourceError } from '../shared/errors.js';
import type {
  AssetDescriptor,
  FieldDescriptor,
  SampleOptions,
  SourceAdapter,
} from '../sources/source-adapter.js';
import type { FieldDetector } from './field-detector.js';
import type { FindingFilter } from './finding-filter.js';

/** Values per field handed to detection at once: bounds memory and keeps workers busy. */
const BATCH_ROWS = 2000;
/** Batches per field waiting for detection before reading pauses: enough to keep every thread busy. */
const IN_FLIGHT_BATCHES = 4;

export interface AssetScanContext {
  engine: DetectorEngine;
  detectors: readonly DetectorInfo[];
  /** Each detector's type, by index (for masked examples). */
  types: readonly string[];
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
  let method: string;
  try {
    const sample = await source.sample(asset, scanned, context.sample);
    method = sample.method;
    for await (const row of sample.rows) {
      buffered.push(row);
      rowsSampled++;
      if (buffered.length >= BATCH_ROWS) {
        flush();
        // Back-pressure: at most IN_FLIGHT_BATCHES per field in flight.
        if (pending.length >= scanned.length * IN_FLIGHT_BATCHES)
          await Promise.all(pending.splice(0, scanned.length));
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
    const columnTallies = tallies[column] as ColumnTallies;
    const own = columnTallies.get('');
    const findings = [...columnTallies.byPath].flatMap(([path, tally]) =>
      path === ''
        ? classifyField(tally, context.detectors, plan.columnEvidence)
        : classifyField(tally, context.detectors, pathPlanEvidence(context, field.name, path), path),
    );
    return {
      name: field.name,
      dataType: field.dataType,
      position,
      valuesSeen: own.valuesSeen,
      nonEmpty: own.nonEmpty,
      findings,
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

/** A JSON path's column-name evidence comes from its last key (`$.user.email` → `email`). */
function pathPlanEvidence(context: AssetScanContext, fieldName: string, path: string): readonly boolean[] {
  return context.engine.fieldPlan(pathColumnName(fieldName, path)).columnEvidence;
}

function pathColumnName(fieldName: string, path: string): string {
  return lastKeyOf(path.replace(/#keys$/, '')) || fieldName;
}

/**
 * One chunk of a column's values: JSON documents are walked into per-path values (and their
 * collapsed object keys, which can be PII themselves); everything else is scanned as text.
 */
async function detectColumn(
  values: (string | null)[],
  columnName: string,
  jsonColumn: boolean,
  tallies: ColumnTallies,
  context: AssetScanContext,
): Promise<void> {
  const nonEmpty = values.filter((value): value is string => value !== null && value.trim() !== '');
  const own = tallies.get('');
  const walked = new JsonPathValues();
  const plain = splitJson(nonEmpty, jsonColumn, walked);
  // The field itself: every value counts as seen and every JSON document as non-empty; the
  // plain-text values are scanned as the field's own.
  own.nonEmpty += nonEmpty.length - plain.length;
  const work = [detectInto(own, values.length, plain, columnName, context)];
  for (const [path, pathValues] of walked.values) {
    if (tallies.roomFor(path))
      work.push(
        detectInto(
          tallies.get(path),
          pathValues.length,
          pathValues,
          pathColumnName(columnName, path),
          context,
        ),
      );
  }
  for (const [path, keys] of walked.keys) {
    const keyPath = `${path}#keys`;
    if (tallies.roomFor(keyPath))
      work.push(
        detectInto(tallies.get(keyPath), keys.length, keys, pathColumnName(columnName, path), context),
      );
  }
  await Promise.all(work);
}

const NO_CANDIDATES = { candidateValues: new Uint32Array(0), examinedValues: new Uint32Array(0) };

async function detectInto(
  tally: FieldTally,
  seen: number,
  values: string[],
  columnName: string,
  context: AssetScanContext,
): Promise<void> {
  const nonEmpty = values.filter((value) => value.trim() !== '');
  const batch = batchFromStrings(nonEmpty);
  if (nonEmpty.length === 0) {
    tally.add(seen, batch, [], [], NO_CANDIDATES);
    return;
  }
  const detection = await context.detect(batch, columnName, tally.examineEvery());
  tally.add(seen, batch, context.filter(batch, detection.findings), context.types, detection);
}
