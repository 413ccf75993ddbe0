import { type Validator, VALID, invalid } from './validator.js';

/**
 * Grouped numbers use one separator throughout: 536-22-1234 or 4111 1111 1111 1111, never
 * 536-22 1234. (RE2 has no backreferences, so patterns accept any separator and this checks.)
 */
export const consistentSeparators: Validator = {
  name: 'consistent-separators',
  description: 'All separators between digit groups are the same character.',
  validate: ({ text }) => {
    const separators = new Set(text.replace(/[\p{L}\p{N}]/gu, ''));
    return separators.size <= 1 ? VALID : invalid('mixed separators');
  },
};
