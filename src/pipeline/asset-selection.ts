/**
 * Which of a source's listed assets a scan reads — and `piimap plan` shows: the source's
 * include/exclude globs (against `schema.table`; object sources match them against keys
 * themselves), minus the estate's `allow.assets` (`source.asset` globs).
 */
import picomatch from 'picomatch';
import type { SourceConfig } from '../config/estate-config.js';
import type { AssetDescriptor, SourceAdapter } from '../sources/source-adapter.js';

export function assetSelector(
  config: SourceConfig,
  selectsOwnAssets: boolean,
  allowAssets: readonly string[],
): (asset: AssetDescriptor) => boolean {
  // Table names may start with a dot or hold a line break: globs must still see them.
  const options = { dot: true, flags: 's' };
  const include = picomatch((config.include as string[] | undefined) ?? ['**'], options);
  const exclude = picomatch((config.exclude as string[] | undefined) ?? [], options);
  const selected = (name: string) => selectsOwnAssets || (include(name) && !exclude(name));
  const allowed = picomatch(allowAssets.length > 0 ? [...allowAssets] : ['\0'], options);
  return (asset) => selected(asset.name) && !allowed(`${config.name}.${asset.name}`);
}

/** Lists the source's assets and keeps those a scan reads. */
export async function selectAssets(
  source: SourceAdapter,
  config: SourceConfig,
  allowAssets: readonly string[],
): Promise<AssetDescriptor[]> {
  const select = assetSelector(config, source.selectsOwnAssets === true, allowAssets);
  return (await source.listAssets()).filter(select);
}
