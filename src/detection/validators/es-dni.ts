import { type Validator, VALID, invalid, standsAlone } from './validator.js';

const CONTROL_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const DNI = /^(\d{8})([A-Z])$/;
const NIE = /^([XYZ])(\d{7})([A-Z])$/;
/** An NIE's leading X/Y/Z counts as the digit 0/1/2 in the letter computation. */
const NIE_PREFIX_DIGITS: Record<string, string> = { X: '0', Y: '1', Z: '2' };
/** Numbers on specimen cards and in every tutorial (the DNI card specimen is 99999999R). */
const SPECIMEN_NUMBERS = new Set(['12345678Z', '99999999R', '00000000T', 'X1234567L']);

/** The control letter of an 8-digit DNI number (or of an NIE with its prefix turned into a digit). */
export function dniControlLetter(eightDigits: string): string {
  return CONTROL_LETTERS[Number(eightDigits) % 23]!;
}

/** Splits 12345678Z / X1234567L into the 8 digits the letter is computed from and the letter. */
function numberAndLetter(compact: string): [string, string] | undefined {
  const dni = DNI.exec(compact);
  if (dni) return [dni[1]!, dni[2]!];
  const nie = NIE.exec(compact);
  if (nie) return [NIE_PREFIX_DIGITS[nie[1]!]! + nie[2]!, nie[3]!];
  return undefined;
}

/** A Spanish DNI (12345678Z) or NIE (X1234567L) whose control letter matches its number. */
export const esDni: Validator = {
  name: 'es-dni',
  description: 'A Spanish DNI or NIE whose control letter is its number mod 23 in the official table.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    const compact = text.replace(/[\s.-]/g, '').toUpperCase();
    if (SPECIMEN_NUMBERS.has(compact)) return invalid('published specimen number');
    const parts = numberAndLetter(compact);
    if (!parts) return invalid('not a DNI or NIE layout');
    const [number, letter] = parts;
    return dniControlLetter(number) === letter ? VALID : invalid('control letter mismatch');
  },
};
