import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailDomain } from '../../../src/detection/validators/email-domain.js';
import { validateWith } from './validate-with.js';

const valid = (text: string, before = '') => validateWith(emailDomain, text, { before }).valid;

test('addresses under real public suffixes pass, also %40-encoded', () => {
  for (const email of [
    'jane@example.com',
    'a.b+c@mail.example.co.uk',
    'x@sub.example.io',
    'jane%40example.com',
  ]) {
    assert.ok(valid(email), email);
  }
});

test('hosts without a public suffix or with bad labels fail', () => {
  for (const email of ['admin@localhost', 'x@server.invalidtld', 'x@db.internal', 'x@-bad.com', 'x@co.uk']) {
    assert.equal(valid(email), false, email);
  }
});

test('dots at the ends of the local part or doubled fail', () => {
  for (const email of ['.jane@example.com', 'jane.@example.com', 'ja..ne@example.com'])
    assert.equal(valid(email), false, email);
});

test('URL userinfo is not an address, a query parameter is', () => {
  assert.equal(valid('pass@db.example.com', 'postgres://user:'), false);
  assert.equal(valid('deploy@ci.example.com', 'see https://'), false);
  assert.ok(valid('ops@example.net', 'https://example.com/?to='));
  assert.ok(valid('jane@example.com', 'mailto:'));
});
