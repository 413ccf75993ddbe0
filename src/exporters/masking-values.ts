import { createHmac } from 'node:crypto';
import { ConfigError } from '../shared/errors.js';
import type { MaskingRule } from './masking-policy.js';
import {
  MASKED_OTHERS_PATTERN,
  MASKING_KEY_ENV,
  type PartialKeep,
  REDACTED,
  maskedDigitsPattern,
} from './masking-strategies.js';

/**
 * The reference meaning of a masking rule, for gateways written in Node and for checking the SQL
 * views against: the generated SQL computes exactly these strings. NULL stays NULL.
 */
export function maskValue(
  rule: Pick<MaskingRule, 'strategy' | 'partial'>,
  value: string | null,
  key: string,
) {
  if (value === null) return null;
  switch (rule.strategy) {
    case 'hash':
      return createHmac('sha256', key).update(value, 'utf8').digest('hex');
    case 'partial':
      return rule.partial !== undefined ? partial(rule.partial, value) : REDACTED;
    default:
      return REDACTED;
  }
}

function partial(keep: PartialKeep, value: string): string {
  if (keep.keep === 'email-domain') {
    const at = value.lastIndexOf('@');
    return at >= 0 ? `***@${value.slice(at + 1)}` : REDACTED;
  }
  return value
    .replace(new RegExp(maskedDigitsPattern(keep.digits), 'gu'), '*')
    .replace(new RegExp(MASKED_OTHERS_PATTERN, 'gu'), '*');
}

/** The hash key, read when masking is applied — from PIIMAP_MASKING_KEY, never from a file piimap wrote. */
export function maskingKey(env: NodeJS.ProcessEnv = process.env): string {
  const key = env[MASKING_KEY_ENV];
  if (key === undefined || key === '')
    throw new ConfigError(
      `${MASKING_KEY_ENV} is not set: hashed fields need the masking key from the environment`,
    );
  return key;
}
