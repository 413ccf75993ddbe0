import { type Validator, VALID, digitsOf, invalid } from './validator.js';

/** The Luhn (mod 10) checksum used by payment cards and IMEIs. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** `partial` plus the check digit that makes it Luhn-valid (for building test data). */
export function withLuhnCheckDigit(partial: string): string {
  for (let check = 0; check <= 9; check++) if (luhnValid(partial + check)) return partial + check;
  throw new Error(`${partial} is not all digits`);
}

export const luhn: Validator = {
  name: 'luhn',
  description: 'The digits pass the Luhn (mod 10) check.',
  validate: ({ text }) => (luhnValid(digitsOf(text)) ? VALID : invalid('Luhn check failed')),
};
