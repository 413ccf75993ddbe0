/**
 * The scan pipeline, in order: open the catalog (before connecting anywhere) → for each source:
 * list assets → skip the unchanged (incremental) and the already committed (`--resume`) → per
 * asset: sample → detect (worker pool) → classify → one catalog transaction. A failing source or
 * asset is recorded and the scan goes on; a signal or the time budget stops new assets starting.
 * Where the per-asset work runs is the dispatcher's business (asset-dispatch.ts): in this process,
 * or on `piimap worker` processes through a queue, with this process the catalog's one writer.
 */
import { hostname, userInfo } from 'node:os';
import { sourcesLeftByBudget } from '../catalog/incremental-state.js';
import type { ScanRecord } from '../catalog/catalog-records.js';
import type { SqliteCatalogStore } from '../catalog/catalog-store.js';
import type { EstateConfig, SourceConfig } from '../config/estate-config.js';
import type { DetectionOptions } from '../detection/detection-options.js';
import type { LoadedDetector } from '../detection/detector-definition.js';
import { CatalogError } from '../shared/errors.js';
import type { SourceServices } from '../sources/registry.js';
import type { AssetDispatcher } from './asset-dispatch.js';
import { localDispatcher } from './local-lanes.js';
import { PiiMasker } from './pii-masker.js';
import type { FindingFilter } from './finding-filter.js';
import type { AssetScanContext } from './scan-asset.js';
import { ScanBudget } from './scan-budget.js';
import { scanDetection } from './scan-detection.js';
import type { ScanReporter, SourceSummary } from './scan-reporter.js';
import { type ResultSettings, estateSettingsHashes } from './scan-settings-hash.js';
import { emptySummary, scanSource, type SourceScanRun } from './scan-source.js';

export interface ScanSettings {
  sources: SourceConfig[];
  baseDir: string;
  sampleSize: number;
  maxValueBytes: number;
  keepExamples: boolean;
  workers: number;
  /** Values detected on the main thread before the `workers` start (worker-count.ts); absent: at once. */
  workersAfterValues?: number;
  full: boolean;
  /** Makes sampling repeatable where the source supports it. */
  seed?: number;
  detectors: LoadedDetector[];
  detection: Partial<DetectionOptions>;
  allow: NonNullable<EstateConfig['allow']>;
  filter: FindingFilter;
  piimapVersion: string;
  /** `--changed-only`: skip assets unchanged since their last scan, in every source. */
  changedOnly: boolean;
  /** `--max-age`: an asset last scanned longer ago than this is scanned even if unchanged. */
  maxAgeMs: number;
  /** `--time-budget`: no asset starts after this much time; the rest is left for the next run. */
  timeBudgetMs?: number;
  /** `--resume`: continue this interrupted scan (its id is kept). */
  resumeScanId?: number;
  /** Called once the scan's row exists (the catalog lock records its id). */
  onScanStarted?: (scanId: number) => void;
  /** Aborted (SIGINT/SIGTERM): no new asset starts; those in flight finish; the scan is `interrupted`. */
  signal?: AbortSignal;
  /** Where assets are scanned once planned: here (the default) or on queue workers (`--queue`). */
  dispatcher?: AssetDispatcher;
}

export interface ScanResult {
  scanId: number;
  failures: number;
  /** Assets (and sources) the time budget left for the next run. */
  deferred: number;
  sources: SourceSummary[];
}

/** The hash `--resume` compares: what decides the scan's results, credentials left out. */
export function scanConfigHash(settings: ScanSettings): string {
  return estateSettingsHashes(settings.sources, resultSettings(settings)).config;
}

export async function runScan(
  store: SqliteCatalogStore,
  settings: ScanSettings,
  report: ScanReporter,
): Promise<ScanResult> {
  const startedMs = Date.now();
  const budget = new ScanBudget(settings.timeBudgetMs);
  const detection = scanDetection(settings);
  const context: AssetScanContext = {
    ...detection.context,
    sample: {
      sampleSize: settings.sampleSize,
      maxValueBytes: settings.maxValueBytes,
      full: settings.full,
      ...(settings.seed !== undefined && { seed: settings.seed }),
    },
    keepExamples: settings.keepExamples,
  };
  const hashes = estateSettingsHashes(settings.sources, resultSettings(settings));
  const scanRecord: ScanRecord = {
    piimapVersion: settings.piimapVersion,
    host: hostname(),
    userName: userInfo().username,
    configHash: hashes.config,
    options: {
      sources: settings.sources.map((s) => ({ name: s.name, type: s.type })),
      sampleSize: settings.sampleSize,
      maxValueBytes: settings.maxValueBytes,
      full: settings.full,
      ...(settings.seed !== undefined && { seed: settings.seed }),
      examples: settings.keepExamples ? 'masked' : 'none',
      changedOnly: settings.changedOnly,
      maxAgeMs: settings.maxAgeMs,
      ...(settings.timeBudgetMs !== undefined && { timeBudgetMs: settings.timeBudgetMs }),
    },
  };
  let scanId: number;
  if (settings.resumeScanId !== undefined) {
    scanId = settings.resumeScanId;
    store.resumeScan(scanId, scanRecord);
  } else scanId = store.startScan(scanRecord);
  settings.onScanStarted?.(scanId);
  report({
    event: 'scan-started',
    scanId,
    catalog: store.path,
    sources: settings.sources.length,
    ...(settings.resumeScanId !== undefined && { resumed: true }),
    ...((settings.changedOnly || settings.sources.some((s) => s.incremental === true)) && {
      incremental: true,
    }),
  });
  const dispatcher = settings.dispatcher ?? localDispatcher;
  // A catalog that fails under one source stops the others (queue scans run several at once).
  const halt = new AbortController();
  const run: SourceScanRun = {
    store,
    scanId,
    baseDir: settings.baseDir,
    allowAssets: settings.allow.assets ?? [],
    context,
    services: { masker: new PiiMasker(detection.engine) } satisfies SourceServices,
    report,
    dispatcher,
    changedOnly: settings.changedOnly,
    maxAgeMs: settings.maxAgeMs,
    resuming: settings.resumeScanId !== undefined,
    budget,
    ...(settings.signal && { signal: settings.signal }),
    halt: halt.signal,
  };
  const ordered = sourcesInOrder(store, settings.sources);
  // By position in `ordered`: sources a signal kept from starting leave holes.
  const slots: (SourceSummary | undefined)[] = [];
  let sourcesDeferred = 0;
  let catalogFailure: unknown;
  try {
    // Sources are taken in order, `sourcesAtOnce` at a time (a local scan: one after the other).
    let next = 0;
    const lane = async () => {
      while (next < ordered.length && settings.signal?.aborted !== true && !halt.signal.aborted) {
        const index = next++;
        const config = ordered[index] as SourceConfig;
        if (budget.spent()) {
          // Not reached: recorded, so the next run starts with it.
          store.sourceStarted(scanId, config.name, config.type);
          store.sourceFinished(scanId, config.name, 'deferred');
          sourcesDeferred++;
          slots[index] = emptySummary(config.name);
          continue;
        }
        try {
          slots[index] = await scanSource(run, config, hashes.bySource.get(config.name) as string);
        } catch (error) {
          catalogFailure ??= error;
          halt.abort();
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(dispatcher.sourcesAtOnce, ordered.length)) }, lane),
    );
    if (catalogFailure !== undefined) throw catalogFailure;
  } catch (error) {
    // Only a catalog failure gets here (a source's own errors are recorded on it). Its committed
    // assets are kept; the scan is marked interrupted if the catalog still takes that much, and
    // `--resume` continues it once there is room.
    try {
      store.finishScan(scanId, 'interrupted', 'catalog-write-failed');
    } catch {
      // Still full: the lock's takeover by the next scan marks it interrupted.
    }
    if (error instanceof CatalogError)
      throw new CatalogError(
        `${error.message}; once there is room, run piimap scan --resume to finish scan ${scanId}`,
        {
          cause: error,
        },
      );
    throw error;
  } finally {
    await detection.close();
  }
  const summaries = slots.filter((s): s is SourceSummary => s !== undefined);
  const failures = summaries.reduce((sum, s) => sum + s.assetsFailed + (s.error ? 1 : 0), 0);
  const deferred = summaries.reduce((sum, s) => sum + s.assetsDeferred, 0) + sourcesDeferred;
  if (deferred > 0)
    report({ event: 'budget-exhausted', budgetMs: settings.timeBudgetMs ?? 0, assetsLeft: deferred });
  const aborted = settings.signal?.aborted === true;
  const stopReason = aborted
    ? String(settings.signal?.reason ?? 'signal')
    : deferred > 0
      ? 'time-budget'
      : undefined;
  const status =
    stopReason !== undefined ? 'interrupted' : failures > 0 ? 'completed-with-errors' : 'completed';
  store.finishScan(scanId, status, stopReason);
  report({
    event: 'summary',
    scanId,
    status,
    ...(stopReason !== undefined && { stopReason }),
    durationMs: Date.now() - startedMs,
    sources: summaries,
  });
  return { scanId, failures, deferred, sources: summaries };
}

/** Sources the time budget cut short last time go first; the rest keep the config's order. */
function sourcesInOrder(store: SqliteCatalogStore, sources: readonly SourceConfig[]): SourceConfig[] {
  const leftOver = sourcesLeftByBudget(store);
  return [...sources.filter((s) => leftOver.has(s.name)), ...sources.filter((s) => !leftOver.has(s.name))];
}

function resultSettings(settings: ScanSettings): ResultSettings {
  return {
    piimapVersion: settings.piimapVersion,
    baseDir: settings.baseDir,
    sampleSize: settings.sampleSize,
    maxValueBytes: settings.maxValueBytes,
    full: settings.full,
    ...(settings.seed !== undefined && { seed: settings.seed }),
    keepExamples: settings.keepExamples,
    detectors: settings.detectors,
    detection: settings.detection,
    allow: settings.allow,
  };
}
