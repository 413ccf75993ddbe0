import type { CurrentField, CurrentFinding } from '../catalog/catalog-queries.js';
import { fieldId } from '../catalog/field-lookup.js';
import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';
import {
  type GdprCategory,
  OTHER_CATEGORY,
  compareText,
  gdprCategoryOf,
  specialCategoryOf,
} from './gdpr-categories.js';
import type { GdprDetectorInfo, GdprFieldEntry } from './gdpr-records.js';

/** A field's personal-data finding as the data map lists it, with its data map category. */
export interface GdprFinding {
  category: GdprCategory;
  entry: GdprFieldEntry;
}

/**
 * The classifications of a field, after reviews: `rejected` drops a finding, `retyped` gives it the
 * reviewer's type, `confirmed` keeps it whatever its confidence; otherwise (no review, or
 * `needs-review`: a rejection the evidence has since outgrown) confidence ≥ CLASSIFICATION_CONFIDENCE
 * decides. One entry per path and type: a reviewed finding before an unreviewed one, then the most
 * confident.
 */
export function gdprFindings(field: CurrentField, detectors: DetectorIndex): GdprFinding[] {
  const best = new Map<string, CurrentFinding>();
  for (const finding of field.findings) {
    if (!isClassification(finding)) continue;
    const key = `${finding.path}\0${effectiveType(finding)}`;
    const known = best.get(key);
    if (known === undefined || rank(finding) > rank(known)) best.set(key, finding);
  }
  return [...best.values()].map((finding) => {
    const type = effectiveType(finding);
    const detector = detectors.resolve(finding.detector, type);
    const { review } = finding;
    return {
      category: detector === undefined ? OTHER_CATEGORY : gdprCategoryOf(detector.category),
      entry: {
        id: fieldId(field),
        field: field.field,
        ...(finding.path !== '' && { path: finding.path }),
        type,
        detector: finding.detector,
        label: finding.label,
        prevalence: finding.prevalence,
        confidence: finding.confidence,
        sensitivity: detector?.sensitivity ?? null,
        specialCategory: detector === undefined ? false : specialCategoryOf(detector),
        ...(review !== undefined && {
          review: {
            state: review.state,
            by: review.by,
            at: review.at,
            ...(type !== finding.type && { detectedType: finding.type }),
          },
        }),
      },
    };
  });
}

export function isPersonConfirmed(entry: GdprFieldEntry): boolean {
  return entry.review?.state === 'confirmed' || entry.review?.state === 'retyped';
}

function isClassification(finding: CurrentFinding): boolean {
  switch (finding.review?.state) {
    case 'rejected':
      return false;
    case 'confirmed':
    case 'retyped':
      return true;
    default:
      return finding.confidence >= CLASSIFICATION_CONFIDENCE;
  }
}

function effectiveType(finding: CurrentFinding): string {
  return finding.review?.state === 'retyped' && finding.review.type ? finding.review.type : finding.type;
}

function rank(finding: CurrentFinding): number {
  const confirmed = finding.review?.state === 'confirmed' || finding.review?.state === 'retyped';
  return (confirmed ? 2 : 0) + finding.confidence;
}

/** Detector metadata by id and by type. */
export class DetectorIndex {
  private readonly byId = new Map<string, GdprDetectorInfo>();
  private readonly byType = new Map<string, GdprDetectorInfo>();

  constructor(detectors: readonly GdprDetectorInfo[]) {
    for (const d of [...detectors].sort((a, b) => compareText(a.id, b.id))) {
      this.byId.set(d.id, d);
      if (!this.byType.has(d.type)) this.byType.set(d.type, d);
    }
  }

  /** The finding's own detector when it reports `type`; else the first (by id) that does. */
  resolve(detectorId: string, type: string): GdprDetectorInfo | undefined {
    const own = this.byId.get(detectorId);
    return own?.type === type ? own : this.byType.get(type);
  }
}
