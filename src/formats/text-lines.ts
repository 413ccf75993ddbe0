/**
 * Text cut at line breaks. `complete()` is asked once the text has ended: false when a limit or a
 * broken gzip stream cut it, and then the unfinished last line is dropped rather than read half.
 */

/**
 * Characters of one line (or CSV record) kept; the rest of a longer line is dropped. Bounds memory
 * when a file has no line breaks at all; far above any real log line or `maxValueBytes`.
 */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

function appendCapped(start: string, piece: string): string {
  if (start.length >= MAX_LINE_CHARS) return start;
  const joined = start + piece;
  return joined.length > MAX_LINE_CHARS ? joined.slice(0, MAX_LINE_CHARS) : joined;
}

const withoutCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

/** Each line without its `\n` or `\r\n`. */
export async function* textLines(
  chunks: AsyncIterable<string>,
  complete: () => boolean,
): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      const line = appendCapped(pending, chunk.slice(start, end));
      pending = '';
      start = end + 1;
      yield withoutCr(line);
    }
    pending = appendCapped(pending, chunk.slice(start));
  }
  if (pending.length > 0 && complete()) yield withoutCr(pending);
}

/**
 * The same text in chunks that end at a line break, for a parser that keeps its own state across
 * chunks (csv-parse): a record cut by a limit then never reaches it. Text held back without a line
 * break is let through past `MAX_LINE_CHARS`, for the parser's own record-size limit to stop.
 */
export async function* wholeLineChunks(
  chunks: AsyncIterable<string>,
  complete: () => boolean,
): AsyncGenerator<string> {
  let held = '';
  for await (const chunk of chunks) {
    const lastBreak = chunk.lastIndexOf('\n');
    if (lastBreak < 0 && held.length + chunk.length <= MAX_LINE_CHARS) {
      held += chunk;
      continue;
    }
    const cut = lastBreak < 0 ? chunk.length : lastBreak + 1;
    yield held + chunk.slice(0, cut);
    held = chunk.slice(cut);
  }
  if (held.length > 0 && complete()) yield held;
}
