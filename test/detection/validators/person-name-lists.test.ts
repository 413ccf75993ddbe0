import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import {
  NAMES_FILE,
  buildNameLists,
  isGivenName,
  isSurname,
  nameKey,
} from '../../../src/detection/validators/person-name-lists.js';

const require = createRequire(import.meta.url);
const fakerModulesLoaded = () =>
  Object.keys(require.cache).filter((file) => file.includes('@faker-js')).length;

test('importing the module does not load the name lists (process start stays cheap)', () => {
  assert.equal(fakerModulesLoaded(), 0);
});

test('lookups ignore case and accents, across several locales', () => {
  assert.ok(isGivenName('Jane'));
  assert.ok(isGivenName('JANE'));
  assert.ok(isGivenName('jose') && isGivenName('José'));
  assert.ok(isSurname('Müller') && isSurname('MULLER'));
  assert.ok(isSurname('van der Meer') && isSurname('Meer'), 'particle surnames, whole and last word');
  assert.ok(isGivenName('Klaus') && isGivenName('Giuseppe') && isGivenName('Sanne'), 'several locales');
  assert.equal(isGivenName('Galaxy'), false);
  assert.equal(isSurname('Ultra'), false);
});

test('nameKey folds case, accents and typographic apostrophes', () => {
  assert.equal(nameKey('O’Brien'), "o'brien");
  assert.equal(nameKey('GARCÍA'), 'garcia');
});

test("the built name file holds exactly what faker's locale data gives", () => {
  const stored = JSON.parse(readFileSync(NAMES_FILE, 'utf8')) as { given: string[]; surnames: string[] };
  const fromFaker = buildNameLists();
  assert.ok(fakerModulesLoaded() > 0);
  assert.deepEqual(new Set(stored.given), fromFaker.given);
  assert.deepEqual(new Set(stored.surnames), fromFaker.surnames);
  assert.ok(fromFaker.given.size > 1000 && fromFaker.surnames.size > 1000);
});
