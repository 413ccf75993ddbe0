import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { frNir, nirKey } from '../../../src/detection/validators/fr-nir.js';

function validate(text: string, before = '', after = '') {
  const input = { text, before, after, columnEvidence: false, contextEvidence: false, pattern: 'nir' };
  return frNir.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
}

test('computes the key of published examples, Corsica included', () => {
  assert.equal(nirKey('2951099126111'), 93);
  assert.equal(nirKey('253072B073004'), 70);
  assert.equal(nirKey('253072A073004'), 43);
});

test('accepts valid numbers with or without spaces', () => {
  for (const nir of [
    '2 95 10 99 126 111 93',
    '295109912611193',
    '253072B07300470',
    '2 53 07 2A 073 004 43',
  ]) {
    assert.equal(validate(nir).valid, true, nir);
  }
});

test('rejects a wrong key and off-by-one mutations', () => {
  assert.equal(validate('295109912611199').valid, false);
  assert.equal(validate('295109912611194').valid, false);
  assert.equal(validate('295109912611293').valid, false);
  assert.equal(validate('253072A07300470').valid, false, '2A and 2B keys differ');
});

test('accepts the provisional sex digits and special months, rejects the rest', () => {
  const withKey = (first13: string) => `${first13}${String(nirKey(first13)).padStart(2, '0')}`;
  for (const first13 of ['7850578006084', '8852078006084', '1854278006084', '1855078006084']) {
    assert.equal(validate(withKey(first13)).valid, true, first13);
  }
  for (const first13 of [
    '5850578006084',
    '0850578006084',
    '1851378006084',
    '1854378006084',
    '1850078006084',
  ]) {
    assert.equal(validate(withKey(first13)).valid, false, first13);
  }
  assert.equal(validate(withKey('1850500006084')).valid, false, 'department 00');
});

test('rejects a number glued into a longer token', () => {
  assert.equal(validate('295109912611193', 'ID-').valid, false);
});
