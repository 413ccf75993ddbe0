/**
 * Text cut at line breaks. `complete()` is asked once the text has ended: false when a limit or a
 * broken gzip stream cut it, and then the unfinished last line is dropped rather than read half.
 */

/**
 * Characters of one line (or CSV record) kept; the rest of a longer line is dropped. Bounds memory
 * when a file has no line breaks at all; far above any real log line or `maxValueBytes`.
 */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

/** One line without its `\n` or `\r\n`. */
export interface TextLine {
  text: string;
  /** The line was longer than `MAX_LINE_CHARS`: `text` is its start, the rest was dropped. */
  cut: boolean;
}

/**
 * The line being read: its first `MAX_LINE_CHARS` characters and one more (to tell a line ending in
 * `\r\n` from a longer one), and whether more were dropped.
 */
class PendingLine {
  private text = '';
  private dropped = false;

  get empty(): boolean {
    return this.text.length === 0;
  }

  append(piece: string): void {
    if (this.dropped) return;
    const room = MAX_LINE_CHARS + 1 - this.text.length;
    if (piece.length <= room) {
      this.text += piece;
    } else {
      this.text += piece.slice(0, room);
      this.dropped = true;
    }
  }

  take(): TextLine {
    let text = this.text.endsWith('\r') ? this.text.slice(0, -1) : this.text;
    const cut = this.dropped || text.length > MAX_LINE_CHARS;
    if (cut) text = text.slice(0, MAX_LINE_CHARS);
    this.text = '';
    this.dropped = false;
    return { text, cut };
  }
}

/** Each line of the text. */
export async function* textLines(
  chunks: AsyncIterable<string>,
  complete: () => boolean,
): AsyncGenerator<TextLine> {
  const pending = new PendingLine();
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      pending.append(chunk.slice(start, end));
      start = end + 1;
      yield pending.take();
    }
    pending.append(chunk.slice(start));
  }
  if (!pending.empty && complete()) yield pending.take();
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
