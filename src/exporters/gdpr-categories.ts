/**
 * The one place that turns detector metadata into the GDPR data map's vocabulary: a detector's
 * `category` (detectors/*.json) → the category of personal data a privacy team reads, and the
 * ordering of sensitivities.
 *
 * | detector category   | data map category       | label                     | Art. 9    |
 * |---------------------|-------------------------|---------------------------|-----------|
 * | contact             | contact-details         | Contact details           |           |
 * | identity            | identity                | Identity data             |           |
 * | demographic         | demographic             | Demographic data          |           |
 * | financial           | financial               | Financial data            |           |
 * | government-id       | government-identifiers  | Government identifiers    |           |
 * | online-id           | online-identifiers      | Online identifiers        |           |
 * | location            | location                | Location and address data |           |
 * | health              | health                  | Health data               | health    |
 * | biometric           | biometric               | Biometric data            | biometric |
 * | genetic             | genetic                 | Genetic data              | genetic   |
 * | anything else       | the detector's category | the category, as words    |           |
 * | (no detector known) | other                   | Other personal data       |           |
 *
 * A finding is a special category (Art. 9) when its detector's `specialCategory` names one, or when
 * its category is one of the Art. 9 categories above.
 */
import type { DetectorDefinition, Sensitivity } from '../detection/detector-definition.js';

export interface GdprCategory {
  id: string;
  label: string;
  /** The GDPR Art. 9 special category the category itself is, if any. */
  article9?: string;
}

const BY_DETECTOR_CATEGORY: ReadonlyMap<string, GdprCategory> = new Map(
  Object.entries({
    contact: { id: 'contact-details', label: 'Contact details' },
    identity: { id: 'identity', label: 'Identity data' },
    demographic: { id: 'demographic', label: 'Demographic data' },
    financial: { id: 'financial', label: 'Financial data' },
    'government-id': { id: 'government-identifiers', label: 'Government identifiers' },
    'online-id': { id: 'online-identifiers', label: 'Online identifiers' },
    location: { id: 'location', label: 'Location and address data' },
    health: { id: 'health', label: 'Health data', article9: 'health' },
    biometric: { id: 'biometric', label: 'Biometric data', article9: 'biometric' },
    genetic: { id: 'genetic', label: 'Genetic data', article9: 'genetic' },
  }),
);

/** A type no loaded detector reports (a user detector not loaded, a reviewer's new type). */
export const OTHER_CATEGORY: GdprCategory = { id: 'other', label: 'Other personal data' };

const BY_ID = new Map([...BY_DETECTOR_CATEGORY.values()].map((category) => [category.id, category]));

/** A detector category (or a data map category's id, e.g. `contact-details`) → its data map category. */
export function gdprCategoryOf(detectorCategory: string): GdprCategory {
  return (
    BY_DETECTOR_CATEGORY.get(detectorCategory) ??
    BY_ID.get(detectorCategory) ?? {
      id: detectorCategory,
      label: `${detectorCategory.charAt(0).toUpperCase()}${detectorCategory.slice(1).replace(/-/g, ' ')} data`,
    }
  );
}

/** The Art. 9 special category a detector's findings reveal, or false. */
export function specialCategoryOf(
  detector: Pick<DetectorDefinition, 'category' | 'specialCategory'>,
): string | false {
  return detector.specialCategory || (gdprCategoryOf(detector.category).article9 ?? false);
}

const SENSITIVITY_RANK: Readonly<Record<Sensitivity, number>> = { low: 0, medium: 1, high: 2, restricted: 3 };

/** The highest of some sensitivities; null when none is known. */
export function highestSensitivity(sensitivities: Iterable<Sensitivity | null>): Sensitivity | null {
  let highest: Sensitivity | null = null;
  for (const s of sensitivities) {
    if (s !== null && (highest === null || SENSITIVITY_RANK[s] > SENSITIVITY_RANK[highest])) highest = s;
  }
  return highest;
}
