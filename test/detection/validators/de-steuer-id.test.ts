import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import {
  deSteuerId,
  hasIdNrDigitPattern,
  iso7064Mod11_10,
} from '../../../src/detection/validators/de-steuer-id.js';

function validate(text: string, before = '', after = '') {
  const input = { text, before, after, columnEvidence: false, contextEvidence: false, pattern: 'idnr' };
  return deSteuerId.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
}

test('computes the ISO 7064 MOD 11,10 check digit of published examples', () => {
  assert.equal(iso7064Mod11_10('3657426180'), 9);
  assert.equal(iso7064Mod11_10('6592997048'), 9);
  assert.equal(iso7064Mod11_10('8609574271'), 9);
  assert.equal(iso7064Mod11_10('1234567899'), 5);
});

test('applies the digit-repetition rule', () => {
  assert.equal(hasIdNrDigitPattern('3657426180'), true, 'one digit twice');
  assert.equal(hasIdNrDigitPattern('6592997048'), true, 'one digit three times, two adjacent');
  assert.equal(hasIdNrDigitPattern('7172734560'), true, 'one digit three times, none adjacent');
  assert.equal(hasIdNrDigitPattern('7771234560'), false, 'three in a row');
  assert.equal(hasIdNrDigitPattern('3655426680'), false, 'two digits repeated');
  assert.equal(hasIdNrDigitPattern('1234567890'), false, 'no digit repeated');
  assert.equal(hasIdNrDigitPattern('7172737450'), false, 'one digit four times');
});

test('accepts valid ids, grouped or bare', () => {
  for (const id of ['36 574 261 809', '36574261809', '65 929 970 489', '86095742719', '71727345603']) {
    assert.equal(validate(id).valid, true, id);
  }
});

test('rejects a wrong check digit and off-by-one mutations', () => {
  assert.equal(validate('36574261890').valid, false);
  assert.equal(validate('36574261808').valid, false);
  assert.equal(validate('36574261800').valid, false);
  assert.equal(validate('65 929 970 488').valid, false);
});

test('rejects a leading zero, the tutorial specimen and broken repetition', () => {
  assert.equal(validate('06574261809').valid, false);
  assert.equal(validate('12345678995').valid, false);
  assert.equal(validate('36554266806').valid, false);
  assert.equal(validate('77712345600').valid, false);
});

test('rejects glued numbers and international phone numbers', () => {
  assert.equal(validate('65929970489', 'ORD-').valid, false);
  assert.equal(validate('65 929 970 489', 'Tel. +').valid, false);
  assert.equal(validate('65 929 970 489', 'Steuer-ID: ').valid, true);
});
