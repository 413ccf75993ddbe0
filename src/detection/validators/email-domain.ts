import { createRequire } from 'node:module';
import { type Validator, VALID, invalid } from './validator.js';

// Required, not imported: tldts is one 199 KB CommonJS file, and importing it from an ES module
// first runs Node's CommonJS export scan over it — 17–23 ms of every start-up against 6–12 ms, in
// the main thread and again in each detection thread.
const { parse } = createRequire(import.meta.url)('tldts') as typeof import('tldts');

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Splits at `@`, or at a URL-encoded `%40`. */
function splitAddress(text: string): [string, string] | undefined {
  const at = text.lastIndexOf('@');
  if (at > 0) return [text.slice(0, at), text.slice(at + 1)];
  const encoded = text.toLowerCase().lastIndexOf('%40');
  return encoded > 0 ? [text.slice(0, encoded), text.slice(encoded + 3)] : undefined;
}

/** `scheme://user:password@host` — the part before @ is URL userinfo, not a mailbox. */
function isUrlUserinfo(before: string): boolean {
  const token = before.slice(before.search(/\S*$/));
  const scheme = token.lastIndexOf('://');
  return scheme >= 0 && !/[/?#]/.test(token.slice(scheme + 3));
}

/**
 * A practical mailbox: local part without leading, trailing or doubled dots; a host whose labels
 * are valid and whose suffix is a real public suffix (the public-suffix list via tldts).
 */
export const emailDomain: Validator = {
  name: 'email-domain',
  description:
    'Mailbox grammar (no consecutive dots), a host under a real ICANN public suffix, not URL userinfo.',
  validate: ({ text, before }) => {
    const parts = splitAddress(text);
    if (parts === undefined) return invalid('no @');
    const [local, host] = parts;
    if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
      return invalid('local part has a leading, trailing or doubled dot');
    }
    if (host.length > 253 || !host.split('.').every((label) => LABEL.test(label))) {
      return invalid('host is not a valid domain name');
    }
    const domain = parse(host);
    if (domain.isIcann !== true || !domain.domainWithoutSuffix) return invalid('host has no public suffix');
    if (isUrlUserinfo(before)) return invalid('URL userinfo (user:password@host), not an address');
    return VALID;
  },
};
