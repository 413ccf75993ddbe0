// The reference meaning of each strategy, which the SQL views must reproduce exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskValue, maskingKey } from '../../src/exporters/masking-values.js';

const digits = (n: number) => ({ strategy: 'partial', partial: { keep: 'last-digits', digits: n } }) as const;

test('partial keeps the domain or the last digits and separators; redact; NULL stays NULL', () => {
  const email = { strategy: 'partial', partial: { keep: 'email-domain' } } as const;
  assert.equal(maskValue(email, 'ana.lopez@example.com', 'k'), '***@example.com');
  assert.equal(maskValue(email, 'a@b@mail.example.org', 'k'), '***@mail.example.org');
  assert.equal(maskValue(email, 'not an email', 'k'), '[redacted]');
  assert.equal(maskValue(digits(4), '4111 1111 1111 1111', 'k'), '**** **** **** 1111');
  assert.equal(maskValue(digits(4), '536-22-8190', 'k'), '***-**-8190');
  assert.equal(maskValue(digits(2), '(202) 555-0143', 'k'), '(***) ***-**43');
  assert.equal(maskValue(digits(2), 'tel: 202 555 0143 ext 9', 'k'), '**** *** *** ***3 *** 9');
  assert.equal(maskValue({ strategy: 'redact' }, 'Ana', 'k'), '[redacted]');
  assert.equal(maskValue(digits(4), null, 'k'), null);
});

test('hash is HMAC-SHA256 (RFC 4231 case 2), stable and keyed; the key comes from the environment', () => {
  const hash = { strategy: 'hash' } as const;
  assert.equal(
    maskValue(hash, 'what do ya want for nothing?', 'Jefe'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  );
  assert.equal(maskValue(hash, 'a@example.com', 'k1'), maskValue(hash, 'a@example.com', 'k1'));
  assert.notEqual(maskValue(hash, 'a@example.com', 'k1'), maskValue(hash, 'a@example.com', 'k2'));
  assert.equal(maskingKey({ PIIMAP_MASKING_KEY: 'k1' }), 'k1');
  assert.throws(() => maskingKey({}), /^ConfigError: PIIMAP_MASKING_KEY is not set/);
});
