import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DETECTION_OPTIONS } from '../../../src/detection/detection-options.js';
import { givenName } from '../../../src/detection/validators/given-name.js';

function valid(text: string, { column = false, context = false, before = '', after = '' } = {}): boolean {
  const input = {
    text,
    before,
    after,
    columnEvidence: column,
    contextEvidence: context,
    pattern: 'given-name',
  };
  return givenName.validate({ ...input, options: DEFAULT_DETECTION_OPTIONS }).valid;
}

test('the whole value of a first-name column, every word a listed given name', () => {
  for (const name of ['Jane', 'JANE', 'Anne-Marie', 'María José', 'Klaus', 'Giuseppe', 'Sanne']) {
    assert.ok(valid(name, { column: true }), name);
  }
  assert.equal(valid('Smith', { column: true }), false);
  assert.equal(valid('Galaxy', { column: true }), false);
  assert.equal(valid('Jane Smith', { column: true }), false);
  assert.equal(valid('Jane', { column: true, after: ' Doe' }), false, 'not the whole value');
});

test('free text needs a first-name cue right before the name', () => {
  assert.ok(valid('Jane', { context: true, before: 'First name: ' }));
  assert.ok(valid('Jane', { context: true, before: '{"first_name":"' }));
  assert.ok(valid('Klaus', { context: true, before: 'Vorname=' }));
  assert.equal(valid('Jane', { context: true, before: 'first name is missing for ' }), false);
  assert.equal(valid('Jane', { context: false, before: 'First name: ' }), false);
});
