import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { nlBsn, passesBsnElevenTest } from '../../../src/detection/validators/nl-bsn.js';

function validate(text: string, before = '', after = '') {
  const input = { text, before, after, columnEvidence: false, contextEvidence: false, pattern: 'bsn' };
  return nlBsn.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
}

test('applies the eleven-test to published examples', () => {
  assert.equal(passesBsnElevenTest('111222333'), true);
  assert.equal(passesBsnElevenTest('123456782'), true);
  assert.equal(passesBsnElevenTest('211551557'), true);
  assert.equal(passesBsnElevenTest('111252333'), false);
});

test('the last digit counts negatively, unlike the bank-account test', () => {
  assert.equal(passesBsnElevenTest('271828183'), true);
  assert.equal(passesBsnElevenTest('271828184'), false);
  assert.equal(passesBsnElevenTest('271828182'), false);
});

test('accepts 9 digits, 8 digits that lost their leading zero, and grouped forms', () => {
  for (const bsn of ['271828183', '093721845', '93721845', '1414.21.356', '053 188 743']) {
    assert.equal(validate(bsn).valid, true, bsn);
  }
});

test('rejects all zeros, the textbook examples, wrong lengths and glued numbers', () => {
  for (const bsn of ['000000000', '123456782', '111222333', '1234567', '2718281830']) {
    assert.equal(validate(bsn).valid, false, bsn);
  }
  assert.equal(validate('271828183', 'ORD-').valid, false);
});
