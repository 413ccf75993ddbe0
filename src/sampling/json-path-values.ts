import { isIdLikeKey } from './json-map-keys.js';
import { ARRAY_ITEMS, MAP_ENTRIES, ROOT_PATH, keySegment } from './json-path-syntax.js';

/**
 * One normalised path in the tree of paths seen so far. Paths are built and keys classified once
 * per distinct path, not once per text: JSON log lines repeat the same shape line after line.
 */
export class JsonPathNode {
  values: string[] | undefined;
  keys: string[] | undefined;
  private fields: Map<string, JsonPathNode> | undefined;
  private itemsNode: JsonPathNode | undefined;
  private entriesNode: JsonPathNode | undefined;

  constructor(readonly path: string) {}

  /** Every item of an array at this path: `path[*]`. */
  items(): JsonPathNode {
    return (this.itemsNode ??= new JsonPathNode(this.path + ARRAY_ITEMS));
  }

  /** Every entry of a map-like object at this path: `path.*`. */
  entries(): JsonPathNode {
    return (this.entriesNode ??= new JsonPathNode(this.path + MAP_ENTRIES));
  }

  /** The child for a key already classified as a field name, else undefined. */
  knownField(key: string): JsonPathNode | undefined {
    return this.fields?.get(key);
  }

  /** The child for a field-name key (classified once, then remembered), or undefined for an id. */
  field(key: string): JsonPathNode | undefined {
    const known = this.fields?.get(key);
    if (known !== undefined || isIdLikeKey(key)) return known;
    const child = new JsonPathNode(this.path + keySegment(key));
    (this.fields ??= new Map()).set(key, child);
    return child;
  }
}

/**
 * Where walked JSON texts land, shared across the texts of one field (a column's sampled rows, a
 * log's lines); make a new one per batch rather than clearing the maps. Both maps keep document
 * order and every occurrence (no dedup), so per-path counts stay true; being `Map`s, a key like
 * `__proto__` is just a key.
 */
export class JsonPathValues {
  /** Leaf values per normalised path: strings as they are (`''` too), numbers as decimal text. */
  readonly values = new Map<string, string[]>();
  /**
   * The raw object keys that became `*`, per collapsed path (the path that ends in `.*`):
   * `{"users":{"jane@x.com":{…}}}` → `"$.users.*" → ["jane@x.com"]`. Keys can be PII in
   * themselves: run detection over them as their own field.
   */
  readonly keys = new Map<string, string[]>();
  /** Texts walked (valid JSON objects and arrays). */
  texts = 0;
  /** Texts of which part was left out: `maxLeaves` reached or nesting deeper than `maxDepth`. */
  truncated = 0;
  /** The path tree behind the maps (for the walker). */
  readonly root = new JsonPathNode(ROOT_PATH);

  addValue(node: JsonPathNode, text: string): void {
    if (node.values === undefined) this.values.set(node.path, (node.values = []));
    node.values.push(text);
  }

  addKey(node: JsonPathNode, key: string): void {
    if (node.keys === undefined) this.keys.set(node.path, (node.keys = []));
    node.keys.push(key);
  }
}
