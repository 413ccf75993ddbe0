import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import {
  codiceFiscaleCheckCharacter,
  itCodiceFiscale,
} from '../../../src/detection/validators/it-codice-fiscale.js';

function validate(text: string, before = '', after = '') {
  const input = {
    text,
    before,
    after,
    columnEvidence: false,
    contextEvidence: false,
    pattern: 'codice-fiscale',
  };
  return itCodiceFiscale.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
}

test('computes the check character of published examples', () => {
  assert.equal(codiceFiscaleCheckCharacter('RSSMRA85T10A562'), 'S');
  assert.equal(codiceFiscaleCheckCharacter('RCCMNL83S18D969'), 'H');
  assert.equal(codiceFiscaleCheckCharacter('MRTMTT25D09F205'), 'Z');
});

test('accepts valid codes, women (day + 40) and lower case', () => {
  for (const code of ['RCCMNL83S18D969H', 'BNCLRA90C45F205Z', 'VRDGPP75E12L219D', 'frrlgu62p28g273u']) {
    assert.equal(validate(code).valid, true, code);
  }
});

test('accepts omocodia: digits written as L M N P Q R S T U V', () => {
  assert.equal(validate('VRDGPP75E12L21VS').valid, true);
  assert.equal(validate('BNCLRA90C45F2LRF').valid, true);
  assert.equal(validate('VRDGPP75E12L21VD').valid, false, 'check character must be recomputed');
});

test('rejects a wrong check character and off-by-one mutations', () => {
  assert.equal(validate('RCCMNL83S18D969I').valid, false);
  assert.equal(validate('RCCMNL83S18D968H').valid, false);
  assert.equal(validate('RCCMNL83S19D969H').valid, false);
});

test('rejects impossible months and days, letters in digit positions, and specimens', () => {
  const withCheck = (first15: string) => first15 + codiceFiscaleCheckCharacter(first15);
  assert.equal(validate(withCheck('VRDGPP75F12L219')).valid, false, 'F is not a month');
  assert.equal(validate(withCheck('VRDGPP75E35L219')).valid, false, 'day 35');
  assert.equal(validate(withCheck('VRDGPP75E00L219')).valid, false, 'day 0');
  assert.equal(validate(withCheck('VRDGPP75E72L219')).valid, false, 'day 72');
  assert.equal(validate(withCheck('VRDGPP7AE12L219')).valid, false, 'A is not an omocodia letter');
  for (const code of ['RSSMRA85T10A562S', 'RSSMRA80A01H501U', 'MRTMTT25D09F205Z']) {
    assert.equal(validate(code).valid, false, code);
  }
});

test('rejects a code glued into a longer token', () => {
  assert.equal(validate('VRDGPP75E12L219D', 'X').valid, false);
  assert.equal(validate('VRDGPP75E12L219D', '', '-2').valid, false);
});
