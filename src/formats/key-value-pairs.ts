import { isIdLikeKey } from '../sampling/json-map-keys.js';

/**
 * `key=value`, `key="quoted value"` and `key='v'` pairs in a log line, and the text around them.
 * A hand-written scanner rather than a regex: every character is looked at a bounded number of
 * times, so a hostile line cannot make it slow.
 */
export interface LinePairs {
  pairs: [key: string, value: string][];
  /** The words that are not pairs, joined by single spaces; `''` when none. */
  rest: string;
}

const MAX_KEY_LENGTH = 64;

const isSpace = (char: string | undefined): boolean =>
  char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\f' || char === '\v';

function isKeyStart(char: string | undefined): boolean {
  return char !== undefined && ((char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_');
}

function isKeyChar(char: string | undefined): boolean {
  return (
    isKeyStart(char) || (char !== undefined && ((char >= '0' && char <= '9') || char === '.' || char === '-'))
  );
}

/** The index past the word (no blanks) that starts at `from`. */
function wordEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length && !isSpace(line[i])) i++;
  return i;
}

const ESCAPED = /\\(.)/gs;

/** A quoted value that starts at `line[from]` (the quote): its text and the index past it. */
function quotedValue(line: string, from: number): [value: string, next: number] {
  const quote = line[from];
  let i = from + 1;
  let escapes = false;
  // A backslash escapes the next character (`\"`, `\\`); an unclosed quote runs to the line's end.
  for (; i < line.length && line[i] !== quote; i++) {
    if (line[i] === '\\') {
      escapes = true;
      i++;
    }
  }
  const value = line.slice(from + 1, Math.min(i, line.length));
  return [escapes ? value.replace(ESCAPED, '$1') : value, i + 1];
}

/** The pair that starts at `from`, or undefined when the word there is not one. */
function pairAt(line: string, from: number): [key: string, value: string, next: number] | undefined {
  if (!isKeyStart(line[from])) return undefined;
  let i = from + 1;
  while (i < line.length && isKeyChar(line[i]) && i - from <= MAX_KEY_LENGTH) i++;
  if (line[i] !== '=' || i - from > MAX_KEY_LENGTH) return undefined;
  const key = line.slice(from, i);
  // A key that is an id (a hash, a token) would put PII-like text into a field name: it stays text.
  if (isIdLikeKey(key)) return undefined;
  const start = i + 1;
  if (line[start] === '"' || line[start] === "'") return [key, ...quotedValue(line, start)];
  const end = wordEnd(line, start);
  return [key, line.slice(start, end), end];
}

export function splitPairs(line: string): LinePairs {
  const pairs: [string, string][] = [];
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (isSpace(line[i])) {
      i++;
      continue;
    }
    const pair = pairAt(line, i);
    if (pair !== undefined) {
      const [key, value, next] = pair;
      if (value !== '') pairs.push([key, value]);
      i = next;
    } else {
      const end = wordEnd(line, i);
      words.push(line.slice(i, end));
      i = end;
    }
  }
  return { pairs, rest: words.join(' ') };
}
