import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { personName } from '../../../src/detection/validators/person-name.js';

interface Evidence {
  column?: boolean;
  context?: boolean;
  before?: string;
  after?: string;
  pattern?: string;
}

/** The validated text (after any trim), or null when rejected. */
function check(
  text: string,
  { column = false, context = false, before = '', after = '', pattern = 'full-name' }: Evidence,
) {
  const result = personName.validate({
    text,
    before,
    after,
    columnEvidence: column,
    contextEvidence: context,
    pattern,
    options: DEFAULT_DETECTION_OPTIONS,
  });
  if (!result.valid) return null;
  return result.trim === undefined ? text : text.slice(result.trim.start, result.trim.end);
}

test('a name column holds given name + surname as the whole value', () => {
  for (const name of [
    'Jane Smith',
    'JANE SMITH',
    'María García López',
    'Jan van der Meer',
    'Jean-Pierre Martin',
    'John F. Kennedy',
    "Sean O'Connor",
    'Patrick McDonald',
  ]) {
    assert.equal(check(name, { column: true }), name, name);
  }
  assert.equal(check('Jane Smith', { column: true, before: 'Dr. ' }), 'Jane Smith', 'title before');
  assert.equal(check('Jane Smith', { column: true, after: ', Jr.' }), 'Jane Smith', 'suffix after');
});

test('one word, unknown words or a name inside a longer value are not a full name', () => {
  assert.equal(check('Jackson', { column: true }), null);
  assert.equal(check('Galaxy Ultra', { column: true }), null);
  assert.equal(check('Smith Jane', { column: true }), null, 'surname that is no given name first');
  assert.equal(check('Tommy Hilfiger', { column: true, after: ' Slim Fit Chinos' }), null);
  assert.equal(check('Jane Smith', { column: true, before: 'Order for ' }), null);
});

test('organisations named after people are not people', () => {
  assert.equal(check('Ralph Lauren', { column: true, after: ' Corporation' }), null);
  assert.equal(check('Jane Smith', { context: true, after: ' & Sons Ltd' }), null);
  assert.equal(check('Johnson', { column: true, before: 'Johnson & ' }), null);
  assert.equal(check('Morgan Stanley', { context: true, after: ' Inc. called' }), null);
});

test('free text with context: the match is narrowed to the name', () => {
  assert.equal(check('Customer Jane Smith', { context: true, after: ' called' }), 'Jane Smith');
  assert.equal(check('Jane Smith', { context: true, before: 'Name: ' }), 'Jane Smith');
  assert.equal(check('Jane Smith', { context: false, before: 'Name: ' }), null, 'no evidence');
  assert.equal(check('Jane Smith', { context: true, before: 'user.' }), null, 'glued to a token');
});

test('surname-first and title patterns', () => {
  assert.equal(check('Smith, John', { column: true, pattern: 'surname-first' }), 'Smith, John');
  assert.equal(
    check('van der Meer, Jan P.', { column: true, pattern: 'surname-first' }),
    'van der Meer, Jan P.',
  );
  assert.equal(check('Austin, Texas', { column: true, pattern: 'surname-first' }), null);
  assert.equal(check('Mr. Smith', { context: true, pattern: 'title-name' }), 'Smith');
  assert.equal(check('Mrs Jane Smith', { context: true, pattern: 'title-name' }), 'Jane Smith');
  assert.equal(check("Mr. Smith's", { context: true, pattern: 'title-name' }), 'Smith', 'possessive');
  assert.equal(check('Dr. Galaxy', { context: true, pattern: 'title-name' }), null);
});

test('in prose, a name running on into more capitalised words is a brand or product', () => {
  assert.equal(check('Tommy Hilfiger Slim Fit', { context: true, after: ' Chinos arrived' }), null);
  assert.equal(check('Jane Smith', { context: true, after: ' called twice' }), 'Jane Smith');
});
