import { type Validator, VALID, digitsOf, invalid, standsAlone } from './validator.js';

interface CardBrand {
  name: string;
  /** Inclusive ranges of the leading digits (compared at the range bounds' length). */
  prefixes: readonly (readonly [number, number])[];
  lengths: readonly number[];
}

const range = (from: number, to = from) => [from, to] as const;
const lengths = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Issuer identification ranges and PAN lengths (ISO/IEC 7812 as the networks publish them). */
export const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'visa', prefixes: [range(4)], lengths: [13, 16, 19] },
  { name: 'mastercard', prefixes: [range(51, 55), range(2221, 2720)], lengths: [16] },
  { name: 'amex', prefixes: [range(34), range(37)], lengths: [15] },
  { name: 'discover', prefixes: [range(6011), range(644, 649), range(65)], lengths: lengths(16, 19) },
  { name: 'jcb', prefixes: [range(3528, 3589)], lengths: lengths(16, 19) },
  { name: 'diners', prefixes: [range(300, 305), range(36), range(38, 39)], lengths: lengths(14, 19) },
  { name: 'mir', prefixes: [range(2200, 2204)], lengths: lengths(16, 19) },
  { name: 'unionpay', prefixes: [range(62)], lengths: lengths(16, 19) },
  {
    name: 'maestro',
    prefixes: [
      range(5018),
      range(5020),
      range(5038),
      range(5893),
      range(6304),
      range(6759),
      range(6761, 6763),
    ],
    lengths: lengths(12, 19),
  },
];

export function cardBrandOf(digits: string): string | undefined {
  for (const brand of CARD_BRANDS) {
    if (!brand.lengths.includes(digits.length)) continue;
    for (const [from, to] of brand.prefixes) {
      const lead = Number(digits.slice(0, String(from).length));
      if (lead >= from && lead <= to) return brand.name;
    }
  }
  return undefined;
}

/**
 * The issuer prefix and the length fit a card network. Luhn-valid digit runs with no brand prefix
 * (13-digit millisecond timestamps, IMEIs, tracking numbers) are not cards.
 */
export const cardBrand: Validator = {
  name: 'card-brand',
  description:
    'Issuer prefix and length match a card network (Visa, Mastercard, Amex, Discover, JCB, Diners, Mir, UnionPay, Maestro).',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    return cardBrandOf(digitsOf(text)) !== undefined
      ? VALID
      : invalid('no card network has this prefix and length');
  },
};
