import { type Validator, VALID, invalid, standsAlone } from './validator.js';

/** D, F, I, Q, U, V are never used in a prefix; O never as its second letter (HMRC NIM39110). */
const PREFIX_LETTERS = /^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]$/;
/** Prefixes never allocated (NIM39110). */
const UNALLOCATED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);
/** Administrative reference prefixes that look like NINOs but identify no contributor (NIM39110). */
const ADMINISTRATIVE_PREFIXES = new Set(['OO', 'CR', 'FY', 'MW', 'NC', 'PP', 'PY', 'PZ']);
/** Published example numbers, whatever the suffix: QQ 12 34 56 A (HMRC) and AB 12 34 56 C (forms, guides). */
const SPECIMEN_NUMBERS = new Set(['QQ123456', 'AB123456']);

/**
 * A UK National Insurance number has no check digit, so its prefix is all there is to check: the
 * letter rules, the unallocated and administrative prefixes, and the published specimens.
 */
export const ukNino: Validator = {
  name: 'uk-nino',
  description: 'A UK National Insurance number with an allocatable prefix that is not a published specimen.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after)) return invalid('part of a longer token');
    const compact = text.replace(/\s/g, '').toUpperCase();
    const prefix = compact.slice(0, 2);
    if (!PREFIX_LETTERS.test(prefix)) return invalid(`prefix ${prefix} uses a letter HMRC never uses there`);
    if (UNALLOCATED_PREFIXES.has(prefix)) return invalid(`prefix ${prefix} is never allocated`);
    if (ADMINISTRATIVE_PREFIXES.has(prefix)) return invalid(`prefix ${prefix} is administrative`);
    if (SPECIMEN_NUMBERS.has(compact.slice(0, 8))) return invalid('published specimen number');
    return VALID;
  },
};
