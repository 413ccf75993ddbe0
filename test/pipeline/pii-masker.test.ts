import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineFromFlags } from '../../src/cli/detector-setup.js';
import { PiiMasker } from '../../src/pipeline/pii-masker.js';

test('PII in a key is masked in place; the rest of the key is kept', async () => {
  const masker = new PiiMasker(await engineFromFlags({}));
  const masked = masker.mask('users/jane.doe@example.com/profile.json');
  assert.ok(!masked.includes('jane.doe@example.com'));
  assert.match(masked, /^users\/.*\*.*\/profile\.json$/);
  assert.equal(masker.holdsPii('jane.doe@example.com'), true);
  assert.equal(masker.holdsPii('exports'), false);
  assert.equal(
    masker.mask('logs/app/2026-11-23/part-0001.jsonl.gz'),
    'logs/app/2026-11-23/part-0001.jsonl.gz',
  );
});

test('a file named after an SSN is masked, its extension kept', async () => {
  const masker = new PiiMasker(await engineFromFlags({}));
  const masked = masker.mask('s3://b/exports/536-22-8190.csv');
  assert.ok(!masked.includes('536-22-8190'), masked);
  assert.match(masked, /^s3:\/\/b\/exports\/.*\*.*\.csv$/);
});
