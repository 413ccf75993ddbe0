import { type Validator, VALID, invalid, standsAlone } from './validator.js';

/** Months INSEE uses: 01–12, and 20–42 or 50–99 for a civil record without a usable month. */
function isNirMonth(month: number): boolean {
  return (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50;
}

/** The NIR key: 97 − (first 13 digits mod 97), with Corsica's 2A/2B counted as 19/18. */
export function nirKey(first13: string): number {
  const numeric = first13.toUpperCase().replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(numeric) % 97n);
}

/** A French social security number (NIR): plausible sex and month digits and a matching key. */
export const frNir: Validator = {
  name: 'fr-nir',
  description: 'A French NIR whose sex and month fields are plausible and whose two-digit key matches.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    const compact = text.replace(/\s/g, '').toUpperCase();
    if (!/^[1-478]\d{4}(?:\d{2}|2[AB])\d{8}$/.test(compact)) return invalid('not a NIR layout');
    if (!isNirMonth(Number(compact.slice(3, 5)))) return invalid('impossible month');
    if (compact.slice(5, 7) === '00') return invalid('department 00');
    return nirKey(compact.slice(0, 13)) === Number(compact.slice(13)) ? VALID : invalid('key mismatch');
  },
};
