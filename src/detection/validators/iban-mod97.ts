import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { type Validator, invalid, standsAlone } from './validator.js';

/** Grouped IBANs are written in blocks of four with a shorter last block. */
function groupedInFours(text: string): boolean {
  const groups = text.split(' ');
  return groups.length === 1 || groups.slice(0, -1).every((group) => group.length === 4);
}

/** IBAN: the country's length and BBAN format, then the ISO 13616 mod-97 check (via ibantools). */
export const ibanMod97: Validator = {
  name: 'iban-mod97',
  description:
    'Country code, per-country length and BBAN format, mod-97 check digits (ISO 13616, via ibantools).',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    if (!groupedInFours(text)) return invalid('not grouped in fours');
    const compact = electronicFormatIBAN(text) ?? '';
    return isValidIBAN(compact)
      ? { valid: true, score: 0.95 }
      : invalid('country format or mod-97 check fails');
  },
};
