import { type Validator, VALID, invalid, standsAlone } from './validator.js';

/** ICAO Doc 9303's specimen (Utopia, L898902C3) and the German specimen passport (Erika Mustermann). */
const SPECIMEN_NUMBERS = new Set(['L898902C3', 'L898902C', 'C01X00T47', 'C01X00T4']);
/** Placeholder digit runs: six or more consecutive digits counting up or down (123456, 98765432). */
const SEQUENCE_LENGTH = 6;

function hasSequentialRun(value: string): boolean {
  for (const digits of value.match(/\d+/g) ?? []) {
    let up = 1;
    let down = 1;
    for (let i = 1; i < digits.length; i++) {
      const step = digits.charCodeAt(i) - digits.charCodeAt(i - 1);
      up = step === 1 ? up + 1 : 1;
      down = step === -1 ? down + 1 : 1;
      if (up >= SEQUENCE_LENGTH || down >= SEQUENCE_LENGTH) return true;
    }
  }
  return false;
}

/** 8 digits that read as a date YYYYMMDD (1900–2099): an issue or expiry date, not a number. */
function isCompactDate(value: string): boolean {
  const match = /^(19|20)\d{2}(\d{2})(\d{2})$/.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * Passport numbers have no shared format or check digit, so the detector only runs with evidence and
 * this drops what is plainly not one: no digit (a word), one repeated character or digit
 * (000000000, X00000000), a counting placeholder (123456789, A1234567), a date, a published specimen.
 */
export const passportNumber: Validator = {
  name: 'passport-number',
  description: 'A 6–9 character passport number that is not a word, a placeholder, a date or a specimen.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    const value = text.toUpperCase();
    const digits = value.replace(/\D/g, '');
    if (digits.length === 0) return invalid('no digit');
    if (new Set(value).size === 1 || (digits.length >= 5 && new Set(digits).size === 1)) {
      return invalid('repeated placeholder character');
    }
    if (hasSequentialRun(value)) return invalid('sequential placeholder digits');
    if (isCompactDate(value)) return invalid('a date');
    if (SPECIMEN_NUMBERS.has(value)) return invalid('published specimen number');
    return VALID;
  },
};
