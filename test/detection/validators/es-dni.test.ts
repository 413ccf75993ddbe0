import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { dniControlLetter, esDni } from '../../../src/detection/validators/es-dni.js';

function validate(text: string, before = '', after = '') {
  const input = { text, before, after, columnEvidence: false, contextEvidence: false, pattern: 'dni' };
  return esDni.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
}

test('computes the control letter of published examples', () => {
  assert.equal(dniControlLetter('12345678'), 'Z');
  assert.equal(dniControlLetter('54362315'), 'K');
  assert.equal(dniControlLetter('00000000'), 'T');
  assert.equal(dniControlLetter('02482300'), 'W', 'NIE X-2482300-W');
});

test('accepts DNIs and NIEs in every written form', () => {
  for (const id of [
    '54362315K',
    '54362315-K',
    '54362315 K',
    '54.362.315-K',
    'X2482300W',
    'X-2482300-W',
    'Z4839201Y',
  ]) {
    assert.equal(validate(id).valid, true, id);
  }
});

test('rejects a wrong letter and off-by-one mutations', () => {
  assert.equal(validate('54362315Z').valid, false);
  assert.equal(validate('54362316K').valid, false);
  assert.equal(validate('X2482300A').valid, false);
  assert.equal(validate('Y2482300W').valid, false, 'the NIE prefix counts');
});

test('rejects specimens, wrong lengths and glued numbers', () => {
  for (const id of ['12345678Z', '99999999R', '00000000T', 'X1234567L'])
    assert.equal(validate(id).valid, false, id);
  assert.equal(validate('X12345678Z').valid, false);
  assert.equal(validate('54362315K', 'ORD-').valid, false);
});
