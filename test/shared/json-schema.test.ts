import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  compileSchema,
  describeSchemaErrors,
  jsonPath,
  schemaFileNames,
  schemaValidator,
} from '../../src/shared/json-schema.js';

const badDetector = {
  id: 'Bad Id',
  type: 'x',
  category: 'c',
  specialCategory: 'maybe',
  sensitivity: 'secret',
  patterns: [],
  examples: {},
};

test('the precompiled validators (build) and ajv at run time agree', () => {
  for (const fileName of schemaFileNames()) {
    const prebuilt = schemaValidator(fileName);
    const fresh = compileSchema(fileName);
    assert.notEqual(prebuilt, fresh);
    for (const sample of [
      badDetector,
      {},
      { sources: [{ name: 'x', type: 'oracle' }] },
      { sampleSize: 10 },
    ]) {
      assert.equal(prebuilt(sample), fresh(sample), `${fileName}: ${JSON.stringify(sample)}`);
      assert.deepEqual(describeSchemaErrors(prebuilt.errors), describeSchemaErrors(fresh.errors));
    }
  }
});

test('errors name the JSON path and what is wrong', () => {
  const validate = schemaValidator('detector.schema.json');
  assert.equal(validate(badDetector), false);
  const lines = describeSchemaErrors(validate.errors);
  assert.ok(lines.includes('id: must match pattern "^[a-z][a-z0-9_]*$"'), lines.join('\n'));
  assert.ok(lines.some((line) => line.startsWith('sensitivity: must be equal to one of the allowed values')));
  assert.ok(lines.includes('patterns: must NOT have fewer than 1 items'));
  assert.ok(lines.includes('examples: missing required key "positive"'), lines.join('\n'));
});

test('JSON pointers read as paths', () => {
  assert.equal(jsonPath(''), '(root)');
  assert.equal(jsonPath('/patterns/1/score'), 'patterns[1].score');
  assert.equal(jsonPath('/sources/0/a~1b'), 'sources[0].a/b');
});

test('config problems come with hints: the key or kind probably meant, alternatives on one line', () => {
  const validate = schemaValidator('estate.schema.json');
  const config = {
    sampleSise: 100,
    workers: 'many',
    sources: [
      { name: 'a', type: 'postgress', url: 'postgres://db/crm' },
      { name: 'c', type: 'files', path: '/tmp', objectsPerDataSet: 3 },
    ],
  };
  assert.equal(validate(config), false);
  assert.deepEqual(describeSchemaErrors(validate.errors, 'estate.schema.json'), [
    '(root): unknown key "sampleSise"; did you mean "sampleSize"?',
    'workers: must be "auto" or must be integer',
    'sources[0]: type: "postgress" is not a known kind; did you mean "postgres"? (postgres, mysql, sqlite, s3, files)',
    'sources[1]: unknown key "objectsPerDataSet"; did you mean "objectsPerDataset"?',
  ]);
});
