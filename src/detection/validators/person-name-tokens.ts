import { isGivenName, isSurname } from './person-name-lists.js';

/**
 * The word-level grammar shared by the person-name validators: a match is split into tokens
 * (with their offsets), and each token is judged against the packaged name lists.
 */
export interface NameToken {
  text: string;
  start: number;
  end: number;
}

/** Lower-case name particles that may stand before a surname ("van der Meer", "de la Cruz"). */
const PARTICLES = wordSet('van von de der den del della di da du dos le la ter ten zu');

const TITLES = wordSet('mr mrs ms mx miss dr prof herr frau mme mlle sr sra dhr mevr');

const SUFFIXES = wordSet('jr sr ii iii iv v phd md dds dvm cpa esq');

/** Words of a match, without a possessive "'s" ("Mr. Smith's order" names Smith). */
export function tokenize(text: string): NameToken[] {
  return [...text.matchAll(/[^\s,]+/gu)].map((m) => {
    const word = m[0].replace(/['’]s$/, '');
    return { text: word, start: m.index, end: m.index + word.length };
  });
}

export function isParticle(token: string): boolean {
  return PARTICLES.has(token.toLowerCase());
}

export function isTitle(token: string): boolean {
  return TITLES.has(token.replace(/\.$/, '').toLowerCase());
}

export function isInitial(token: string): boolean {
  return /^\p{Lu}\.$/u.test(token);
}

/** "Anne-Marie" is a given name when every part is one. */
export function isGivenToken(token: string): boolean {
  return token.split('-').every((part) => isGivenName(part));
}

/**
 * "Smith", "O'Connor", "McKenzie" (Mc/O' are surname morphology), "García-López" (one listed
 * part is enough for a double-barrelled name).
 */
export function isSurnameToken(token: string): boolean {
  if (isSurname(token)) return true;
  if (/^(?:Mc\p{Lu}\p{Ll}|O['’]\p{Lu}\p{Ll}|MC\p{Lu}{3}|O['’]\p{Lu}{2})/u.test(token)) return true;
  const parts = token.split('-');
  return parts.length > 1 && parts.some((part) => isSurname(part));
}

/** Nothing but white space, or a title ("Mr. "), stands before a whole-value name. */
export function onlyTitleBefore(before: string): boolean {
  const rest = before.trim();
  return rest === '' || (rest.split(/\s+/).length === 1 && isTitle(rest));
}

/** Nothing but white space, or a suffix (", Jr.", " III", " PhD"), stands after a whole-value name. */
export function onlySuffixAfter(after: string): boolean {
  const rest = after.replace(/^[\s,]+/, '').trim();
  return (
    rest === '' || (rest.split(/\s+/).length === 1 && SUFFIXES.has(rest.replace(/\.$/, '').toLowerCase()))
  );
}

function wordSet(text: string): ReadonlySet<string> {
  return new Set(text.trim().split(/\s+/));
}
