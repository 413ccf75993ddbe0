import type { CountryCode } from 'libphonenumber-js/max';
import { Metadata, getCountries, getCountryCallingCode } from './phone-library.js';

/**
 * A cheap first check with libphonenumber's own metadata (its documented `Metadata` API): the digit
 * count must be a possible length of a numbering plan involved. Most phone-shaped candidates
 * (groups of IBANs and card numbers, dates) fail it, so the ~20-50 µs full parse runs only on
 * plausible numbers. The check is a superset: the parse still decides.
 */
const metadata = new Metadata();
const lengthsByRegion = new Map<string, readonly number[]>();
const regionsByCallingCode = new Map<string, CountryCode[]>();
for (const country of getCountries()) {
  const code = getCountryCallingCode(country);
  regionsByCallingCode.set(code, [...(regionsByCallingCode.get(code) ?? []), country]);
}

/** A national prefix (trunk code such as 0 or 1) is at most this long. */
const MAX_NATIONAL_PREFIX = 2;

function possibleLengths(region: CountryCode): readonly number[] {
  let lengths = lengthsByRegion.get(region);
  if (lengths === undefined) {
    metadata.selectNumberingPlan(region);
    lengths = metadata.numberingPlan?.possibleLengths() ?? [];
    lengthsByRegion.set(region, lengths);
  }
  return lengths;
}

/** Could `digits`, written nationally (perhaps with a trunk prefix), be a number in `region`? */
export function possibleNationalLength(digits: string, region: CountryCode): boolean {
  const lengths = possibleLengths(region);
  for (let prefix = 0; prefix <= MAX_NATIONAL_PREFIX; prefix++) {
    if (lengths.includes(digits.length - prefix)) return true;
  }
  return false;
}

/** Could `digits` (after the +) be a calling code followed by a number of a possible length? */
export function possibleInternationalLength(digits: string): boolean {
  for (let codeLength = 1; codeLength <= 3; codeLength++) {
    const regions = regionsByCallingCode.get(digits.slice(0, codeLength)) ?? [];
    const national = digits.length - codeLength;
    if (regions.some((region) => possibleLengths(region).includes(national))) return true;
  }
  return false;
}
