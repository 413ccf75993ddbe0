/**
 * `piimap plan`: per source, connect and list what a scan would read — the same selection, the
 * sampling method it would use, row estimates or the objects it would read, and whether the
 * scanning user may read each asset. Nothing is sampled: adapters plan from their catalogs.
 */
import type { SourceConfig } from '../config/estate-config.js';
import { selectAssets } from '../pipeline/asset-selection.js';
import type { SourceServices } from '../sources/registry.js';
import type {
  AssetAccess,
  AssetDescriptor,
  PlannedSample,
  SampleOptions,
  SourceAdapter,
} from '../sources/source-adapter.js';
import { sourceFailure, withOpenSource } from './open-each-source.js';
import type { AssetPlan, EstatePlan, SourcePlan } from './plan-records.js';

export interface PlanSettings {
  sources: readonly SourceConfig[];
  baseDir: string;
  /** The estate's sampling options, as the scan would get them. */
  sample: SampleOptions;
  allowAssets: readonly string[];
  services: SourceServices;
}

export async function planEstate(settings: PlanSettings): Promise<EstatePlan> {
  const sources: SourcePlan[] = [];
  for (const config of settings.sources) sources.push(await planSource(config, settings));
  return {
    full: settings.sample.full,
    ...(settings.sample.seed !== undefined && { seed: settings.sample.seed }),
    sources,
  };
}

/** Unreachable sources and assets that could not be planned; unreadable assets are not failures. */
export function planFailures(plan: EstatePlan): number {
  return plan.sources.reduce(
    (sum, s) => sum + (s.error !== undefined ? 1 : 0) + s.assets.filter((a) => a.error !== undefined).length,
    0,
  );
}

async function planSource(config: SourceConfig, settings: PlanSettings): Promise<SourcePlan> {
  // A source's own sampleSize overrides the estate's, as in the scan.
  const sample: SampleOptions =
    typeof config.sampleSize === 'number'
      ? { ...settings.sample, sampleSize: config.sampleSize }
      : settings.sample;
  const base = { source: config.name, kind: config.type as string };
  return withOpenSource(
    config,
    settings.baseDir,
    settings.services,
    async (source, location): Promise<SourcePlan> => {
      const plan: SourcePlan = {
        ...base,
        kind: source.kind,
        location,
        sampleSize: sample.sampleSize,
        assets: [],
        warnings: [],
      };
      try {
        const assets = await selectAssets(source, config, settings.allowAssets);
        plan.warnings = source.listingWarnings?.() ?? [];
        const access = source.checkAccess ? await source.checkAccess(assets) : [];
        for (const [i, asset] of assets.entries())
          plan.assets.push(await planAsset(source, asset, sample, access[i]));
      } catch (error) {
        plan.error = sourceFailure(error);
      }
      return plan;
    },
    (error) => ({ ...base, sampleSize: sample.sampleSize, assets: [], warnings: [], error }),
  );
}

async function planAsset(
  source: SourceAdapter,
  asset: AssetDescriptor,
  sample: SampleOptions,
  access: AssetAccess | undefined,
): Promise<AssetPlan> {
  let planned: PlannedSample | undefined;
  let error: string | undefined;
  try {
    planned = await source.planSample?.(asset, sample);
  } catch (failure) {
    error = sourceFailure(failure);
  }
  const { method = null, ...details } = planned ?? {};
  return {
    asset: asset.name,
    kind: asset.kind,
    method,
    ...(asset.rowEstimate !== undefined && { estimatedRows: asset.rowEstimate }),
    ...details,
    readable: access?.readable ?? null,
    ...(access?.detail !== undefined && { access: access.detail }),
    ...(error !== undefined && { error }),
  };
}
