import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { streetAddress } from '../../../src/detection/validators/street-address.js';

/** The validated text (after any trim), or null when rejected. */
function check(text: string, pattern: string, before = '', after = '') {
  const input = { text, before, after, columnEvidence: true, contextEvidence: false, pattern };
  const result = streetAddress.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS });
  if (!result.valid) return null;
  return result.trim === undefined ? text : text.slice(result.trim.start, result.trim.end);
}

test('shaped patterns pass unless glued to a longer token', () => {
  assert.equal(check('221B Baker Street', 'number-street'), '221B Baker Street');
  assert.equal(check('Hauptstraße 5', 'street-number', 'Adresse: ', ', 10115 Berlin'), 'Hauptstraße 5');
  assert.equal(check('12 rue de la Paix', 'number-voie'), '12 rue de la Paix');
  assert.equal(check('221B Baker Street', 'number-street', 'ref-'), null);
  assert.equal(check('Kerkstraat 12', 'street-number', '', '/b'), null);
});

test('address-line: a street-type word after a street name, narrowed to end there or after a unit', () => {
  assert.equal(check('12 main st springfield', 'address-line'), '12 main st');
  assert.equal(check('42 W Elm St Apt 4B, Springfield', 'address-line'), '42 W Elm St Apt 4B');
  assert.equal(check('77 Harbour Mews #12', 'address-line'), '77 Harbour Mews #12');
  assert.equal(check('350 5th Avenue', 'address-line'), '350 5th Avenue');
  assert.equal(check('1 Infinite Loop', 'address-line'), '1 Infinite Loop');
});

test('address-line: prose with a number is not an address', () => {
  assert.equal(check('3 times on the way to the primary', 'address-line'), null);
  assert.equal(check('3 items were shipped to the warehouse', 'address-line'), null);
  assert.equal(check('12 Main', 'address-line'), null, 'no street-type word');
  assert.equal(check('12 Street', 'address-line'), null, 'no street name');
  assert.equal(check('12 Deploy Failed Again Today Street', 'address-line'), null, 'type word too far');
  assert.equal(check('10 Mixed case st', 'address-line'), null, 'lower-case name word in mixed-case text');
});
