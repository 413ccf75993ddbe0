import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { surname } from '../../../src/detection/validators/surname.js';

function valid(text: string, { column = false, context = false, before = '', after = '' } = {}): boolean {
  const input = { text, before, after, columnEvidence: column, contextEvidence: context, pattern: 'surname' };
  return surname.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS }).valid;
}

test("the whole value of a last-name column: listed surnames, particles, Mc/O' forms", () => {
  for (const name of [
    'Smith',
    'SMITH',
    'van der Meer',
    'García López',
    "O'Connor",
    "O'BRIEN",
    'McKenzie',
    'Müller',
  ]) {
    assert.ok(valid(name, { column: true }), name);
  }
  assert.equal(valid('Galaxy', { column: true }), false);
  assert.equal(valid('van der', { column: true }), false, 'particles only');
  assert.equal(valid('Jane Smith', { column: true }), false, 'a given name is not a surname');
  assert.equal(valid('Smith', { column: true, after: ' Plumbing' }), false);
});

test('free text needs a last-name cue right before the name', () => {
  assert.ok(valid('Smith', { context: true, before: 'Surname: ' }));
  assert.ok(valid('Smith', { context: true, before: 'last_name=' }));
  assert.equal(valid('Smith', { context: true, before: 'surname missing, got ' }), false);
});
