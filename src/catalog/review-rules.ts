import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';
import type { CurrentFinding, FindingReview } from './catalog-queries.js';

/**
 * A rejected finding stays rejected on later scans unless its evidence changes materially: another
 * detector now finds the type, or its prevalence has at least doubled (and grown by 0.1 or more, so
 * 1% → 2% noise does not count). Then it returns as `needs-review`. Another type on the same field
 * is another finding, unreviewed until someone reviews it.
 */
export const REVIEW_PREVALENCE_FACTOR = 2;
export const REVIEW_PREVALENCE_MIN_RISE = 0.1;

/** A stored decision with the evidence the reviewer saw. */
export interface StoredReview {
  decision: 'confirmed' | 'rejected' | 'retyped';
  newType: string | null;
  reviewer: string;
  reviewedAt: string;
  note: string | null;
  detector: string | null;
  prevalence: number | null;
}

/** What a stored decision means for the finding as the latest scan sees it. */
export function reviewOf(stored: StoredReview, finding: CurrentFinding): FindingReview {
  const base = {
    by: stored.reviewer,
    at: stored.reviewedAt,
    ...(stored.note !== null && { note: stored.note }),
  };
  if (stored.decision === 'retyped')
    return { ...base, state: 'retyped', ...(stored.newType && { type: stored.newType }) };
  if (stored.decision === 'confirmed') return { ...base, state: 'confirmed' };
  return { ...base, state: materiallyChanged(stored, finding) ? 'needs-review' : 'rejected' };
}

function materiallyChanged(stored: StoredReview, finding: CurrentFinding): boolean {
  if (stored.detector !== null && stored.detector !== finding.detector) return true;
  const before = stored.prevalence ?? 0;
  return (
    finding.prevalence >= before * REVIEW_PREVALENCE_FACTOR &&
    finding.prevalence - before >= REVIEW_PREVALENCE_MIN_RISE
  );
}

/**
 * A finding as consumers should take it: a confirmation makes it a classification whatever its
 * confidence, a rejection removes it (a candidate at most), a retype changes its type; otherwise
 * (no review, or one that needs review again) the machine's confidence decides, against
 * `minConfidence` (the masking export lets users move it).
 */
export function effectiveFinding(
  finding: CurrentFinding,
  // An options object, not a bare number: `findings.map(effectiveFinding)` must not pass an index.
  { minConfidence = CLASSIFICATION_CONFIDENCE }: { minConfidence?: number } = {},
): { type: string; classified: boolean } {
  const review = finding.review;
  const machine = finding.confidence >= minConfidence;
  switch (review?.state) {
    case 'confirmed':
      return { type: finding.type, classified: true };
    case 'rejected':
      return { type: finding.type, classified: false };
    case 'retyped':
      return { type: review.type ?? finding.type, classified: true };
    default:
      return { type: finding.type, classified: machine };
  }
}
