/**
 * A batch of records read from a file or object, by field: the shape detection consumes (values
 * per field), so a column-oriented format (Parquet) never has to be turned into rows.
 */
export interface RecordBatch {
  /** Records this batch holds. */
  records: number;
  /**
   * Non-null values per field, in record order: CSV header names; JSON paths (`$.user.email`,
   * `$.items[*].sku`, map-like objects collapsed to `$.users.*`); `key=value` log keys; `$text`
   * for the unstructured rest of a log line.
   */
  values: Map<string, string[]>;
  /**
   * Object keys that were collapsed because the object was map-like (ids, emails as keys), by the
   * path of the collapsed entries (`$.users.*`): they can be PII themselves.
   */
  keys: Map<string, string[]>;
}
