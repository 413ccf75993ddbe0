import { type JsonPathNode, JsonPathValues } from './json-path-values.js';

export { lastKeyOf } from './json-path-syntax.js';
export { JsonPathValues };

export interface JsonWalkLimits {
  /** Path segments a kept leaf or key may have; deeper parts are skipped. Default 64, at most 1000. */
  maxDepth?: number;
  /** Leaves plus collapsed keys taken from one text; the walk stops there. Default 10,000. */
  maxLeaves?: number;
  /** An object with more keys than this is a map whatever its keys look like. Default 256. */
  maxObjectKeys?: number;
}

/** The default limits of a walk (what `truncated` counts texts cut by). */
export const JSON_WALK_LIMITS = { maxDepth: 64, maxLeaves: 10_000, maxObjectKeys: 256 } as const;
/** The walk recurses once per level: far below any stack limit. */
const DEPTH_CEILING = 1000;

/** Integers this long lose digits as JS numbers (2^53 has 16): keep their text by parsing them as strings. */
const LONG_DIGIT_RUN = /\d{16}/;
const STRING_OR_NUMBER = /"[^"\\]*(?:\\.[^"\\]*)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Only for valid JSON: there every string match closes, so the scan is linear. */
function quoteLongNumbers(json: string): string {
  return json.replace(STRING_OR_NUMBER, (token) =>
    token.charCodeAt(0) !== 0x22 && LONG_DIGIT_RUN.test(token) ? `"${token}"` : token,
  );
}

function tryParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined; // SyntaxError; JSON.parse does not recurse, so deep nesting is no RangeError
  }
}

/** Objects and arrays only; anything else (or invalid JSON) is `undefined`. */
function parseContainer(text: string): object | undefined {
  let start = 0;
  while (start < text.length && /[\s\ufeff]/.test(text[start] as string)) start++;
  const first = text.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b) return undefined; // `{` or `[`: skip parsing plain text
  const json = start > 0 ? text.slice(start) : text;
  const parsed = tryParse(json);
  if (parsed === undefined || !LONG_DIGIT_RUN.test(json)) return parsed as object | undefined;
  return (tryParse(quoteLongNumbers(json)) ?? parsed) as object;
}

class Walk {
  leavesLeft: number;
  truncated = false;

  constructor(
    private readonly out: JsonPathValues,
    private readonly maxDepth: number,
    maxLeaves: number,
    private readonly maxObjectKeys: number,
  ) {
    this.leavesLeft = maxLeaves;
  }

  node(value: unknown, at: JsonPathNode, depth: number): void {
    if (typeof value === 'string') this.addValue(at, value);
    else if (typeof value === 'number') this.addValue(at, String(value));
    // Booleans and null hold no PII: skipped.
    else if (typeof value !== 'object' || value === null) return;
    else if (depth >= this.maxDepth) this.truncated = true;
    else if (Array.isArray(value)) this.array(value, at.items(), depth + 1);
    else this.object(value as Record<string, unknown>, at, depth + 1);
  }

  /** False (and the text marked truncated) once `maxLeaves` is used up. */
  private hasRoom(): boolean {
    if (this.leavesLeft > 0) return true;
    this.truncated = true;
    return false;
  }

  private array(items: readonly unknown[], itemsAt: JsonPathNode, depth: number): void {
    for (let i = 0; i < items.length && this.hasRoom(); i++) this.node(items[i], itemsAt, depth);
  }

  private object(object: Record<string, unknown>, at: JsonPathNode, depth: number): void {
    const keys = Object.keys(object);
    // A map: too many keys to be field names, or most keys are ids; then every key is `*`.
    let isMap = keys.length > this.maxObjectKeys;
    if (!isMap) {
      let ids = 0;
      for (const key of keys) if (at.field(key) === undefined) ids++;
      isMap = ids * 2 > keys.length;
    }
    for (let i = 0; i < keys.length && this.hasRoom(); i++) {
      const key = keys[i] as string;
      const field = isMap ? undefined : at.knownField(key);
      if (field !== undefined) this.node(object[key], field, depth);
      else {
        const entries = at.entries();
        this.out.addKey(entries, key);
        this.leavesLeft--;
        this.node(object[key], entries, depth);
      }
    }
  }

  private addValue(at: JsonPathNode, text: string): void {
    if (!this.hasRoom()) return;
    this.leavesLeft--;
    this.out.addValue(at, text);
  }
}

/**
 * Parses one JSON text and appends each leaf to `out` under its normalised path (see
 * json-path-syntax.ts): strings as they are, numbers as decimal text (integers of 16+ digits as
 * written); booleans and null are skipped. Keys that are ids (numbers, dates, UUIDs, hex hashes,
 * emails, random tokens, over-long text) become `*`, and so do all keys of an object where most
 * keys are ids or that has more than `maxObjectKeys` keys; the raw keys go to `out.keys`.
 *
 * Returns false, adding nothing, when the text is not valid JSON or is not an object or array.
 * Pure apart from `out`; never throws on hostile input (deep nesting, huge arrays, `__proto__`).
 */
export function walkJsonValue(text: string, out: JsonPathValues, limits: JsonWalkLimits = {}): boolean {
  const root = parseContainer(text);
  if (root === undefined) return false;
  const maxDepth = Math.min(limits.maxDepth ?? JSON_WALK_LIMITS.maxDepth, DEPTH_CEILING);
  const walk = new Walk(
    out,
    maxDepth,
    limits.maxLeaves ?? JSON_WALK_LIMITS.maxLeaves,
    limits.maxObjectKeys ?? JSON_WALK_LIMITS.maxObjectKeys,
  );
  walk.node(root, out.root, 0);
  out.texts++;
  if (walk.truncated) out.truncated++;
  return true;
}
