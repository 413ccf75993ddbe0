/** The shape of `piimap export --format gdpr` (catalog-schema/gdpr.schema.json). */
import type { FindingReview } from '../catalog/catalog-queries.js';
import type { DetectorDefinition, Sensitivity } from '../detection/detector-definition.js';
import type { Contact, ProcessingActivity } from './gdpr-activities.js';

export const GDPR_SCHEMA_ID = 'https://piimap.dev/schema/gdpr.schema.json';

/** A row of the catalog's `sources` table (location already redacted). */
export interface GdprSource {
  name: string;
  kind: string;
  location: string;
}

/** What the data map needs of a detector definition. */
export type GdprDetectorInfo = Pick<
  DetectorDefinition,
  'id' | 'type' | 'category' | 'specialCategory' | 'sensitivity'
>;

export interface GdprFieldEntry {
  /** SOURCE.ASSET.FIELD, the lookup handle. */
  id: string;
  field: string;
  /** JSON path inside the field, for JSON columns and documents. */
  path?: string;
  type: string;
  detector: string;
  label: 'is' | 'contains';
  prevalence: number;
  confidence: number;
  sensitivity: Sensitivity | null;
  specialCategory: string | false;
  review?: Pick<FindingReview, 'state' | 'by' | 'at'> & { detectedType?: string };
}

export interface GdprCategoryEntry {
  category: string;
  label: string;
  types: string[];
  specialCategories: string[];
  highestSensitivity: Sensitivity | null;
  fields: GdprFieldEntry[];
}

export interface GdprLastVerified {
  scanId: number;
  scannedAt: string;
  /** Every personal-data finding of the asset was confirmed (or retyped) by a person. */
  confirmedByPerson: boolean;
  confirmedFindings: number;
  findings: number;
  reviewedBy: string[];
  reviewedAt: string | null;
}

export interface GdprAsset {
  /** SOURCE.ASSET. */
  id: string;
  asset: string;
  categories: GdprCategoryEntry[];
  specialCategories: string[];
  highestSensitivity: Sensitivity | null;
  lastVerified: GdprLastVerified;
  /** With activities: the ids of the activities covering this asset (empty: unmapped). */
  activities?: string[];
}

export interface GdprSystem {
  source: string;
  kind: string | null;
  location: string | null;
  categories: string[];
  specialCategories: string[];
  highestSensitivity: Sensitivity | null;
  assets: GdprAsset[];
}

/** An Article 30 record: an activity from the activities file joined with what the scan found. */
export interface GdprActivityRecord extends ProcessingActivity {
  categories: string[];
  specialCategories: string[];
  highestSensitivity: Sensitivity | null;
  systems: { source: string; kind: string | null; location: string | null; assets: string[] }[];
  /** Patterns of `assets` that match no scanned source or asset (a typo, or not scanned yet). */
  unmatchedPatterns: string[];
}

/** An asset holding personal data that no activity covers: the privacy team must act on it. */
export interface GdprUnmappedAsset {
  id: string;
  source: string;
  asset: string;
  categories: string[];
  specialCategories: string[];
  highestSensitivity: Sensitivity | null;
}

export interface GdprDataMap {
  $schema: typeof GDPR_SCHEMA_ID;
  generatedAt: string;
  summary: {
    systemsScanned: number;
    assetsScanned: number;
    assetsWithPersonalData: number;
    unmappedAssets?: number;
  };
  /** The categories used below, with their labels. */
  categories: { id: string; label: string }[];
  systems: GdprSystem[];
  controller?: Contact;
  dpo?: Contact;
  activities?: GdprActivityRecord[];
  unmapped?: GdprUnmappedAsset[];
}
