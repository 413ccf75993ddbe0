import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phone } from '../../../src/detection/validators/phone.js';
import { validateWith } from './validate-with.js';

const valid = (text: string, extra: Parameters<typeof validateWith>[2] = {}) =>
  validateWith(phone, text, extra).valid;

test('international numbers are checked against libphonenumber metadata', () => {
  for (const number of ['+1 201-555-0123', '+44 20 7946 0958', '+49 1512 3456789', '+33 6 12 34 56 78']) {
    assert.ok(valid(number), number);
  }
  for (const number of ['+1 234 567', '+44 20 7946', '+999 123 456 789'])
    assert.equal(valid(number), false, number);
});

test('national numbers count only for the configured regions', () => {
  assert.ok(valid('(201) 555-0123'));
  assert.equal(valid('020 7946 0958'), false);
  assert.ok(valid('020 7946 0958', { options: { defaultRegions: ['GB'] } }));
  assert.ok(valid('030 901820', { options: { defaultRegions: ['US', 'DE'] } }));
});

test('digit groups must split where the numbering plan does', () => {
  assert.equal(valid('2026-11-23 10'), false);
  assert.equal(valid('2015-550-123'), false, 'first group of 4 where the US plan has 3');
  assert.ok(valid('201-555-0123'));
  assert.equal(valid('20261-12310'), false);
});

test('a bare 10-digit value in the epoch-seconds range is a timestamp unless the column says phone', () => {
  assert.equal(valid('1763891234', { contextEvidence: true }), false);
  assert.ok(valid('2015550123', { contextEvidence: true }));
  assert.equal(valid('1763891234', { columnEvidence: true }), false, 'no US number starts with 1 anyway');
});

test('pieces of longer tokens, times and versions are not phones', () => {
  assert.equal(valid('2015550123', { before: 'a716-', after: '-ff' }), false);
  assert.equal(valid('201.555.0123', { after: ':15' }), false);
  assert.equal(valid('2015550123', { before: '#' }), false);
});

test('the single-file build piimap loads is the package’s own library and metadata', async () => {
  const bundle = await import('../../../src/detection/validators/phone-library.js');
  const modules = await import('libphonenumber-js/max');
  assert.deepEqual(bundle.getCountries(), modules.getCountries());
  const numbers = ['+1 201-555-0123', '(202) 611-2310', '+44 20 7946 0958', '030 901820', '+81 3-1234-5678'];
  for (const text of numbers) {
    for (const region of ['US', 'DE', 'GB'] as const) {
      const ours = bundle.parsePhoneNumberFromString(text, region);
      const theirs = modules.parsePhoneNumberFromString(text, region);
      assert.equal(ours?.number, theirs?.number, `${text} in ${region}`);
      assert.equal(ours?.isValid(), theirs?.isValid(), `${text} in ${region}`);
      assert.equal(ours?.formatNational(), theirs?.formatNational(), `${text} in ${region}`);
    }
  }
});
