import { type CatalogDiff, hasNewPii } from './catalog-diff.js';
import type { ScanRef } from './diff-scans.js';

/** What `piimap diff --json` prints: the two scans, whether new PII appeared, counts, the changes. */
export interface DiffReport extends CatalogDiff {
  from: ScanRef;
  to: ScanRef;
  /** A field became PII or a new asset holds PII (`--fail-on-new` exits 4). */
  newPii: boolean;
  summary: Record<keyof CatalogDiff, number>;
}

export function diffReport(from: ScanRef, to: ScanRef, diff: CatalogDiff): DiffReport {
  return {
    from,
    to,
    newPii: hasNewPii(diff),
    summary: {
      newAssets: diff.newAssets.length,
      removedAssets: diff.removedAssets.length,
      newFields: diff.newFields.length,
      removedFields: diff.removedFields.length,
      becamePii: diff.becamePii.length,
      stoppedBeingPii: diff.stoppedBeingPii.length,
      typeChanged: diff.typeChanged.length,
      confidenceBand: diff.confidenceBand.length,
    },
    ...diff,
  };
}
