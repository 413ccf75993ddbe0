import { type Validator, VALID, digitsOf, invalid, standsAlone } from './validator.js';

/** Textbook examples that pass the test but belong to nobody. */
const SPECIMEN_NUMBERS = new Set(['123456782', '111222333']);

/** The BSN variant of the Dutch eleven-test: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11). */
export function passesBsnElevenTest(nineDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(nineDigits[i]);
  sum -= Number(nineDigits[8]);
  return sum % 11 === 0;
}

/** A Dutch citizen service number (BSN); an 8-digit one lost its leading zero. */
export const nlBsn: Validator = {
  name: 'nl-bsn',
  description: 'A Dutch BSN (9 digits, or 8 with the leading 0 dropped) that passes the eleven-test.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    const digits = digitsOf(text).padStart(9, '0');
    if (!/^\d{9}$/.test(digits)) return invalid('not 8 or 9 digits');
    if (/^0+$/.test(digits)) return invalid('all zeros');
    if (SPECIMEN_NUMBERS.has(digits)) return invalid('published specimen number');
    return passesBsnElevenTest(digits) ? VALID : invalid('eleven-test failed');
  },
};
