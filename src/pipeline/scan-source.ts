/**
 * One source of a scan: open, list, select, decide what is unchanged (incremental) or already
 * done (`--resume`), then scan the rest a few at a time, each asset in its own catalog
 * transaction, until done, interrupted, or out of time budget.
 */
import { assetsDoneInScan, assetsLeftByBudget, lastAssetScans } from '../catalog/incremental-state.js';
import type { AssetRecord } from '../catalog/catalog-records.js';
import { type SqliteCatalogStore, now } from '../catalog/catalog-store.js';
import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';
import type { SourceConfig } from '../config/estate-config.js';
import { CatalogError, errorMessage } from '../shared/errors.js';
import { redactErrorText, redactUrl } from '../shared/redact.js';
import { type SourceServices, openSource } from '../sources/registry.js';
import type { AssetDescriptor, SourceAdapter } from '../sources/source-adapter.js';
import { selectAssets } from './asset-selection.js';
import { type AssetToScan, decideIncremental } from './incremental-plan.js';
import { RowRateLimit } from './row-rate-limit.js';
import { type AssetScanContext, scanAsset } from './scan-asset.js';
import type { ScanBudget } from './scan-budget.js';
import type { ScanReporter, SourceSummary } from './scan-reporter.js';

/** What every source of one scan shares. */
export interface SourceScanRun {
  store: SqliteCatalogStore;
  scanId: number;
  baseDir: string;
  allowAssets: readonly string[];
  context: AssetScanContext;
  services: SourceServices;
  report: ScanReporter;
  /** `--changed-only`: every source is incremental. */
  changedOnly: boolean;
  maxAgeMs: number;
  /** `--resume`: assets this scan committed before it was interrupted are not scanned again. */
  resuming: boolean;
  budget: ScanBudget;
  signal?: AbortSignal;
}

export function emptySummary(source: string): SourceSummary {
  return {
    source,
    assetsScanned: 0,
    assetsFailed: 0,
    assetsUnchanged: 0,
    assetsDeferred: 0,
    piiFieldsByType: {},
  };
}

export async function scanSource(
  run: SourceScanRun,
  config: SourceConfig,
  settingsHash: string,
): Promise<SourceSummary> {
  const { store, scanId, report } = run;
  const summary = emptySummary(config.name);
  store.sourceStarted(scanId, config.name, config.type);
  const fail = (error: unknown) => {
    summary.error = redactErrorText(errorMessage(error));
    store.sourceFinished(scanId, config.name, 'failed', summary.error);
    report({ event: 'source-failed', source: config.name, error: summary.error });
    return summary;
  };
  let source: SourceAdapter;
  let sourceId: number;
  try {
    source = openSource(config, run.baseDir, run.services);
    sourceId = store.source({ name: source.name, kind: source.kind, location: redactUrl(source.location) });
  } catch (error) {
    return fail(error);
  }
  try {
    const listed = await selectAssets(source, config, run.allowAssets);
    store.sourceListed(scanId, source.name, listed.length);
    const done = run.resuming ? assetsDoneInScan(store, scanId, source.name) : new Set<string>();
    const assets = listed.filter((asset) => !done.has(asset.name));
    report({
      event: 'source-listed',
      source: source.name,
      assets: listed.length,
      ...(assets.length < listed.length && { alreadyCommitted: listed.length - assets.length }),
    });
    for (const warning of source.listingWarnings?.() ?? [])
      report({ event: 'source-warning', source: source.name, warning });

    const fingerprints = await fingerprintsOf(source, assets, (warning) =>
      report({ event: 'source-warning', source: source.name, warning }),
    );
    const incremental = run.changedOnly || config.incremental === true;
    const { toScan, unchanged } = decideIncremental(assets, fingerprints, {
      incremental,
      lastScans: incremental ? lastAssetScans(store, source.name) : new Map(),
      settingsHash,
      maxAgeMs: run.maxAgeMs,
      nowMs: Date.now(),
      leftOver: assetsLeftByBudget(store, source.name),
    });
    for (const { asset, last } of unchanged) {
      store.recordAssetSkipped(scanId, sourceId, asset.name, asset.kind, 'unchanged');
      summary.assetsUnchanged++;
      report({
        event: 'asset-unchanged',
        source: source.name,
        asset: asset.name,
        lastScanId: last.scanId,
        lastScannedAt: last.finishedAt,
      });
    }

    const context = sourceContext(run.context, config);
    const scanOne = async ({ asset, fingerprint }: AssetToScan) => {
      const startedAt = now();
      report({ event: 'asset-started', source: source.name, asset: asset.name });
      let record: AssetRecord;
      try {
        record = await scanAsset(source, asset, context);
      } catch (error) {
        const message = redactErrorText(errorMessage(error));
        store.recordAssetFailure(scanId, sourceId, asset.name, asset.kind, message, startedAt);
        summary.assetsFailed++;
        report({ event: 'asset-failed', source: source.name, asset: asset.name, error: message });
        return;
      }
      store.recordAsset(scanId, sourceId, { ...record, fingerprint, settingsHash });
      summary.assetsScanned++;
      const piiFields = piiFieldsOf(record);
      for (const { types } of piiFields)
        for (const type of types) summary.piiFieldsByType[type] = (summary.piiFieldsByType[type] ?? 0) + 1;
      report({
        event: 'asset-committed',
        source: source.name,
        asset: asset.name,
        samplingMethod: record.samplingMethod,
        rowsSampled: record.rowsSampled,
        fields: record.fields.length,
        piiFields,
      });
    };
    // Assets of a source are scanned a few at a time (as many as it has connections): one asset
    // leaves threads idle while it waits on the network, and round trips dominate small tables.
    let next = 0;
    // A catalog write that fails (disk full) stops every lane: nothing more can be recorded.
    let catalogFailure: unknown;
    const lanes = Math.max(1, Math.min(source.concurrency ?? 1, toScan.length));
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (
          next < toScan.length &&
          catalogFailure === undefined &&
          run.signal?.aborted !== true &&
          !run.budget.spent()
        ) {
          try {
            await scanOne(toScan[next++] as AssetToScan);
          } catch (error) {
            catalogFailure ??= error;
          }
        }
      }),
    );
    if (catalogFailure !== undefined) throw catalogFailure;
    // Out of time: what was not reached is recorded, so the next run takes it first. (An
    // interruption records nothing: `--resume` finds the assets this scan has not committed.)
    if (run.signal?.aborted !== true && run.budget.spent()) {
      for (const { asset } of toScan.slice(next)) {
        store.recordAssetSkipped(scanId, sourceId, asset.name, asset.kind, 'time-budget');
        summary.assetsDeferred++;
        report({ event: 'asset-deferred', source: source.name, asset: asset.name, reason: 'time-budget' });
      }
    }
    store.sourceFinished(scanId, source.name, 'done');
  } catch (error) {
    // The catalog itself failed: nothing more can be recorded; the scan stops (exit 7).
    if (error instanceof CatalogError) throw error;
    fail(error);
  } finally {
    await source.close();
  }
  return summary;
}

/** Fingerprints where the source has them; where they cannot be read, every asset counts as changed. */
async function fingerprintsOf(
  source: SourceAdapter,
  assets: readonly AssetDescriptor[],
  warn: (warning: string) => void,
): Promise<(string | null)[]> {
  if (source.fingerprints === undefined || assets.length === 0) return assets.map(() => null);
  try {
    return await source.fingerprints(assets);
  } catch (error) {
    warn(
      `could not read change fingerprints (${redactErrorText(errorMessage(error))}); every asset counts as changed`,
    );
    return assets.map(() => null);
  }
}

/** A source's own sampleSize overrides the estate's; its maxRowsPerSecond is shared by its assets. */
function sourceContext(context: AssetScanContext, config: SourceConfig): AssetScanContext {
  const own: AssetScanContext = { ...context };
  if (typeof config.sampleSize === 'number')
    own.sample = { ...context.sample, sampleSize: config.sampleSize };
  if (typeof config.maxRowsPerSecond === 'number') own.throttle = new RowRateLimit(config.maxRowsPerSecond);
  return own;
}

function piiFieldsOf(record: AssetRecord): { field: string; types: string[] }[] {
  return record.fields
    .map((f) => ({
      field: f.name,
      types: [
        ...new Set(f.findings.filter((x) => x.confidence >= CLASSIFICATION_CONFIDENCE).map((x) => x.type)),
      ],
    }))
    .filter((f) => f.types.length > 0);
}
