import { FieldTally } from '../classification/field-tally.js';
import { type JsonPathValues, walkJsonValue } from '../sampling/json-paths.js';

/** A field's tallies: '' for its own values, one per JSON path, `<path>#keys` for collapsed object keys. */
export class ColumnTallies {
  readonly byPath = new Map<string, FieldTally>();

  constructor(private readonly keepExamples: boolean) {}

  get(path: string): FieldTally {
    let tally = this.byPath.get(path);
    if (tally === undefined) {
      tally = new FieldTally(this.keepExamples);
      this.byPath.set(path, tally);
    }
    return tally;
  }

  /** Whether another distinct path may be added (bounds memory on map-like data). */
  roomFor(path: string): boolean {
    return this.byPath.has(path) || this.byPath.size < MAX_PATHS_PER_FIELD;
  }
}

/** Distinct JSON paths tracked per field; the rest of a document's paths are dropped. */
export const MAX_PATHS_PER_FIELD = 500;

/** Whether a value starts, after whitespace, like a JSON document (an object or an array). */
export function looksLikeJson(value: string): boolean {
  const first = value.trimStart()[0];
  return first === '{' || first === '[';
}

/** JSON documents (objects or arrays) among a column's values are walked by path; the rest are text. */
export function splitJson(values: readonly string[], walkAll: boolean, out: JsonPathValues): string[] {
  const plain: string[] = [];
  for (const value of values) {
    if (!(walkAll || looksLikeJson(value)) || !walkJsonValue(value, out)) plain.push(value);
  }
  return plain;
}
