import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { passportNumber } from '../../../src/detection/validators/passport-number.js';

function validate(text: string, before = '', after = '') {
  const input = { text, before, after, columnEvidence: true, contextEvidence: false, pattern: 'passport' };
  return passportNumber.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
}

test('accepts national formats', () => {
  for (const number of ['C4J7R2M91', 'YA8041733', '14AB52817', '583920417', 'EK4471902', 'AB5823461']) {
    assert.equal(validate(number).valid, true, number);
  }
});

test('rejects words and repeated characters', () => {
  for (const number of ['PENDING', 'UNKNOWN', '000000000', 'AAAAAAAA', 'X00000000', 'PP1111111']) {
    assert.equal(validate(number).valid, false, number);
  }
});

test('rejects counting placeholders of six digits or more', () => {
  for (const number of ['123456789', 'A1234567', 'X12345678', '987654321', 'AB234567', '0123456']) {
    assert.equal(validate(number).valid, false, number);
  }
  assert.equal(validate('A1234577').valid, true, 'five counting digits are fine');
});

test('rejects YYYYMMDD dates and published specimens', () => {
  assert.equal(validate('20310415').valid, false);
  assert.equal(validate('19851231').valid, false);
  assert.equal(validate('20311315').valid, true, 'month 13 is no date');
  assert.equal(validate('L898902C3').valid, false);
  assert.equal(validate('C01X00T47').valid, false);
});

test('rejects a number glued into a longer token', () => {
  assert.equal(validate('583920417', 'ORD-').valid, false);
  assert.equal(validate('583920417', '', '.pdf').valid, false);
});
