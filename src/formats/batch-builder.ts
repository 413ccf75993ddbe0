import { JsonPathValues, walkJsonValue } from '../sampling/json-paths.js';
import type { RecordBatch } from './record-batch.js';
import { Utf8Cutter } from './utf8-cut.js';

/**
 * Distinct fields one batch keeps; later new ones are dropped. Bounds memory when every record
 * brings new names (`k1=…`, `k2=…`, or JSON whose keys are not quite ids).
 */
export const MAX_FIELDS_PER_BATCH = 1000;

/**
 * Characters of values and JSON texts after which a batch is handed on whatever its record count:
 * 2000 records of 8 MiB lines (or of JSON with 10,000 leaves each) would not fit in memory.
 */
const MAX_BATCH_CHARS = 16 * 1024 * 1024;

/** Collects records field by field until the reader hands the batch on. */
export class BatchBuilder {
  records = 0;
  private chars = 0;
  private values = new Map<string, string[]>();
  private json = new JsonPathValues();
  /** Part of the current record's JSON was left out by the walk limits. */
  private recordTruncated = false;
  private readonly cutter: Utf8Cutter;

  constructor(maxValueBytes: number) {
    this.cutter = new Utf8Cutter(maxValueBytes);
  }

  addValue(field: string, value: string): void {
    let values = this.values.get(field);
    if (values === undefined) {
      if (this.values.size >= MAX_FIELDS_PER_BATCH) return;
      this.values.set(field, (values = []));
    }
    const cut = this.cutter.cut(value);
    values.push(cut);
    this.chars += cut.length;
  }

  /** Walks a JSON object or array into the batch by path; false (nothing added) for anything else. */
  addJson(text: string): boolean {
    const truncatedBefore = this.json.truncated;
    const walked = walkJsonValue(text, this.json);
    if (walked) this.chars += text.length;
    if (this.json.truncated > truncatedBefore) this.recordTruncated = true;
    return walked;
  }

  /** Part of the current record was left out before it reached the builder (a JSON document's record). */
  markTruncated(): void {
    this.recordTruncated = true;
  }

  /** Enough held for one batch, however few its records. */
  get full(): boolean {
    return this.chars >= MAX_BATCH_CHARS;
  }

  /** Ends a record; true when part of its JSON was left out (see `ReadStats.truncatedRecords`). */
  endRecord(): boolean {
    this.records++;
    const truncated = this.recordTruncated;
    this.recordTruncated = false;
    return truncated;
  }

  /** For column-oriented input (Parquet): `count` records whose values were added column by column. */
  endRecords(count: number): void {
    this.records += count;
    this.recordTruncated = false;
  }

  /** The batch so far; the builder starts afresh. */
  take(): RecordBatch {
    const batch: RecordBatch = { records: this.records, values: this.values, keys: new Map() };
    this.mergeJson(batch);
    this.records = 0;
    this.chars = 0;
    this.values = new Map();
    this.json = new JsonPathValues();
    return batch;
  }

  /** JSON paths (`$.…`, `$[…`) do not clash with log keys; a CSV header spelled like one shares the field. */
  private mergeJson(batch: RecordBatch): void {
    for (const [path, values] of this.json.values) {
      const cut = values.map((value) => this.cutter.cut(value));
      const existing = batch.values.get(path);
      if (existing !== undefined) for (const value of cut) existing.push(value);
      else if (batch.values.size < MAX_FIELDS_PER_BATCH) batch.values.set(path, cut);
    }
    for (const [path, keys] of this.json.keys) {
      batch.keys.set(
        path,
        keys.map((key) => this.cutter.cut(key)),
      );
    }
  }
}
