import { isGeneratedId } from './generated-id.js';

/**
 * The variable parts of a key's text — dates, times, numbers, ids — replaced by `*`. Every digit
 * run counts (`part-0001` → `part-*`, `v2` → `v*`), so a name stays one pattern whatever numbers
 * its partitions carry. One pass over the text; the one expression is simple and linear.
 */

/**
 * Spans collapsed whole before the text is cut into words, because they hold letters that would
 * otherwise survive: UUIDs (`e29b` between hyphens) and ISO date-times (`T`, `Z`).
 */
const VARIABLE_SPANS = new RegExp(
  [
    '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
    '[0-9]{4}-?[0-9]{2}-?[0-9]{2}[Tt][0-9]{2}(?::?[0-9]{2}){0,2}(?:[.,][0-9]+)?(?:[Zz]|[+-][0-9]{2}(?::?[0-9]{2})?)?',
  ].join('|'),
  'g',
);
const NON_ASCII_WORD_CHAR = /[\p{L}\p{N}]/u;
/** Shorter words are never ids (hex ids start at 8 characters). */
const MIN_ID_LENGTH = 8;

/** `events-2026-11-23-0001` → `events-*`; `2026-11-23T10:00:00Z` → `*`; `summary` → `summary`. */
export function collapseVariableText(text: string): string {
  // Every variable part holds a digit.
  if (!/[0-9]/.test(text)) return text;
  const out = new WildcardWriter();
  let done = 0;
  // exec with lastIndex rather than matchAll, which copies the expression on every call.
  VARIABLE_SPANS.lastIndex = 0;
  for (let span = VARIABLE_SPANS.exec(text); span !== null; span = VARIABLE_SPANS.exec(text)) {
    writeWords(text, done, span.index, out);
    out.variable();
    done = VARIABLE_SPANS.lastIndex;
  }
  writeWords(text, done, text.length, out);
  return out.text();
}

/** Words (letters and digits of any script) and the separators between them, from start to end. */
function writeWords(text: string, start: number, end: number, out: WildcardWriter): void {
  let runStart = start;
  while (runStart < end) {
    const inWord = isWordChar(text.charCodeAt(runStart));
    let runEnd = runStart + 1;
    while (runEnd < end && isWordChar(text.charCodeAt(runEnd)) === inWord) runEnd++;
    const run = text.slice(runStart, runEnd);
    if (!inWord) out.separator(run);
    else if (run.length >= MIN_ID_LENGTH && isGeneratedId(run)) out.variable();
    else writeDigitRuns(run, out);
    runStart = runEnd;
  }
}

function writeDigitRuns(word: string, out: WildcardWriter): void {
  let runStart = 0;
  while (runStart < word.length) {
    const digits = isDigit(word.charCodeAt(runStart));
    let runEnd = runStart + 1;
    while (runEnd < word.length && isDigit(word.charCodeAt(runEnd)) === digits) runEnd++;
    if (digits) out.variable();
    else out.word(word.slice(runStart, runEnd));
    runStart = runEnd;
  }
}

/** Writes `*` for variables; variables separated only by punctuation become one: `*-*-*.json` → `*.json`. */
class WildcardWriter {
  #out = '';
  /** Punctuation after a variable, held back: dropped if another variable follows. */
  #heldSeparator = '';
  #afterVariable = false;

  variable(): void {
    if (!this.#afterVariable) this.#out += '*';
    this.#heldSeparator = '';
    this.#afterVariable = true;
  }

  separator(text: string): void {
    if (this.#afterVariable) this.#heldSeparator += text;
    else this.#out += text;
  }

  word(text: string): void {
    this.#out += this.#heldSeparator + text;
    this.#heldSeparator = '';
    this.#afterVariable = false;
  }

  text(): string {
    return this.#out + this.#heldSeparator;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isWordChar(code: number): boolean {
  if (code < 128) return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  // Surrogate halves belong to letters outside the BMP; splitting them would break the text.
  if (code >= 0xd800 && code <= 0xdfff) return true;
  return NON_ASCII_WORD_CHAR.test(String.fromCharCode(code));
}
