import type { BatchBuilder } from './batch-builder.js';
import type { RecordWriter } from './batch-records.js';
import { hasDamagedText } from './damaged-text.js';
import { splitPairs } from './key-value-pairs.js';
import type { TextLine } from './text-lines.js';

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
 * How a line was read: `json` walked whole; `text` read as below; `brokenJson` started with `{` or
 * `[` but did not parse, so was read as text; `blank` held nothing.
 */
export type LogLineRead = 'json' | 'text' | 'brokenJson' | 'blank';

/**
 * One line of a log (or of JSON Lines) as one record: a JSON object or array is walked by path; a
 * prefix followed by a JSON object has the JSON walked and the prefix read as below; `key=value`
 * pairs become fields named by the key; what remains goes to `$text`.
 */
export function writeLogLine(line: string, builder: BatchBuilder): LogLineRead {
  const first = line.trimStart()[0];
  if (first === undefined) return 'blank';
  const jsonLike = first === '{' || first === '[';
  if (jsonLike && builder.addJson(line)) return 'json';
  const jsonStart = jsonTailStart(line, builder);
  const { pairs, rest } = splitPairs(jsonStart < 0 ? line : line.slice(0, jsonStart));
  for (const [key, value] of pairs) builder.addValue(key, value);
  if (rest !== '') builder.addValue(TEXT_FIELD, rest);
  return jsonLike ? 'brokenJson' : 'text';
}

/**
 * Lines as records. Malformed: a line cut at `MAX_LINE_CHARS`, one holding U+FFFD or NUL, and in
 * JSON Lines one that starts like JSON but does not parse (a log line may well start with `{`).
 */
export function lineRecordWriter(format: 'jsonl' | 'text'): RecordWriter<TextLine> {
  return (line, builder) => {
    const read = writeLogLine(line.text, builder);
    if (read === 'blank') return 'none';
    const brokenJson = format === 'jsonl' && read === 'brokenJson';
    return line.cut || brokenJson || hasDamagedText(line.text) ? 'malformed' : 'record';
  };
}
