import type { FieldTally } from '../classification/field-tally.js';
import { type ValueBatch, batchFromStrings, sliceBatch } from '../detection/value-batch.js';
import { JsonPathValues, lastKeyOf } from '../sampling/json-paths.js';
import { type ColumnTallies, looksLikeJson, splitJson } from './column-tallies.js';
import type { FieldDetection } from './field-detector.js';
import type { ColumnValues } from '../sources/source-adapter.js';
import type { AssetScanContext } from './scan-context.js';

/** A JSON path's column-name evidence comes from its last key (`$.user.email` → `email`). */
export function pathColumnName(fieldName: string, path: string): string {
  return lastKeyOf(path.replace(/#keys$/, '')) || fieldName;
}

/** Column-name evidence per detector for a field's JSON path. */
export function pathPlanEvidence(
  context: AssetScanContext,
  fieldName: string,
  path: string,
): readonly boolean[] {
  return context.engine.fieldPlan(pathColumnName(fieldName, path)).columnEvidence;
}

/**
 * One chunk of a column's values: JSON documents are walked into per-path values (and their
 * collapsed object keys, which can be PII themselves); everything else is scanned as text.
 */
export async function detectColumn(
  values: (string | null)[],
  columnName: string,
  jsonColumn: boolean,
  tallies: ColumnTallies,
  context: AssetScanContext,
): Promise<void> {
  if (!jsonColumn) {
    const plain = plainValues(values);
    if (plain !== undefined)
      return detectBatchInto(tallies.get(''), values.length, batchFromStrings(plain), columnName, context);
  }
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

/**
 * The non-empty values, in one pass — or undefined if one of them looks like a JSON document (then
 * the column's values are walked as detectColumn does).
 */
function plainValues(values: readonly (string | null)[]): string[] | undefined {
  const plain: string[] = [];
  for (const value of values) {
    if (value === null) continue;
    const start = value.trimStart(); // the value itself when it has no leading whitespace
    if (start === '') continue;
    if (looksLikeJson(start)) return undefined;
    plain.push(value);
  }
  return plain;
}

/**
 * One run of a column's values read by column (already a batch of the non-empty ones): detected as
 * it is, unless it is a JSON column or holds a value that looks like a JSON document — those are
 * walked by path as detectColumn does, from strings.
 */
export async function detectColumnBatch(
  values: ColumnValues,
  columnName: string,
  jsonColumn: boolean,
  tallies: ColumnTallies,
  context: AssetScanContext,
): Promise<void> {
  const { batch, seen } = values;
  if (!jsonColumn && !holdsJsonLike(batch)) {
    await detectBatchInto(tallies.get(''), seen, batch, columnName, context);
    return;
  }
  const strings: (string | null)[] = [];
  for (let i = 0; i < batch.count; i++)
    strings.push(batch.bytes.toString('utf8', batch.starts[i], batch.ends[i]));
  for (let i = batch.count; i < seen; i++) strings.push(null);
  await detectColumn(strings, columnName, jsonColumn, tallies, context);
}

/** Whether a value of the batch starts, after whitespace, with `{` or `[` (splitJson's test). */
function holdsJsonLike(batch: ValueBatch): boolean {
  const { bytes, starts, ends } = batch;
  for (let i = 0; i < batch.count; i++) {
    let at = starts[i] as number;
    const end = ends[i] as number;
    while (
      at < end &&
      (bytes[at] === 0x20 || ((bytes[at] as number) >= 0x09 && (bytes[at] as number) <= 0x0d))
    )
      at++;
    const first = bytes[at] as number;
    if (first === 0x7b || first === 0x5b) return true;
    // Other leading whitespace (no-break space, …): ask the string, as splitJson does.
    if (first >= 0x80 && at < end) {
      const lead = bytes.toString('utf8', at, end).trimStart()[0];
      if (lead === '{' || lead === '[') return true;
    }
  }
  return false;
}

const NO_CANDIDATES = { candidateValues: new Uint32Array(0), lookedValues: new Uint32Array(0) };

/** Detects in `values` (`seen` counts the empty ones too) and adds what was found to `tally`. */
export async function detectInto(
  tally: FieldTally,
  seen: number,
  values: string[],
  columnName: string,
  context: AssetScanContext,
): Promise<void> {
  const nonEmpty = values.filter((value) => value.trim() !== '');
  await detectBatchInto(tally, seen, batchFromStrings(nonEmpty), columnName, context);
}

/**
 * Detects in a batch of non-empty values (`seen` counts the empty ones too) and tallies the result;
 * a field's first values in small portions (ValidationSchedule.portions), so look sampling starts
 * soon after a detector settles.
 */
export async function detectBatchInto(
  tally: FieldTally,
  seen: number,
  batch: ValueBatch,
  columnName: string,
  context: AssetScanContext,
): Promise<void> {
  if (batch.count === 0) {
    tally.add(seen, batch, [], [], NO_CANDIDATES);
    return;
  }
  const portions = tally.schedule.portions(batch.count);
  if (portions.length === 1) return detectPortionInto(tally, seen, batch, columnName, context);
  const work: Promise<void>[] = [];
  let from = 0;
  for (const size of portions) {
    // The empty values count with the first portion; each portion is started here, in order.
    const portionSeen = from === 0 ? seen - batch.count + size : size;
    work.push(
      detectPortionInto(tally, portionSeen, sliceBatch(batch, from, from + size), columnName, context),
    );
    from += size;
  }
  await Promise.all(work);
}

async function detectPortionInto(
  tally: FieldTally,
  seen: number,
  batch: ValueBatch,
  columnName: string,
  context: AssetScanContext,
): Promise<void> {
  // Started before any await: batches take their places in reading order.
  const { sequence, lookEvery } = await tally.schedule.start(batch.count);
  let detection: FieldDetection | undefined;
  try {
    detection = await context.detect(
      batch,
      columnName,
      lookEvery === undefined ? undefined : { every: lookEvery, seed: sequence },
    );
  } finally {
    // A failed batch still ends its turn, so later batches of the field do not wait for it forever.
    tally.schedule.finish(
      sequence,
      detection === undefined ? [] : estimatedCandidates(detection, batch.count),
    );
  }
  tally.add(seen, batch, context.filter(batch, detection.findings), context.types, detection);
}

/** Per detector, the candidates a batch would have held had the detector been looked for in every value. */
function estimatedCandidates(detection: FieldDetection, values: number): number[] {
  return Array.from(detection.candidateValues, (count, detector) => {
    const looked = detection.lookedValues[detector] ?? values;
    return count === 0 || looked === 0 ? 0 : (count * values) / looked;
  });
}
