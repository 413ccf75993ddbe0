import { initialSchema } from './001-initial.js';
import { datasetObjects } from './002-dataset-objects.js';
import { reviews } from './003-reviews.js';
import { assetScanIndex } from './004-asset-scan-index.js';
import { scanLock } from './005-scan-lock.js';
import { incrementalAudit } from './006-incremental-audit.js';

/** Ordered catalog migrations; a catalog records the versions it has applied. Append, never edit. */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  { version: 1, sql: initialSchema },
  { version: 2, sql: datasetObjects },
  { version: 3, sql: reviews },
  { version: 4, sql: assetScanIndex },
  { version: 5, sql: scanLock },
  { version: 6, sql: incrementalAudit },
];
