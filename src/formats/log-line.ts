import type { BatchBuilder } from './batch-builder.js';
import { splitPairs } from './key-value-pairs.js';

/** `$text`: the unstructured rest of a log line, once JSON and `key=value` pairs are taken out. */
export const TEXT_FIELD = '$text';

/** `{` positions tried as the start of a JSON tail; each try is one linear parse. */
const MAX_JSON_STARTS = 4;

/** The index where a JSON object ending the line starts (`… INFO {"user":…}`), else -1. */
function jsonTailStart(line: string, builder: BatchBuilder): number {
  if (!line.trimEnd().endsWith('}')) return -1;
  let start = line.indexOf('{');
  for (let tries = 0; start >= 0 && tries < MAX_JSON_STARTS; tries++) {
    if (builder.addJson(line.slice(start))) return start;
    start = line.indexOf('{', start + 1);
  }
  return -1;
}

/**
 * One line of a log (or of JSON Lines) as one record: a JSON object or array is walked by path; a
 * prefix followed by a JSON object has the JSON walked and the prefix read as below; `key=value`
 * pairs become fields named by the key; what remains goes to `$text`. False for a blank line.
 */
export function writeLogLine(line: string, builder: BatchBuilder): boolean {
  const first = line.trimStart()[0];
  if (first === undefined) return false;
  if ((first === '{' || first === '[') && builder.addJson(line)) return true;
  const jsonStart = jsonTailStart(line, builder);
  const { pairs, rest } = splitPairs(jsonStart < 0 ? line : line.slice(0, jsonStart));
  for (const [key, value] of pairs) builder.addValue(key, value);
  if (rest !== '') builder.addValue(TEXT_FIELD, rest);
  return true;
}
