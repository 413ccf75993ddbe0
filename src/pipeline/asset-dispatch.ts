/**
 * The seam between planning a source and scanning its assets. scan-source.ts opens and lists the
 * source, decides what is unchanged or already committed, and records every outcome in the
 * catalog; a dispatch only gets the planned assets scanned — here, a few at a time (local-lanes.ts),
 * or by `piimap worker` processes through a queue (src/queue/) — and reports what became of each.
 */
import type { AssetRecord } from '../catalog/catalog-records.js';
import type { SourceConfig } from '../config/estate-config.js';
import type { SourceAdapter } from '../sources/source-adapter.js';
import type { AssetToScan } from './incremental-plan.js';
import type { AssetScanContext } from './scan-context.js';

/** What becomes of each asset; the catalog is written here (a CatalogError thrown stops the dispatch). */
export interface AssetOutcomes {
  started(asset: AssetToScan): void;
  committed(asset: AssetToScan, record: AssetRecord): void;
  /** `error` is redacted before it is stored or printed. */
  failed(asset: AssetToScan, error: unknown, startedAt: string): void;
}

/** A source once planned: open and listed. */
export interface PlannedSource {
  scanId: number;
  config: SourceConfig;
  source: SourceAdapter;
  /** The source's settings hash (scan-settings-hash.ts), stored with each asset's results. */
  settingsHash: string;
  /** The scan's context; the source's own sampleSize and maxRowsPerSecond are not applied yet. */
  context: AssetScanContext;
  /** Closes the source (ends its connections) early; scan-source.ts closes it at the end anyway. */
  release(): Promise<void>;
}

export interface SourceDispatch {
  /** Before the source is listed, e.g. a queue settles what an earlier run left in it. */
  prepare(stopped: () => boolean): Promise<void>;
  /**
   * Gets `assets` scanned, reporting each through `outcomes`, until all are done or `stopped()`
   * (a signal, the time budget): then none starts any more, those in flight finish. Returns the
   * assets that never started.
   */
  run(
    plan: PlannedSource,
    assets: readonly AssetToScan[],
    outcomes: AssetOutcomes,
    stopped: () => boolean,
  ): Promise<AssetToScan[]>;
  close(): Promise<void>;
}

/** Where a scan's assets are scanned. */
export interface AssetDispatcher {
  /** Sources planned and scanned at once (a local scan: one after the other). */
  readonly sourcesAtOnce: number;
  forSource(config: SourceConfig, scanId: number): SourceDispatch;
}
