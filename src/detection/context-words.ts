import { escapeLiteral } from './regex.js';

const ASCII_WORD = /^[A-Za-z0-9_]$/;

/**
 * A case-insensitive pattern source for a list of context words, spelled with character classes
 * ([sS][sS][nN]) rather than an inline (?i) flag so it can sit inside one combined alternation
 * with case-sensitive patterns. Word boundaries go only where the word starts/ends with an ASCII
 * word character (\b is ASCII-only); spaces inside a phrase also match `_`, `-` and `.`.
 */
export function contextWordsSource(words: readonly string[]): string | null {
  const alternatives = [...new Set(words.map((word) => word.trim().toLowerCase()).filter(Boolean))].map(
    phraseSource,
  );
  return alternatives.length > 0 ? alternatives.join('|') : null;
}

function phraseSource(phrase: string): string {
  const chars = [...phrase];
  const body = chars.map(charSource).join('');
  const open = ASCII_WORD.test(chars[0] ?? '') ? '\\b' : '';
  const close = ASCII_WORD.test(chars.at(-1) ?? '') ? '\\b' : '';
  return `${open}${body}${close}`;
}

function charSource(char: string): string {
  if (char === ' ') return '[ _.-]?';
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  if (lower !== upper && [...upper].length === 1 && [...lower].length === 1) return `[${lower}${upper}]`;
  return escapeLiteral(char);
}
