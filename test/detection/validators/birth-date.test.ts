import { test } from 'node:test';
import assert from 'node:assert/strict';
import { birthDate, monthNumber } from '../../../src/detection/validators/birth-date.js';

const options = { defaultRegions: ['US'], referenceDate: new Date('2026-11-23T12:00:00Z') };

function valid(text: string, pattern: string, after = '', before = ''): boolean {
  const input = { text, before, after, columnEvidence: true, contextEvidence: false, pattern, options };
  return birthDate.validate(input).valid;
}

test('accepts real past dates in every pattern shape', () => {
  assert.ok(valid('1985-03-12', 'iso-date'));
  assert.ok(valid('1985/3/12', 'iso-date'));
  assert.ok(valid('12/03/1985', 'numeric-date'));
  assert.ok(valid('03/25/1985', 'numeric-date'), 'US month/day order');
  assert.ok(valid('25.03.1985', 'numeric-date'), 'day/month order');
  assert.ok(valid('19850312', 'compact-date'));
  assert.ok(valid('12 March 1985', 'day-month-name'));
  assert.ok(valid('12. März 1985', 'day-month-name'));
  assert.ok(valid('1er janvier 1990', 'day-month-name'));
  assert.ok(valid('12 de marzo de 1985', 'day-month-name'));
  assert.ok(valid('12-Mar-1985', 'day-month-name'));
  assert.ok(valid('March 12, 1985', 'month-name-day'));
  assert.ok(valid('Sept. 3rd, 1990', 'month-name-day'));
});

test('rejects impossible calendar dates and mixed separators', () => {
  assert.equal(valid('1985-02-30', 'iso-date'), false);
  assert.equal(valid('1985-13-01', 'iso-date'), false);
  assert.equal(valid('31/31/1985', 'numeric-date'), false);
  assert.equal(valid('1985-03/12', 'iso-date'), false);
  assert.equal(valid('19850230', 'compact-date'), false);
  assert.equal(valid('30 February 1985', 'day-month-name'), false);
  assert.equal(valid('12 Main 1985', 'day-month-name'), false, 'not a month');
  assert.equal(valid('Ju 12, 1985', 'month-name-day'), false, 'too short to name a month');
});

test('a birth date lies between 120 years ago and the reference date', () => {
  assert.ok(valid('2026-11-23', 'iso-date'), 'born today');
  assert.equal(valid('2026-11-24', 'iso-date'), false, 'tomorrow');
  assert.equal(valid('2031-05-17', 'iso-date'), false);
  assert.ok(valid('1906-11-23', 'iso-date'), 'exactly 120');
  assert.equal(valid('1906-11-22', 'iso-date'), false, 'older than 120');
  assert.equal(valid('1850-01-01', 'iso-date'), false);
});

test('a time of day makes a timestamp; midnight is a date column rendered as a timestamp', () => {
  assert.ok(valid('1985-03-12', 'iso-date', ' 00:00:00'));
  assert.ok(valid('1985-03-12', 'iso-date', 'T00:00:00.000Z'));
  assert.ok(valid('1985-03-12', 'iso-date', 'T00:00:00+02:00'));
  assert.ok(valid('3/12/1985', 'numeric-date', ' 12:00:00 AM'));
  assert.equal(valid('1985-03-12', 'iso-date', ' 10:41:07'), false);
  assert.equal(valid('1985-03-12', 'iso-date', 'T00:00:01Z'), false);
  assert.equal(valid('3/12/1985', 'numeric-date', ' 12:00:00 PM'), false, 'noon');
  assert.equal(valid('12 Mar 2025', 'day-month-name', ' 10:15:00 +0000'), false);
  assert.equal(valid('23.11.2025', 'numeric-date', '', '10:00:00 '), false, 'time written first');
});

test('rejects a date glued to a longer token', () => {
  assert.equal(valid('1985-03-12', 'iso-date', '-backup'), false);
  assert.equal(valid('1985-03-12', 'iso-date', '3'), false);
  assert.equal(valid('1985-03-12', 'iso-date', 'T10'), false);
  assert.equal(valid('1985-03-12', 'iso-date', '', 'v'), false);
  assert.ok(valid('1985-03-12', 'iso-date', '.', 'born '), 'sentence end');
});

test('month names: several languages, unambiguous abbreviations only', () => {
  assert.equal(monthNumber('März'), 3);
  assert.equal(monthNumber('marz'), 3);
  assert.equal(monthNumber('Mrz'), 3);
  assert.equal(monthNumber('août'), 8);
  assert.equal(monthNumber('févr.'), 2);
  assert.equal(monthNumber('mei'), 5);
  assert.equal(monthNumber('DIC'), 12);
  assert.equal(monthNumber('jui'), undefined, 'juin or juillet');
  assert.equal(monthNumber('Ma'), undefined);
  assert.equal(monthNumber('Main'), undefined);
});
