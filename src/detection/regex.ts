/**
 * The one module that touches the regex engine. Detector patterns are data from files users can
 * write, so they only ever run on RE2 (linear time, no catastrophic backtracking); a pattern RE2
 * cannot compile is a detector error, never a silent fallback to V8's backtracking engine.
 */
import RE2 from 're2';

/** The subset of a compiled RE2 the engine uses. Offsets on Buffer input are UTF-8 byte offsets. */
export interface CompiledRegex {
  lastIndex: number;
  readonly source: string;
  exec(input: Buffer): { index: number; 0: Buffer } | null;
  test(input: Buffer | string): boolean;
}

/**
 * Finds, from `lastIndex`, the earliest-starting match of any of several alternatives and sets
 * `lastIndex` just past it. Built as a sticky `\C*?(?:…)`: RE2 then runs only its forward DFA
 * (no reverse pass to find where the match starts, no match objects), which keeps one combined
 * pass over a large batch fast even when the alternation is big.
 */
export interface CompiledScanner {
  lastIndex: number;
  test(input: Buffer): boolean;
}

/** Answers only "does any alternative match somewhere in this input?". */
export interface CompiledProbe {
  test(input: Buffer): boolean;
}

/** Which of several patterns match somewhere in an input (RE2::Set). */
export interface CompiledRegexSet {
  match(input: Buffer | string): number[];
}

/** Thrown with a reason a person can act on; callers add the subject (detector, pattern). */
export class RegexSyntaxError extends Error {}

const LOOKAROUND = /\(\?<?[=!]/;
const BACKREFERENCE = /\\[1-9]|\\k</;

export function explainRegexFailure(source: string, engineMessage: string): string {
  if (LOOKAROUND.test(source)) {
    return 'RE2 does not support lookaround ((?=, (?!, (?<=, (?<!); move the boundary rule into a validator';
  }
  if (BACKREFERENCE.test(source)) {
    return 'RE2 does not support backreferences (\\1, \\k<name>); match each variant explicitly or check it in a validator';
  }
  return `RE2 cannot compile it: ${engineMessage}`;
}

/** Compiles `source` for global searching; throws RegexSyntaxError with an actionable reason. */
export function compileRegex(source: string, { caseInsensitive = false } = {}): CompiledRegex {
  try {
    return new RE2(source, caseInsensitive ? 'giu' : 'gu') as unknown as CompiledRegex;
  } catch (error) {
    throw new RegexSyntaxError(explainRegexFailure(source, (error as Error).message));
  }
}

/**
 * Compiled passes by source, per thread: the plans of a scan's fields (one per column name and look
 * sampling level) mostly ask for the same alternations, and an RE2 compile of a big one costs
 * milliseconds. Sharing a scanner is safe: its one piece of state, lastIndex, is set before each
 * synchronous use. Bounded, for long-lived processes that load other detector sets.
 */
const MAX_COMPILED = 512;
const compiled = new Map<string, CompiledScanner | CompiledProbe | CompiledRegexSet>();

function memoized<T extends CompiledScanner | CompiledProbe | CompiledRegexSet>(
  kind: string,
  sources: readonly string[],
  compile: () => T,
): T {
  const key = `${kind}\u0000${sources.join('\u0000')}`;
  let regex = compiled.get(key) as T | undefined;
  if (regex === undefined) {
    regex = compile();
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(key, regex);
  }
  return regex;
}

export function compileScanner(alternatives: readonly string[]): CompiledScanner {
  return memoized(
    'scanner',
    alternatives,
    () =>
      new RE2(
        `\\C*?(?:${alternatives.map((a) => `(?:${a})`).join('|')})`,
        'yu',
      ) as unknown as CompiledScanner,
  );
}

export function compileProbe(alternatives: readonly string[]): CompiledProbe {
  return memoized(
    'probe',
    alternatives,
    () => new RE2(alternatives.map((a) => `(?:${a})`).join('|'), 'u') as unknown as CompiledProbe,
  );
}

/**
 * A pattern without its start/end anchors (^ $ \A \z): a superset of what it matches, for the
 * batch-wide prefilter, where a value does not start at the start of the text. The exact pattern
 * runs afterwards on the value alone.
 */
export function withoutAnchors(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (next === 'A' || next === 'z')) out += '(?:)';
      else out += char + next;
      i++;
    } else if (inClass) {
      if (char === ']') inClass = false;
      out += char;
    } else if (char === '[') {
      inClass = true;
      out += char;
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
    } else {
      out += char === '^' || char === '$' ? '(?:)' : char;
    }
  }
  return out;
}

/** `\C` matches any byte, including the separator between values, so patterns may not use it. */
export function usesAnyByte(source: string): boolean {
  return /(?:^|[^\\])(?:\\\\)*\\C/.test(source);
}

export function compileRegexSet(sources: readonly string[]): CompiledRegexSet {
  return memoized('set', sources, () => {
    try {
      return new RE2.Set(sources, 'u');
    } catch (error) {
      throw new RegexSyntaxError(`RE2 cannot compile the pattern set: ${(error as Error).message}`);
    }
  });
}

/** Escapes a literal (a context word) for use inside a pattern. */
export function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => (c === '-' ? '\\x2d' : `\\${c}`));
}
