import type { ObjectSampleDetails } from '../sources/source-adapter.js';

/** What the scan pipeline hands the catalog for one asset: counts and verdicts, never raw values. */
export interface FindingRecord {
  /** JSON path inside the field (`$.user.email`), or '' for the field itself. */
  path: string;
  type: string;
  detector: string;
  matched: number;
  nonEmpty: number;
  prevalence: number;
  confidence: number;
  label: 'is' | 'contains';
  evidence: Record<string, unknown>;
  /** Masked examples (`j***@***.com`) when the scan was asked to keep some. */
  examples?: string[];
}

export interface FieldRecord {
  name: string;
  dataType: string;
  position: number;
  valuesSeen: number;
  nonEmpty: number;
  /** Why the field's values were not scanned (bytea, permissions), if they were not. */
  skipped?: string;
  findings: FindingRecord[];
}

/** A dataset's objects: how many, which were read (keys masked), which were skipped and why. */
export type ObjectsRecord = ObjectSampleDetails & {
  /** Fields beyond the per-dataset limit whose values were not scanned. */
  fieldsNotTracked?: number;
};

export interface AssetRecord {
  name: string;
  kind: string;
  status: 'committed' | 'metadata-only';
  samplingMethod: string;
  rowsSampled: number;
  rowEstimate?: number;
  startedAt: string;
  finishedAt: string;
  fields: FieldRecord[];
  /** Files and S3 datasets: the objects behind the asset. */
  objects?: ObjectsRecord;
  /** What the asset looked like before it was read (incremental scans); null where unknown. */
  fingerprint?: string | null;
  /** The hash of the settings it was scanned with (see scan-settings-hash.ts). */
  settingsHash?: string;
}

export interface SourceRecord {
  name: string;
  kind: string;
  /** Where the source is, with any password removed. */
  location: string;
}

export interface ScanRecord {
  piimapVersion: string;
  host: string;
  userName: string;
  options: Record<string, unknown>;
  /** What decides the scan's results, hashed without credentials (scan-settings-hash.ts). */
  configHash?: string;
}
