import { type Token, jsonParser } from 'stream-json/parser.js';
import { JsonRecordText, type JsonRecordTextLimits } from './json-record-text.js';

/**
 * The parser drops every token of a call that throws, so text is handed to it in pieces that end
 * at each `}` or `]` (and at most `PIECE_CHARS` long): a record that closed before invalid JSON was
 * then always emitted by an earlier call, and is kept.
 */
const PIECE_CHARS = 4096;

function* pieces(chunk: string): Generator<string> {
  const closer = /[}\]]/g; // one per chunk: a shared `lastIndex` would mix up concurrent reads
  let start = 0;
  while (start < chunk.length) {
    const match = closer.exec(chunk);
    const end = Math.min(match === null ? chunk.length : match.index + 1, start + PIECE_CHARS);
    yield chunk.slice(start, end);
    start = end;
    closer.lastIndex = end;
  }
}

/** One record's JSON text, and whether the limits left part of it out (`JsonRecordText.truncated`). */
export interface JsonDocumentRecord {
  text: string;
  truncated: boolean;
}

export interface JsonDocumentEnd {
  /** The JSON is invalid at some point; the records before it were yielded. */
  onInvalid(reason: string): void;
}

/**
 * Splits one JSON document (or several concatenated: `{…}{…}`, pretty-printed JSON Lines) into
 * record texts for the walker. A top-level array's items are the records, each as `[item]` so
 * their paths are `$[*]…`; a top-level object is one record. Streaming, so an array larger than the
 * bytes read yields the items before the cut (the cut item is dropped); an object cut short (or
 * invalid part way) is kept as far as it was read. Top-level strings and numbers are no records.
 */
export async function* jsonDocumentRecords(
  chunks: AsyncIterable<string>,
  limits: JsonRecordTextLimits,
  end: JsonDocumentEnd,
): AsyncGenerator<JsonDocumentRecord> {
  const parser = jsonParser({ jsonStreaming: true, packValues: true, streamValues: false });
  let inArray = false;
  let record: JsonRecordText | undefined;

  /** The record text a token completes, if any. */
  const step = (token: Token): JsonDocumentRecord | undefined => {
    if (record !== undefined) {
      record.write(token);
      if (!record.done) return undefined;
      const text = record.text();
      const { truncated } = record;
      record = undefined;
      return { text: inArray ? `[${text}]` : text, truncated };
    }
    if (token.name === 'startArray' && !inArray) inArray = true;
    else if (token.name === 'endArray' && inArray) inArray = false;
    else if (token.name === 'startObject' || token.name === 'startArray') {
      record = new JsonRecordText(limits);
      record.write(token);
    } else if (inArray) {
      // A scalar item of a top-level array: a record of one value.
      const item = new JsonRecordText(limits);
      item.write(token);
      return { text: `[${item.text()}]`, truncated: false };
    }
    return undefined;
  };

  reading: for await (const chunk of chunks) {
    for (const piece of pieces(chunk)) {
      let tokens: Token[];
      try {
        const parsed = parser(piece);
        tokens = typeof parsed === 'symbol' ? [] : parsed.values;
      } catch {
        end.onInvalid('invalid JSON');
        break reading;
      }
      for (const token of tokens) {
        const done = step(token);
        if (done !== undefined) yield done;
      }
    }
  }
  if (record !== undefined && !inArray) yield { text: record.text(), truncated: record.truncated };
}
