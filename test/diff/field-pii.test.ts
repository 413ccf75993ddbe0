import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurrentFinding } from '../../src/catalog/catalog-queries.js';
import { confidenceBand, fieldPii } from '../../src/diff/field-pii.js';

const finding = (type: string, confidence: number, extra: Partial<CurrentFinding> = {}): CurrentFinding => ({
  path: '',
  type,
  detector: type,
  confidence,
  prevalence: 0.5,
  label: 'contains',
  matched: 5,
  evidence: {},
  examples: null,
  ...extra,
});
const review = (state: 'confirmed' | 'rejected' | 'retyped' | 'needs-review', type?: string) => ({
  state,
  by: 'ana',
  at: '2026-11-23T10:00:00.000Z',
  ...(type !== undefined && { type }),
});

test('bands: below 0.5, 0.5 to 0.8, from 0.8', () => {
  assert.deepEqual([0.1, 0.49, 0.5, 0.79, 0.8, 1].map(confidenceBand), [
    'low',
    'low',
    'medium',
    'medium',
    'high',
    'high',
  ]);
});

test('a type counts from the classification threshold, at its best detector and path', () => {
  const pii = fieldPii({
    findings: [
      finding('email', 0.6, { detector: 'email-a' }),
      finding('email', 0.9, { detector: 'email-b', path: '$.user.email' }),
      finding('phone', 0.4),
    ],
  });
  assert.deepEqual([...pii], [['email', 0.9]]);
});

test('reviews: rejected is not PII, retyped is the reviewer type, confirmed counts below the threshold', () => {
  const pii = fieldPii({
    findings: [
      finding('email', 0.95, { review: review('rejected') }),
      finding('ssn', 0.7, { review: review('retyped', 'national_id') }),
      finding('phone', 0.3, { review: review('confirmed') }),
      finding('iban', 0.3, { review: review('needs-review') }),
    ],
  });
  assert.deepEqual([...pii].sort(), [
    ['national_id', 0.7],
    ['phone', 0.3],
  ]);
});
