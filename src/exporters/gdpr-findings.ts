import type { CurrentField, CurrentFinding } from '../catalog/catalog-queries.js';
import { fieldId } from '../catalog/field-lookup.js';
import { effectiveFinding } from '../catalog/review-rules.js';
import { type GdprCategory, OTHER_CATEGORY, gdprCategoryOf, specialCategoryOf } from './gdpr-categories.js';
import { compareText } from './gdpr-order.js';
import type { GdprDetectorInfo, GdprFieldEntry } from './gdpr-records.js';

/** A field's personal-data finding as the data map lists it, with its data map category. */
export interface GdprFinding {
  category: GdprCategory;
  entry: GdprFieldEntry;
}

/**
 * The classifications of a field, as reviews leave them (review-rules.ts `effectiveFinding`):
 * `rejected` drops a finding, `retyped` gives it the reviewer's type, `confirmed` keeps it whatever
 * its confidence; otherwise confidence decides. One entry per path and type: a person-confirmed
 * finding before the others, then the most confident.
 */
export function gdprFindings(field: CurrentField, detectors: DetectorIndex): GdprFinding[] {
  const best = new Map<string, { finding: CurrentFinding; type: string }>();
  for (const finding of field.findings) {
    const { type, classified } = effectiveFinding(finding);
    if (!classified) continue;
    const key = `${finding.path}\0${type}`;
    const known = best.get(key);
    if (known === undefined || rank(finding) > rank(known.finding)) best.set(key, { finding, type });
  }
  return [...best.values()].map(({ finding, type }) => {
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

export function isPersonConfirmed(entry: Pick<GdprFieldEntry, 'review'>): boolean {
  return entry.review?.state === 'confirmed' || entry.review?.state === 'retyped';
}

function rank(finding: CurrentFinding): number {
  return (isPersonConfirmed(finding) ? 2 : 0) + finding.confidence;
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
