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

export function compileRegexSet(sources: readonly string[]): CompiledRegexSet {
  try {
    return new RE2.Set(sources, 'u');
  } catch (error) {
    throw new RegexSyntaxError(`RE2 cannot compile the pattern set: ${(error as Error).message}`);
  }
}

/** Escapes a literal (a context word) for use inside a pattern. */
export function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => (c === '-' ? '\\x2d' : `\\${c}`));
}
