/** Every validator, by the name detector files use. Keep the list sorted by name. */
import { birthDate } from './birth-date.js';
import { cardBrand } from './card-brand.js';
import { consistentSeparators } from './consistent-separators.js';
import { deSteuerId } from './de-steuer-id.js';
import { emailDomain } from './email-domain.js';
import { esDni } from './es-dni.js';
import { frNir } from './fr-nir.js';
import { givenName } from './given-name.js';
import { ibanMod97 } from './iban-mod97.js';
import { ip } from './ip.js';
import { itCodiceFiscale } from './it-codice-fiscale.js';
import { luhn } from './luhn.js';
import { nlBsn } from './nl-bsn.js';
import { passportNumber } from './passport-number.js';
import { personName } from './person-name.js';
import { phone } from './phone.js';
import { streetAddress } from './street-address.js';
import { surname } from './surname.js';
import { ukNino } from './uk-nino.js';
import { usSsn } from './us-ssn.js';
import type { Validator } from './validator.js';

const ALL: readonly Validator[] = [
  birthDate,
  cardBrand,
  consistentSeparators,
  deSteuerId,
  emailDomain,
  esDni,
  frNir,
  givenName,
  ibanMod97,
  ip,
  itCodiceFiscale,
  luhn,
  nlBsn,
  passportNumber,
  personName,
  phone,
  streetAddress,
  surname,
  ukNino,
  usSsn,
];

export const VALIDATORS: ReadonlyMap<string, Validator> = new Map(
  ALL.map((validator) => [validator.name, validator]),
);

export function knownValidatorNames(): string[] {
  return [...VALIDATORS.keys()];
}
