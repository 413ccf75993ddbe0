import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurrentFinding } from '../../src/catalog/catalog-queries.js';
import { type StoredReview, effectiveFinding, reviewOf } from '../../src/catalog/review-rules.js';

const finding = (over: Partial<CurrentFinding> = {}): CurrentFinding => ({
  path: '',
  type: 'phone',
  detector: 'phone',
  confidence: 0.9,
  prevalence: 0.05,
  label: 'contains',
  matched: 5,
  evidence: {},
  examples: null,
  ...over,
});
const rejected: StoredReview = {
  decision: 'rejected',
  newType: null,
  reviewer: 'dpo',
  reviewedAt: '2026-11-23T10:00:00Z',
  note: null,
  detector: 'phone',
  prevalence: 0.05,
};

test('a rejection holds while the evidence stays put, and returns for review when it changes materially', () => {
  assert.equal(reviewOf(rejected, finding({ prevalence: 0.08 })).state, 'rejected');
  assert.equal(reviewOf(rejected, finding({ prevalence: 0.1 })).state, 'rejected', 'doubled but +0.05 only');
  assert.equal(reviewOf(rejected, finding({ prevalence: 0.2 })).state, 'needs-review');
  assert.equal(reviewOf(rejected, finding({ detector: 'phone_intl' })).state, 'needs-review');
});

test('effective findings: confirmed classifies whatever the confidence, rejected never, retyped by the reviewer', () => {
  const review = { by: 'dpo', at: 'x' };
  assert.deepEqual(
    effectiveFinding(finding({ confidence: 0.3, review: { ...review, state: 'confirmed' } })),
    {
      type: 'phone',
      classified: true,
    },
  );
  assert.equal(effectiveFinding(finding({ review: { ...review, state: 'rejected' } })).classified, false);
  assert.deepEqual(effectiveFinding(finding({ review: { ...review, state: 'retyped', type: 'fax' } })), {
    type: 'fax',
    classified: true,
  });
  assert.equal(effectiveFinding(finding({ review: { ...review, state: 'needs-review' } })).classified, true);
  assert.equal(effectiveFinding(finding({ confidence: 0.3 })).classified, false);
});
