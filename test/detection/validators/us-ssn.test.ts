import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usSsn } from '../../../src/detection/validators/us-ssn.js';
import { validateWith } from './validate-with.js';

const valid = (text: string, before = '', after = '') => validateWith(usSsn, text, { before, after }).valid;

test('assignable area, group and serial pass', () => {
  for (const ssn of ['536-22-1234', '001-01-0001', '665-99-9999', '899-45-0001', '772410987'])
    assert.ok(valid(ssn), ssn);
});

test('never-assigned ranges fail: area 000, 666, 900-999; group 00; serial 0000', () => {
  for (const ssn of [
    '000-12-3456',
    '666-12-3456',
    '900-12-3456',
    '999-12-3456',
    '536-00-1234',
    '536-22-0000',
  ]) {
    assert.equal(valid(ssn), false, ssn);
  }
});

test('repeated digits, published samples and the advertising range fail', () => {
  for (const ssn of [
    '111-11-1111',
    '078-05-1120',
    '219-09-9999',
    '123-45-6789',
    '987-65-4320',
    '987-65-4329',
  ]) {
    assert.equal(valid(ssn), false, ssn);
  }
});

test('a number glued to a longer one fails', () => {
  assert.equal(valid('536-22-1234', '1-'), false);
  assert.equal(valid('536-22-1234', '', '-5'), false);
  assert.ok(valid('536-22-1234', 'SSN: ', '.'));
});
