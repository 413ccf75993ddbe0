import { type Validator, VALID, digitsOf, invalid, standsAlone } from './validator.js';

/** The counting example of check-digit tutorials. */
const SPECIMEN_NUMBERS = new Set(['12345678995']);

/** ISO 7064 MOD 11,10 check digit over the given digits (the IdNr's 11th digit). */
export function iso7064Mod11_10(digits: string): number {
  let product = 10;
  for (const char of digits) {
    let sum = (Number(char) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = 11 - product;
  return check === 10 ? 0 : check;
}

/**
 * BZSt/ELSTER rule for the first ten digits: exactly one digit occurs twice or three times, all
 * others at most once, and no digit stands three times in a row.
 */
export function hasIdNrDigitPattern(first10: string): boolean {
  const counts = new Map<string, number>();
  for (const char of first10) counts.set(char, (counts.get(char) ?? 0) + 1);
  const repeated = [...counts.values()].filter((count) => count > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  return !/(\d)\1\1/.test(first10);
}

/** The German tax id (Steuerliche Identifikationsnummer, IdNr). */
export const deSteuerId: Validator = {
  name: 'de-steuer-id',
  description:
    'A German tax id: no leading 0, the BZSt digit-repetition rule, ISO 7064 MOD 11,10 check digit.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    if (before.endsWith('+')) return invalid('international phone number');
    const digits = digitsOf(text);
    if (!/^[1-9]\d{10}$/.test(digits)) return invalid('not 11 digits without a leading 0');
    if (SPECIMEN_NUMBERS.has(digits)) return invalid('published specimen number');
    if (!hasIdNrDigitPattern(digits.slice(0, 10))) return invalid('digit repetition rule broken');
    return iso7064Mod11_10(digits.slice(0, 10)) === Number(digits[10])
      ? VALID
      : invalid('check digit mismatch');
  },
};
