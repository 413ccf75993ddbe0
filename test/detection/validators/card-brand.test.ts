import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardBrand, cardBrandOf } from '../../../src/detection/validators/card-brand.js';
import { validateWith } from './validate-with.js';

test('issuer prefixes and lengths map to their network', () => {
  const cases: [string, string][] = [
    ['4111111111111111', 'visa'],
    ['4222222222222', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
    ['6445644564456445', 'discover'],
    ['3530111333300000', 'jcb'],
    ['30569309025904', 'diners'],
    ['2200000000000004', 'mir'],
    ['6200000000000005', 'unionpay'],
    ['6759649826438453', 'maestro'],
  ];
  for (const [digits, brand] of cases) assert.equal(cardBrandOf(digits), brand, digits);
});

test('a known prefix at the wrong length, or no known prefix, is no card', () => {
  for (const digits of [
    '41111111111111',
    '37828224631000',
    '1700000000000',
    '490154203237518',
    '0000000000000000',
  ]) {
    assert.equal(cardBrandOf(digits), undefined, digits);
  }
});

test('a number glued to a longer token is rejected', () => {
  assert.equal(validateWith(cardBrand, '4111111111111111', { after: '-2' }).valid, false);
  assert.equal(validateWith(cardBrand, '4111111111111111', { before: 'x' }).valid, false);
  assert.equal(validateWith(cardBrand, '4111111111111111', { before: 'card=', after: '&exp=1' }).valid, true);
});
