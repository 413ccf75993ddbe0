import { type Validator, VALID, digitsOf, invalid, standsAlone } from './validator.js';

/** Numbers printed on sample cards and in advertising, used everywhere as test data. */
const KNOWN_SAMPLES = new Set(['078051120', '219099999', '123456789']);
const ADVERTISING_RANGE = /^98765432\d$/;

/** US Social Security number: SSA's rules for area, group and serial, minus well-known samples. */
export const usSsn: Validator = {
  name: 'us-ssn',
  description:
    'Area not 000, 666 or 900-999; group not 00; serial not 0000; not one repeated digit; not a published sample.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    const digits = digitsOf(text);
    if (digits.length !== 9) return invalid('not 9 digits');
    const area = digits.slice(0, 3);
    if (area === '000' || area === '666' || area[0] === '9') return invalid(`area ${area} is never assigned`);
    if (digits.slice(3, 5) === '00') return invalid('group 00 is never assigned');
    if (digits.slice(5) === '0000') return invalid('serial 0000 is never assigned');
    if (/^(\d)\1{8}$/.test(digits)) return invalid('one repeated digit');
    if (KNOWN_SAMPLES.has(digits) || ADVERTISING_RANGE.test(digits))
      return invalid('a published sample number');
    return VALID;
  },
};
