import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consistentSeparators } from '../../../src/detection/validators/consistent-separators.js';
import { validateWith } from './validate-with.js';

test('one separator throughout, or none, is consistent', () => {
  for (const text of ['536-22-1234', '4111 1111 1111 1111', '536.22.1234', '536221234']) {
    assert.equal(validateWith(consistentSeparators, text).valid, true, text);
  }
});

test('mixed separators are not', () => {
  for (const text of ['536-22 1234', '4111-1111 1111-1111', '536.22-1234']) {
    assert.deepEqual(
      validateWith(consistentSeparators, text),
      { valid: false, reason: 'mixed separators' },
      text,
    );
  }
});
