/**
 * The local dispatch: a source's assets are scanned in this process, a few at a time (as many as
 * the source has connections): one asset leaves threads idle while it waits on the network, and
 * round trips dominate small tables. Sources are scanned one after the other.
 */
import type { AssetRecord } from '../catalog/catalog-records.js';
import { now } from '../catalog/catalog-store.js';
import type { AssetDispatcher, AssetOutcomes, PlannedSource, SourceDispatch } from './asset-dispatch.js';
import type { AssetToScan } from './incremental-plan.js';
import { scanAsset } from './scan-asset.js';
import type { AssetScanContext } from './scan-context.js';
import { sourceContext } from './source-context.js';

export const localDispatcher: AssetDispatcher = {
  sourcesAtOnce: 1,
  forSource: () => localLanes,
};

const localLanes: SourceDispatch = {
  prepare: async () => undefined,
  async run(plan, assets, outcomes, stopped) {
    const context = sourceContext(plan.context, plan.config);
    let next = 0;
    // A catalog write that fails (disk full) stops every lane: nothing more can be recorded.
    let catalogFailure: unknown;
    const lanes = Math.max(1, Math.min(plan.source.concurrency ?? 1, assets.length));
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (next < assets.length && catalogFailure === undefined && !stopped()) {
          try {
            await scanOne(plan, assets[next++] as AssetToScan, context, outcomes);
          } catch (error) {
            catalogFailure ??= error;
          }
        }
      }),
    );
    if (catalogFailure !== undefined) throw catalogFailure;
    return assets.slice(next);
  },
  close: async () => undefined,
};

/** Scans one asset; only a catalog failure (recording it) throws. */
async function scanOne(
  plan: PlannedSource,
  item: AssetToScan,
  context: AssetScanContext,
  outcomes: AssetOutcomes,
): Promise<void> {
  const startedAt = now();
  outcomes.started(item);
  let record: AssetRecord;
  try {
    record = await scanAsset(plan.source, item.asset, context);
  } catch (error) {
    outcomes.failed(item, error, startedAt);
    return;
  }
  outcomes.committed(item, record);
}
