/**
 * One source of a scan: open, list, select, decide what is unchanged (incremental) or already
 * done (`--resume`), then hand the rest to the scan's dispatch — local lanes or queue workers —
 * recording each asset in its own catalog transaction as it is done, until done, interrupted, or
 * out of time budget.
 */
import { assetsDoneInScan, assetsLeftByBudget, lastAssetScans } from '../catalog/incremental-state.js';
import type { AssetRecord } from '../catalog/catalog-records.js';
import type { SqliteCatalogStore } from '../catalog/catalog-store.js';
import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';
import type { SourceConfig } from '../config/estate-config.js';
import { CatalogError, errorMessage } from '../shared/errors.js';
import { redactErrorText, redactUrl } from '../shared/redact.js';
import { type SourceServices, openSource } from '../sources/registry.js';
import type { AssetDescriptor, SourceAdapter } from '../sources/source-adapter.js';
import type { AssetDispatcher, AssetOutcomes } from './asset-dispatch.js';
import { selectAssets } from './asset-selection.js';
import { decideIncremental } from './incremental-plan.js';
import type { AssetScanContext } from './scan-asset.js';
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
  /** Where planned assets are scanned: here (local lanes) or on queue workers. */
  dispatcher: AssetDispatcher;
  /** `--changed-only`: every source is incremental. */
  changedOnly: boolean;
  maxAgeMs: number;
  /** `--resume`: assets this scan committed before it was interrupted are not scanned again. */
  resuming: boolean;
  budget: ScanBudget;
  /** Aborted by a signal: no new asset starts, and the assets not reached are not recorded. */
  signal?: AbortSignal;
  /** Aborted when another source's catalog write failed: this source stops too. */
  halt?: AbortSignal;
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
    summary.error = errorText(run.services, error);
    store.sourceFinished(scanId, config.name, 'failed', summary.error);
    report({ event: 'source-failed', source: config.name, error: summary.error });
    return summary;
  };
  let source: SourceAdapter;
  let sourceId: number;
  try {
    source = await openSource(config, run.baseDir, run.services);
    sourceId = store.source({ name: source.name, kind: source.kind, location: redactUrl(source.location) });
  } catch (error) {
    return fail(error);
  }
  const aborted = () => run.signal?.aborted === true || run.halt?.aborted === true;
  const stopped = () => aborted() || run.budget.spent();
  const dispatch = run.dispatcher.forSource(config, scanId);
  let closing: Promise<void> | undefined;
  const release = () => (closing ??= source.close());
  try {
    await dispatch.prepare(stopped);
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
      report({ event: 'source-warning', source: source.name, warning: run.services.masker.mask(warning) }),
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

    const outcomes = assetOutcomes(run, source.name, sourceId, settingsHash, summary);
    const plan = { scanId, config, source, settingsHash, context: run.context, release };
    const notStarted = await dispatch.run(plan, toScan, outcomes, stopped);
    // Out of time: what was not reached is recorded, so the next run takes it first. (An
    // interruption records nothing: `--resume` finds the assets this scan has not committed.)
    if (!aborted() && run.budget.spent()) {
      for (const { asset } of notStarted) {
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
    await release();
    await dispatch.close();
  }
  return summary;
}

/** Records each asset's outcome in the catalog, counts it in the summary and reports it. */
function assetOutcomes(
  run: SourceScanRun,
  source: string,
  sourceId: number,
  settingsHash: string,
  summary: SourceSummary,
): AssetOutcomes {
  const { store, scanId, report } = run;
  return {
    started: ({ asset }) => report({ event: 'asset-started', source, asset: asset.name }),
    committed: ({ asset, fingerprint }, record) => {
      store.recordAsset(scanId, sourceId, { ...record, fingerprint, settingsHash });
      summary.assetsScanned++;
      const piiFields = piiFieldsOf(record);
      for (const { types } of piiFields)
        for (const type of types) summary.piiFieldsByType[type] = (summary.piiFieldsByType[type] ?? 0) + 1;
      report({
        event: 'asset-committed',
        source,
        asset: asset.name,
        samplingMethod: record.samplingMethod,
        rowsSampled: record.rowsSampled,
        fields: record.fields.length,
        piiFields,
        ...(record.status === 'metadata-only' && {
          metadataOnly: record.fields[0]?.skipped ?? 'the values could not be read',
        }),
      });
    },
    failed: ({ asset }, error, startedAt) => {
      const message = errorText(run.services, error);
      store.recordAssetFailure(scanId, sourceId, asset.name, asset.kind, message, startedAt);
      summary.assetsFailed++;
      report({ event: 'asset-failed', source, asset: asset.name, error: message });
    },
  };
}

/**
 * An error as it is shown and stored: no password of a connection string, and no value a server
 * quotes back (`invalid input syntax for type integer: "536-22-8190"`) — PII in it is masked.
 */
function errorText(services: SourceServices, error: unknown): string {
  return services.masker.mask(redactErrorText(errorMessage(error)));
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
