import assert from 'node:assert/strict';
import { test } from 'node:test';
import { luhn, luhnValid } from '../../../src/detection/validators/luhn.js';
import { validateWith } from './validate-with.js';

test('Luhn accepts published test numbers and rejects one-digit changes', () => {
  for (const digits of ['4111111111111111', '378282246310005', '79927398713', '490154203237518']) {
    assert.equal(luhnValid(digits), true, digits);
    const changed = digits.slice(0, -1) + String((Number(digits.at(-1)) + 1) % 10);
    assert.equal(luhnValid(changed), false, changed);
  }
});

test('Luhn ignores separators through the validator, rejects empty and non-digit input', () => {
  assert.equal(validateWith(luhn, '4111 1111-1111 1111').valid, true);
  assert.equal(luhnValid(''), false);
  assert.equal(luhnValid('41x1'), false);
});
