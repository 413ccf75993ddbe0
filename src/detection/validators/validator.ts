import type { DetectionOptions } from '../detection-options.js';

/** What a validator sees of one candidate. All strings are JS (UTF-16) strings. */
export interface ValidationInput {
  /** The text the pattern matched. */
  text: string;
  /** Up to CONTEXT_CHARS characters of the same value right before the candidate. */
  before: string;
  /** Up to CONTEXT_CHARS characters of the same value right after the candidate. */
  after: string;
  /** The field's name matched one of the detector's columnNames. */
  columnEvidence: boolean;
  /** One of the detector's context words stands near the candidate. */
  contextEvidence: boolean;
  /** The name of the pattern that matched. */
  pattern: string;
  options: DetectionOptions;
}

export type ValidationResult =
  | {
      valid: true;
      /** Raises the match's score to at least this (a passed checksum makes a match near-certain). */
      score?: number;
      /** Narrows the match to text.slice(start, end): later validators and the finding see only that. */
      trim?: { start: number; end: number };
    }
  | { valid: false; reason: string };

/** A named, pure check; referenced from detector files by `name`. */
export interface Validator {
  name: string;
  description: string;
  validate(input: ValidationInput): ValidationResult;
}

export const VALID: ValidationResult = Object.freeze({ valid: true });

export function invalid(reason: string): ValidationResult {
  return { valid: false, reason };
}

/** How much context validators get on each side of a candidate. */
export const CONTEXT_CHARS = 32;

const ALNUM = /[\p{L}\p{N}]/u;

/**
 * True when `text` is not glued to a longer token: the characters right before and after are not
 * letters/digits, and not a connector (`-`, `.`, `_`, `/`, `:` ...) followed by more of the token.
 * RE2 has no lookaround, so patterns use \b and validators call this for the stricter rule.
 */
export function standsAlone(before: string, after: string, connectors = '-._/:'): boolean {
  const prev = before.at(-1);
  const next = after[0];
  if (prev !== undefined && ALNUM.test(prev)) return false;
  if (next !== undefined && ALNUM.test(next)) return false;
  if (prev !== undefined && connectors.includes(prev)) {
    const prevPrev = before.at(-2);
    if (prevPrev !== undefined && ALNUM.test(prevPrev)) return false;
  }
  if (next !== undefined && connectors.includes(next)) {
    const nextNext = after[1];
    if (nextNext !== undefined && ALNUM.test(nextNext)) return false;
  }
  return true;
}

export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}
