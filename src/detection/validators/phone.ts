import type { CountryCode } from 'libphonenumber-js/max';
import { possibleInternationalLength, possibleNationalLength } from './phone-lengths.js';
import { parsePhoneNumberFromString } from './phone-library.js';
import { type Validator, VALID, digitsOf, invalid, standsAlone } from './validator.js';

/** 2000-01-01 in epoch seconds; timestamps in data run from about then to a few years ahead. */
const EPOCH_2000 = 946_684_800;
const FUTURE_TIMESTAMP_YEARS = 5;

/** A bare 10-digit value between 2000 and five years from now is far likelier a timestamp. */
function isEpochSeconds(digits: string, referenceDate: Date): boolean {
  const n = Number(digits);
  const latest = referenceDate.getTime() / 1000 + FUTURE_TIMESTAMP_YEARS * 365.25 * 86_400;
  return digits.length === 10 && n >= EPOCH_2000 && n <= latest;
}

function digitGroups(text: string): number[] {
  return (text.match(/\d+/g) ?? []).map((group) => group.length);
}

/**
 * A national number written with separators must split where the numbering plan does: its first
 * group is the area/trunk code of the plan's own format ("(202) 611-2310", not "2026-11-23 10").
 */
function groupedLikeThePlan(text: string, formattedNational: string): boolean {
  const written = digitGroups(text);
  if (written.length <= 1) return true;
  return written[0] === digitGroups(formattedNational)[0];
}

/**
 * Confirms phone candidates with libphonenumber's full metadata: `+` numbers in any country, national
 * numbers in the configured default regions. Bare digit runs reach here only with evidence (the
 * pattern requires it); even then a 10-digit run in the epoch-seconds range needs column evidence.
 */
export const phone: Validator = {
  name: 'phone',
  description:
    'A valid number per libphonenumber metadata: international (+) anywhere, national for the default regions.',
  validate: ({ text, before, after, columnEvidence, options }) => {
    if (!standsAlone(before, after, '-._/:#')) return invalid('part of a longer token');
    if (/^[:.]\d/.test(after) || /\d[:.]$/.test(before)) return invalid('part of a time, version or address');
    if (before.endsWith('#')) return invalid('an id (#…)');
    const digits = digitsOf(text);
    if (text === digits && isEpochSeconds(digits, options.referenceDate) && !columnEvidence)
      return invalid('an epoch-seconds timestamp');
    if (text.startsWith('+')) {
      if (!possibleInternationalLength(digits)) return invalid('no numbering plan has this length');
      return parsePhoneNumberFromString(text)?.isValid()
        ? VALID
        : invalid('not a valid international number');
    }
    for (const region of options.defaultRegions) {
      if (!possibleNationalLength(digits, region as CountryCode)) continue;
      const parsed = parsePhoneNumberFromString(text, region as CountryCode);
      if (parsed?.isValid() && groupedLikeThePlan(text, parsed.formatNational())) return VALID;
    }
    return invalid(`not a valid number in ${options.defaultRegions.join(', ') || 'any default region'}`);
  },
};
