import { binarySignature } from './binary-signatures.js';
import { gunzipHead, isGzip } from './gzip.js';
import { keyExtension } from './object-key-extension.js';
import { sniffDelimited } from './sniff-delimited.js';
import { sniffJson } from './sniff-json.js';
import { textProblem } from './text-sniff.js';

export type RecordFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'text' | 'parquet';

export type FormatChoice = { format: RecordFormat; gzip: boolean } | { skipped: string };

/** Bytes of an object's start that `chooseFormat` wants to see. */
export const SNIFF_BYTES = 8192;

const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31]; // `PAR1`
const JSON_LINES_EXTENSIONS = new Set(['jsonl', 'ndjson']);
const JSON_EXTENSIONS = new Set(['json', 'jsonl', 'ndjson', 'geojson', 'jsonld']);
const CSV_EXTENSIONS = new Set(['csv']);
const TSV_EXTENSIONS = new Set(['tsv', 'tab']);
/** Logs and prose: their lines may hold commas or tabs without being tables. */
const TEXT_EXTENSIONS = new Set(['log', 'txt', 'text', 'out', 'err', 'trace', 'md']);

function isParquet(head: Uint8Array): boolean {
  return PARQUET_MAGIC.every((byte, i) => head[i] === byte);
}

/** The format of decoded text: content decides JSON; the extension, else a header sniff, tables. */
function textFormat(extension: string, text: string): RecordFormat {
  const json = sniffJson(text, JSON_LINES_EXTENSIONS.has(extension));
  if (json !== undefined) return json;
  if (CSV_EXTENSIONS.has(extension)) return sniffDelimited(text) === 'tsv' ? 'tsv' : 'csv';
  if (TSV_EXTENSIONS.has(extension)) return 'tsv';
  if (TEXT_EXTENSIONS.has(extension) || JSON_EXTENSIONS.has(extension)) return 'text';
  return sniffDelimited(text) ?? 'text';
}

/**
 * How to read an object, from its key and its first bytes (`SNIFF_BYTES`, fewer for a smaller
 * object): gzip by magic bytes (a `.gz` name alone proves nothing), Parquet by `PAR1`, then known
 * binary signatures and non-UTF-8 content are skipped with a reason, and text is JSON Lines, a
 * JSON document, CSV/TSV or plain text. A rotated `app.log.2.gz` is a `.log`.
 */
export function chooseFormat(key: string, head: Uint8Array): FormatChoice {
  const extension = keyExtension(key);
  const gzip = isGzip(head);
  const content = gzip ? gunzipHead(head) : head;
  if (content === undefined) return { skipped: 'corrupt gzip data' };
  if (content.length === 0) return { skipped: 'empty content' };
  if (isParquet(content))
    return gzip ? { skipped: 'gzip-compressed Parquet (not supported)' } : { format: 'parquet', gzip };
  if (extension === 'parquet') return { skipped: 'not a Parquet file (no PAR1 magic bytes)' };
  const binary = binarySignature(content);
  if (binary !== undefined) return { skipped: `binary content (${binary})` };
  const problem = textProblem(content);
  if (problem !== undefined) return { skipped: problem };
  const text = new TextDecoder().decode(content, { stream: true });
  return { format: textFormat(extension, text), gzip };
}
