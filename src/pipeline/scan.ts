/**
 * The scan pipeline, in order: open the catalog (before connecting anywhere) → for each source:
 * list assets → per asset: sample → detect (worker pool) → classify → one catalog transaction.
 * A failing source or asset is recorded and the scan goes on.
 */
import { hostname, userInfo } from 'node:os';
import type { AssetRecord } from '../catalog/catalog-records.js';
import { type SqliteCatalogStore, now } from '../catalog/catalog-store.js';
import { CLASSIFICATION_CONFIDENCE } from '../classification/thresholds.js';
import type { SourceConfig } from '../config/estate-config.js';
import { compileDetectors } from '../detection/compile-detectors.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from '../detection/detection-options.js';
import { validatorNames, type LoadedDetector } from '../detection/detector-definition.js';
import { DetectionPool } from '../detection/detection-pool.js';
import { errorMessage } from '../shared/errors.js';
import { redactErrorText, redactUrl } from '../shared/redact.js';
import { type SourceServices, openSource } from '../sources/registry.js';
import type { AssetDescriptor, SourceAdapter } from '../sources/source-adapter.js';
import { selectAssets } from './asset-selection.js';
import { fieldDetector } from './field-detector.js';
import { PiiMasker } from './pii-masker.js';
import type { FindingFilter } from './finding-filter.js';
import { type AssetScanContext, scanAsset } from './scan-asset.js';
import type { ScanReporter, SourceSummary } from './scan-reporter.js';

export interface ScanSettings {
  sources: SourceConfig[];
  baseDir: string;
  sampleSize: number;
  maxValueBytes: number;
  keepExamples: boolean;
  workers: number;
  full: boolean;
  /** Makes sampling repeatable where the source supports it. */
  seed?: number;
  detectors: LoadedDetector[];
  detection: Partial<DetectionOptions>;
  allowAssets: string[];
  filter: FindingFilter;
  piimapVersion: string;
  /** Called once the scan's row exists (the catalog lock records its id). */
  onScanStarted?: (scanId: number) => void;
  /** Aborted (SIGINT/SIGTERM): no new asset starts; those in flight finish; the scan is `interrupted`. */
  signal?: AbortSignal;
}

export interface ScanResult {
  scanId: number;
  failures: number;
  sources: SourceSummary[];
}

export async function runScan(
  store: SqliteCatalogStore,
  settings: ScanSettings,
  report: ScanReporter,
): Promise<ScanResult> {
  const engine = compileDetectors(settings.detectors, {
    ...DEFAULT_DETECTION_OPTIONS,
    ...settings.detection,
  });
  const pool =
    settings.workers > 0
      ? new DetectionPool({ detectors: settings.detectors, options: settings.detection }, settings.workers)
      : undefined;
  const context: AssetScanContext = {
    engine,
    detectors: settings.detectors.map((d) => ({
      id: d.definition.id,
      type: d.definition.type,
      validators: validatorNames(d.definition),
    })),
    types: engine.detectors.map((d) => d.type),
    detect: fieldDetector(engine, pool),
    sample: {
      sampleSize: settings.sampleSize,
      maxValueBytes: settings.maxValueBytes,
      full: settings.full,
      ...(settings.seed !== undefined && { seed: settings.seed }),
    },
    keepExamples: settings.keepExamples,
    filter: settings.filter,
  };
  const scanId = store.startScan({
    piimapVersion: settings.piimapVersion,
    host: hostname(),
    userName: userInfo().username,
    options: {
      sources: settings.sources.map((s) => ({ name: s.name, type: s.type })),
      sampleSize: settings.sampleSize,
      maxValueBytes: settings.maxValueBytes,
      full: settings.full,
      examples: settings.keepExamples ? 'masked' : 'none',
    },
  });
  settings.onScanStarted?.(scanId);
  report({ event: 'scan-started', scanId, catalog: store.path, sources: settings.sources.length });
  const summaries: SourceSummary[] = [];
  try {
    const services: SourceServices = { masker: new PiiMasker(engine) };
    for (const config of settings.sources) {
      if (settings.signal?.aborted === true) break;
      summaries.push(await scanSource(store, scanId, config, settings, context, services, report));
    }
  } finally {
    await pool?.close();
  }
  const failures = summaries.reduce((sum, s) => sum + s.assetsFailed + (s.error ? 1 : 0), 0);
  const status =
    settings.signal?.aborted === true ? 'interrupted' : failures > 0 ? 'completed-with-errors' : 'completed';
  store.finishScan(scanId, status);
  report({ event: 'summary', scanId, status, durationMs: 0, sources: summaries });
  return { scanId, failures, sources: summaries };
}

async function scanSource(
  store: SqliteCatalogStore,
  scanId: number,
  config: SourceConfig,
  settings: ScanSettings,
  context: AssetScanContext,
  services: SourceServices,
  report: ScanReporter,
): Promise<SourceSummary> {
  const summary: SourceSummary = {
    source: config.name,
    assetsScanned: 0,
    assetsFailed: 0,
    assetsUnchanged: 0,
    assetsDeferred: 0,
    piiFieldsByType: {},
  };
  let source: SourceAdapter;
  let sourceId: number;
  try {
    source = openSource(config, settings.baseDir, services);
    sourceId = store.source({ name: source.name, kind: source.kind, location: redactUrl(source.location) });
  } catch (error) {
    summary.error = redactErrorText(errorMessage(error));
    report({ event: 'source-failed', source: config.name, error: summary.error });
    return summary;
  }
  try {
    const assets = await selectAssets(source, config, settings.allowAssets);
    report({ event: 'source-listed', source: source.name, assets: assets.length });
    for (const warning of source.listingWarnings?.() ?? [])
      report({ event: 'source-warning', source: source.name, warning });
    // A source's own sampleSize overrides the estate's.
    const sourceContext: AssetScanContext =
      typeof config.sampleSize === 'number'
        ? { ...context, sample: { ...context.sample, sampleSize: config.sampleSize } }
        : context;
    const scanOne = async (asset: AssetDescriptor) => {
      const startedAt = now();
      report({ event: 'asset-started', source: source.name, asset: asset.name });
      let record: AssetRecord;
      try {
        record = await scanAsset(source, asset, sourceContext);
      } catch (error) {
        const message = redactErrorText(errorMessage(error));
        store.recordAssetFailure(scanId, sourceId, asset.name, asset.kind, message, startedAt);
        summary.assetsFailed++;
        report({ event: 'asset-failed', source: source.name, asset: asset.name, error: message });
        return;
      }
      store.recordAsset(scanId, sourceId, record);
      summary.assetsScanned++;
      const piiFields = record.fields
        .map((f) => ({
          field: f.name,
          types: [
            ...new Set(
              f.findings.filter((x) => x.confidence >= CLASSIFICATION_CONFIDENCE).map((x) => x.type),
            ),
          ],
        }))
        .filter((f) => f.types.length > 0);
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
    const lanes = Math.max(1, Math.min(source.concurrency ?? 1, assets.length));
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < assets.length && settings.signal?.aborted !== true)
          await scanOne(assets[next++] as AssetDescriptor);
      }),
    );
  } catch (error) {
    summary.error = redactErrorText(errorMessage(error));
    report({ event: 'source-failed', source: config.name, error: summary.error });
  } finally {
    await source.close();
  }
  return summary;
}
