import type { CurrentField } from '../catalog/catalog-queries.js';
import { effectiveFinding } from '../catalog/review-rules.js';
import { CLASSIFICATION_CONFIDENCE, HIGH_CONFIDENCE_BAND } from '../classification/thresholds.js';

/** Where a type's confidence sits: below the classification threshold, classified, or sure. */
export type ConfidenceBand = 'low' | 'medium' | 'high';

export { HIGH_CONFIDENCE_BAND };

export function confidenceBand(confidence: number): ConfidenceBand {
  if (confidence >= HIGH_CONFIDENCE_BAND) return 'high';
  return confidence >= CLASSIFICATION_CONFIDENCE ? 'medium' : 'low';
}

/**
 * A field's classification: each PII type it holds with its best confidence (over detectors and
 * JSON paths — a JSON column carries every type found in any of its paths). Which findings count
 * is `effectiveFinding`'s rule, as lookup and export apply it: confidence ≥
 * CLASSIFICATION_CONFIDENCE, or confirmed/retyped by a person (as the reviewer's type); never a
 * rejected one.
 */
export function fieldPii(field: Pick<CurrentField, 'findings'>): Map<string, number> {
  const types = new Map<string, number>();
  for (const finding of field.findings) {
    const { type, classified } = effectiveFinding(finding);
    if (classified) types.set(type, Math.max(types.get(type) ?? 0, finding.confidence));
  }
  return types;
}
