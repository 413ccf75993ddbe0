import { type Validator, VALID, invalid, standsAlone } from './validator.js';

/** Values of A–Z (and of 0–9, which count as A–J) in odd positions 1, 3, 5, … (DM 23/12/1976). */
const ODD_POSITION_VALUES = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];
/** Omocodia: when codes collide, digits are replaced, right to left, by these letters for 0–9. */
const OMOCODIA_LETTERS = 'LMNPQRSTUV';
/** The 0-based positions that hold digits (year, day, place number) and may carry omocodia letters. */
const DIGIT_POSITIONS = [6, 7, 9, 10, 12, 13, 14];
const MONTH_LETTERS = 'ABCDEHLMPRST';
/** Textbook examples (the Mario Rossis of every form and guide, Wikipedia's Matteo Moretti). */
const SPECIMEN_CODES = new Set(['RSSMRA85T10A562S', 'RSSMRA80A01H501U', 'MRTMTT25D09F205Z']);

/** 0–9 count as A–J; A–Z as 0–25. */
function characterIndex(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 65;
}

/** The 16th character: sum of the odd/even table values of the first 15, mod 26, as a letter. */
export function codiceFiscaleCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const index = characterIndex(first15[i]!);
    sum += i % 2 === 0 ? ODD_POSITION_VALUES[index]! : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** The code with omocodia letters turned back into digits. */
function withoutOmocodia(code: string): string {
  const chars = [...code];
  for (const position of DIGIT_POSITIONS) {
    const digit = OMOCODIA_LETTERS.indexOf(chars[position]!);
    if (digit >= 0) chars[position] = String(digit);
  }
  return chars.join('');
}

/** An Italian codice fiscale for a person: a real month letter and day, and a matching check character. */
export const itCodiceFiscale: Validator = {
  name: 'it-codice-fiscale',
  description:
    'An Italian codice fiscale (omocodia allowed) with a valid birth month/day and check character.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    const code = text.toUpperCase();
    if (!/^[A-Z]{6}[\dA-Z]{9}[A-Z]$/.test(code)) return invalid('not a codice fiscale layout');
    const decoded = withoutOmocodia(code);
    if (!/^[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]$/.test(decoded))
      return invalid('letter in a digit position');
    if (!MONTH_LETTERS.includes(decoded[8]!)) return invalid('no such month letter');
    const day = Number(decoded.slice(9, 11));
    if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return invalid('no such day');
    if (SPECIMEN_CODES.has(code)) return invalid('published specimen code');
    return codiceFiscaleCheckCharacter(code) === code[15] ? VALID : invalid('check character mismatch');
  },
};
