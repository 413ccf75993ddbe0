import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { type Validator, invalid, standsAlone } from './validator.js';

/** Addresses that identify infrastructure or nothing at all, not a person's connection. */
const NON_PERSONAL_RANGES = new Set([
  'unspecified',
  'broadcast',
  'loopback',
  'private',
  'linkLocal',
  'reserved',
  'uniqueLocal',
  'multicast',
  'carrierGradeNat',
]);

/**
 * IPv4/IPv6 as Node's `net` parses them. Dotted runs glued to more dots or digits (1.2.3.4.5, OIDs)
 * are not addresses; private, loopback and documentation ranges stay matches but score lower.
 */
export const ip: Validator = {
  name: 'ip',
  description:
    'A valid IPv4 or IPv6 address (node:net); public unicast addresses score higher than private/reserved ones.',
  validate: ({ text, before, after }) => {
    if (!standsAlone(before, after, '.:-_/')) return invalid('part of a longer token');
    const version = isIP(text);
    if (version === 0) return invalid('not a valid IP address');
    if (version === 6 && text !== '::1' && (text.match(/[0-9a-f]+/gi) ?? []).length < 2) {
      return invalid('too few groups to tell an IPv6 address from other colon syntax (d::, ::)');
    }
    let range = ipaddr.parse(text).range();
    if (range === 'ipv4Mapped') range = (ipaddr.parse(text) as ipaddr.IPv6).toIPv4Address().range();
    return { valid: true, score: NON_PERSONAL_RANGES.has(range) ? 0.4 : 0.85 };
  },
};
