import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { ukNino } from '../../../src/detection/validators/uk-nino.js';

function validate(text: string, before = '', after = '') {
  const input = { text, before, after, columnEvidence: false, contextEvidence: false, pattern: 'nino' };
  return ukNino.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
}

test('accepts allocatable prefixes, with or without spaces', () => {
  for (const nino of ['JK483109D', 'JK 48 31 09 D', 'CE 632817 C', 'HR883421B', 'MA129384A', 'JY129384A']) {
    assert.equal(validate(nino).valid, true, nino);
  }
});

test('rejects letters HMRC never uses in a prefix', () => {
  for (const nino of ['DA483109A', 'FA483109A', 'IA483109A', 'QA483109A', 'UA483109A', 'VA483109A']) {
    assert.equal(validate(nino).valid, false, nino);
  }
  for (const nino of [
    'AD483109A',
    'AF483109A',
    'AI483109A',
    'AO483109A',
    'AQ483109A',
    'AU483109A',
    'AV483109A',
  ]) {
    assert.equal(validate(nino).valid, false, nino);
  }
});

test('rejects unallocated and administrative prefixes', () => {
  for (const prefix of [
    'BG',
    'GB',
    'KN',
    'NK',
    'NT',
    'TN',
    'ZZ',
    'OO',
    'CR',
    'FY',
    'MW',
    'NC',
    'PP',
    'PY',
    'PZ',
  ]) {
    assert.equal(validate(`${prefix}483109A`).valid, false, prefix);
  }
});

test('rejects the published specimens whatever the suffix', () => {
  assert.equal(validate('QQ 12 34 56 C').valid, false);
  assert.equal(validate('AB123456C').valid, false);
  assert.equal(validate('AB 12 34 56 A').valid, false);
  assert.equal(validate('AB123457C').valid, true);
});

test('rejects a number glued into a longer token', () => {
  assert.equal(validate('JK483109D', 'ORD-').valid, false);
  assert.equal(validate('JK483109D', '', '-rc1').valid, false);
  assert.equal(validate('JK483109D', 'NI: ', '.').valid, true);
});
