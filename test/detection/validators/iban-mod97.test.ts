import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ibanMod97 } from '../../../src/detection/validators/iban-mod97.js';
import { validateWith } from './validate-with.js';

const valid = (text: string) => validateWith(ibanMod97, text).valid;

test('valid IBANs of several countries pass, compact or grouped in fours, and score high', () => {
  for (const iban of [
    'DE89370400440532013000',
    'DE89 3704 0044 0532 0130 00',
    'GB29 NWBK 6016 1331 9268 19',
    'NL91ABNA0417164300',
  ]) {
    assert.ok(valid(iban), iban);
  }
  assert.deepEqual(validateWith(ibanMod97, 'NL91ABNA0417164300'), { valid: true, score: 0.95 });
});

test('wrong check digits, lengths, countries and grouping fail', () => {
  for (const iban of [
    'DE89370400440532013001',
    'DE8937040044053201300',
    'XX89370400440532013000',
    'DE89 37040044 0532 0130 00',
  ]) {
    assert.equal(valid(iban), false, iban);
  }
});
