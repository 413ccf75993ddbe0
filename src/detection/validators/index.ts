/** Every validator, by the name detector files use. Keep the list sorted by name. */
import { cardBrand } from './card-brand.js';
import { consistentSeparators } from './consistent-separators.js';
import { emailDomain } from './email-domain.js';
import { ibanMod97 } from './iban-mod97.js';
import { ip } from './ip.js';
import { luhn } from './luhn.js';
import { phone } from './phone.js';
import { usSsn } from './us-ssn.js';
import type { Validator } from './validator.js';

const ALL: readonly Validator[] = [cardBrand, consistentSeparators, emailDomain, ibanMod97, ip, luhn, phone, usSsn];

export const VALIDATORS: ReadonlyMap<string, Validator> = new Map(ALL.map((validator) => [validator.name, validator]));

export function knownValidatorNames(): string[] {
  return [...VALIDATORS.keys()];
}
