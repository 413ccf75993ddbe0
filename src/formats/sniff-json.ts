/**
 * JSON Lines or one JSON document, from the head of the text: a first line that is a complete JSON
 * value means one record per line; a first line that is not (a pretty-printed or long document)
 * means a document, read by the streaming parser.
 */

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The index past the blanks (and a BOM) from `from`. */
function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === '\ufeff' || /\s/.test(text[i] as string))) i++;
  return i;
}

/**
 * `jsonl`, `json`, or undefined when the text does not start with `{` or `[`. When the first line
 * does not end within the head, `named` (a `.jsonl`/`.ndjson` key) decides; else it is a document.
 */
export function sniffJson(head: string, namedJsonLines = false): 'json' | 'jsonl' | undefined {
  const start = skipBlanks(head, 0);
  const first = head[start];
  if (first !== '{' && first !== '[') return undefined;
  const lineEnd = head.indexOf('\n', start);
  // A head without a line break holds only the start of a long first line.
  if (lineEnd < 0) return namedJsonLines ? 'jsonl' : 'json';
  if (!isJson(head.slice(start, lineEnd))) return 'json';
  if (first === '{') return 'jsonl';
  // A one-line array is a document of records; a second line starting with `[` makes lines of arrays.
  return head[skipBlanks(head, lineEnd)] === '[' ? 'jsonl' : 'json';
}
