/**
 * `piimap scan --report <file>`: what one scan did, for an audit trail or a CI step — read from
 * the catalog once the scan has finished (catalog-schema/scan-report.schema.json). It carries
 * names, types, counts and the (already redacted) errors the catalog holds; never a value.
 */
import type { FieldTypes, TypeChange } from '../diff/catalog-diff.js';

export const SCAN_REPORT_SCHEMA_ID = 'https://piimap.dev/schema/scan-report.schema.json';

export interface ScanReport {
  $schema: typeof SCAN_REPORT_SCHEMA_ID;
  scanId: number;
  /** `completed`, `completed-with-errors`, `interrupted`, `failed` (a scan still `running` has no report). */
  status: string;
  /** Why it stopped before the end: `time-budget`, `SIGINT`, `SIGTERM`; null when it ran to the end. */
  stopReason: string | null;
  /** What `piimap scan` exits with. */
  exitCode: number;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  piimapVersion: string;
  host: string;
  user: string;
  /** Hash of what decides the results (sources, sampling, detectors; no credentials); null if not recorded. */
  configHash: string | null;
  /** How often the scan was resumed (`--resume` keeps its id). */
  resumed: number;
  counts: ScanReportCounts;
  /**
   * The scan compared with: the one before this one, whatever its status (a time budget stops a
   * scan as interrupted; what it did not reach carries over); null for the first scan.
   */
  comparedWith: number | null;
  /** Fields that hold PII now and held none before: became PII, new fields, fields of new assets. */
  newPii: NewPiiField[];
  /** Fields holding PII before and after, with a different set of types. */
  changedPii: TypeChange[];
  /** Fields that held PII and hold none now, or are gone (with their asset, if it went too). */
  stoppedBeingPii: GonePiiField[];
  failures: ScanFailure[];
  skipped: SkippedAsset[];
  sources: SourceReport[];
}

export interface ScanReportCounts {
  /** Assets the sources' listings held (for a source with no recorded listing: its asset rows). */
  assetsListed: number;
  committed: number;
  metadataOnly: number;
  /** Assets that failed (a source that failed as a whole is in `failures` and `sources[].error`). */
  failed: number;
  /** Incremental: skipped as unchanged since their last scan; their findings stand. */
  unchanged: number;
  /** Left for the next run by the time budget. */
  deferred: number;
}

export interface NewPiiField extends FieldTypes {
  /** The field did not exist before. */
  newField: boolean;
  /** Its asset did not exist before (then `newField` too). */
  newAsset: boolean;
}

export interface GonePiiField extends FieldTypes {
  /** The field is gone; `types` are what it held. */
  removedField: boolean;
  /** Its asset is gone (then `removedField` too). */
  removedAsset: boolean;
}

export interface ScanFailure {
  source: string;
  /** null: the source itself failed (could not be opened or listed). */
  asset: string | null;
  error: string;
}

export interface SkippedAsset {
  source: string;
  asset: string;
  /** `unchanged` or `time-budget`; null when the catalog recorded no reason. */
  reason: string | null;
}

export interface SourceReport {
  source: string;
  kind: string;
  /** `done`, `failed`, `deferred` (not reached before the time budget ran out), `scanning`; null if not recorded. */
  status: string | null;
  /** As listed; for a source with no recorded listing (not reached, failed before): its asset rows. */
  assetsListed: number;
  committed: number;
  metadataOnly: number;
  failed: number;
  unchanged: number;
  deferred: number;
  error: string | null;
}
