import type { CurrentField, CurrentFinding, FindingReview } from '../catalog/catalog-queries.js';
import { fieldId, lookupFields } from '../catalog/field-lookup.js';
import { effectiveFinding } from '../catalog/review-rules.js';

export const REVIEW_FILTERS = ['confirmed', 'rejected', 'retyped', 'needs-review', 'none'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

/** What `GET /fields` narrows the catalog to; every condition given must hold. */
export interface FieldFilter {
  /** Globs (`*`) on one part of the id each, as `lookup --source/--asset/--field`. */
  source?: string;
  asset?: string;
  field?: string;
  /** Text the field's id (SOURCE.ASSET.FIELD) contains, ignoring case. */
  q?: string;
  pii?: boolean;
  /** Rescanned or reviewed at or after this time (ISO 8601). */
  changedSince?: string;
  /** Conditions on one finding of the field (see findingMatcher). */
  type?: string;
  label?: 'is' | 'contains';
  minConfidence?: number;
  review?: ReviewFilter;
}

/** The fields the filter keeps, in the order given; nothing is mapped or serialized here. */
export function filterFields(fields: readonly CurrentField[], filter: FieldFilter): readonly CurrentField[] {
  const { source, asset, field } = filter;
  const scoped =
    source === undefined && asset === undefined && field === undefined
      ? fields
      : lookupFields(fields, {
          ...(source !== undefined && { source }),
          ...(asset !== undefined && { asset }),
          ...(field !== undefined && { field }),
        });
  const since = filter.changedSince !== undefined ? Date.parse(filter.changedSince) : undefined;
  const finding = findingMatcher(filter);
  const text = filter.q?.toLowerCase();
  return scoped.filter(
    (f) =>
      (text === undefined || fieldId(f).toLowerCase().includes(text)) &&
      (filter.pii === undefined || isPii(f) === filter.pii) &&
      (since === undefined || changedAt(f) >= since) &&
      (finding === undefined || f.findings.some(finding)),
  );
}

/** As `lookup` decides it: some finding is a classification, by confidence or by a person's review. */
function isPii(field: CurrentField): boolean {
  return field.findings.some((f) => effectiveFinding(f).classified);
}

/** When the field's record last changed: its asset's latest scan, or a later review of one of its findings. */
function changedAt(field: CurrentField): number {
  return Math.max(
    Date.parse(field.scannedAt),
    ...field.findings.map((f) => (f.review !== undefined ? Date.parse(f.review.at) : 0)),
  );
}

/**
 * type, label, minConfidence and review describe one finding; a field matches when one of its
 * findings meets all of those given. Which findings count: with `review`, those in that review
 * state whatever their confidence; else with `minConfidence`, those at or above it that no person
 * rejected; else the classifications (confidence ≥ 0.5, or confirmed/retyped by a person, and not
 * rejected). `type` is the effective type (a retype's new type).
 */
function findingMatcher(filter: FieldFilter): ((finding: CurrentFinding) => boolean) | undefined {
  const { type, label, minConfidence, review } = filter;
  if (type === undefined && label === undefined && minConfidence === undefined && review === undefined)
    return undefined;
  return (finding) => {
    const effective = effectiveFinding(finding);
    const counts =
      review !== undefined
        ? reviewState(finding.review) === review
        : minConfidence !== undefined
          ? finding.review?.state !== 'rejected'
          : effective.classified;
    return (
      counts &&
      (type === undefined || effective.type === type) &&
      (label === undefined || finding.label === label) &&
      (minConfidence === undefined || finding.confidence >= minConfidence)
    );
  };
}

function reviewState(review: FindingReview | undefined): ReviewFilter {
  return review?.state ?? 'none';
}
