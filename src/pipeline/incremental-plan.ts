/**
 * Which listed assets an incremental scan may skip, and in what order the rest are scanned.
 * An asset is skipped as unchanged only when everything says so: its fingerprint is known and
 * equals the one of its last scan that read its values (not a metadata-only one), it was scanned
 * with the same settings, and that scan is younger than `maxAgeMs`. Anything unknown counts as
 * changed: a missed change would leave PII uncataloged, an extra scan only costs time.
 */
import type { LastAssetScan } from '../catalog/incremental-state.js';
import type { AssetDescriptor } from '../sources/source-adapter.js';

export interface AssetToScan {
  asset: AssetDescriptor;
  /** What the asset looked like before it was read; stored with its results. */
  fingerprint: string | null;
}

export interface UnchangedAsset {
  asset: AssetDescriptor;
  last: LastAssetScan;
}

export interface IncrementalDecision {
  toScan: AssetToScan[];
  unchanged: UnchangedAsset[];
}

export function decideIncremental(
  assets: readonly AssetDescriptor[],
  fingerprints: readonly (string | null)[],
  options: {
    incremental: boolean;
    lastScans: ReadonlyMap<string, LastAssetScan>;
    settingsHash: string;
    maxAgeMs: number;
    nowMs: number;
    /** Assets the time budget left last time: scanned first. */
    leftOver: ReadonlySet<string>;
  },
): IncrementalDecision {
  const toScan: AssetToScan[] = [];
  const unchanged: UnchangedAsset[] = [];
  assets.forEach((asset, index) => {
    const fingerprint = fingerprints[index] ?? null;
    const last = options.incremental ? options.lastScans.get(asset.name) : undefined;
    if (
      last !== undefined &&
      fingerprint !== null &&
      last.status === 'committed' &&
      last.fingerprint === fingerprint &&
      last.settingsHash === options.settingsHash &&
      options.nowMs - Date.parse(last.finishedAt) < options.maxAgeMs
    )
      unchanged.push({ asset, last });
    else toScan.push({ asset, fingerprint });
  });
  // Stable: left-over assets first, the rest in listing order.
  const first = toScan.filter((a) => options.leftOver.has(a.asset.name));
  const rest = toScan.filter((a) => !options.leftOver.has(a.asset.name));
  return { toScan: [...first, ...rest], unchanged };
}
