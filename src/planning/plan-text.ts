/**
 * `piimap plan` for people: one row per asset; then what each dataset would read, notes,
 * warnings, and last what could not be planned.
 */
import { formatTable } from '../report/detect-output.js';
import type { AssetPlan, EstatePlan } from './plan-records.js';
import { withoutSourcePrefix } from './source-message.js';

export function planText(plan: EstatePlan): string {
  const assets = plan.sources.flatMap((source) => source.assets.map((asset) => ({ source, asset })));
  const unreadable = assets.filter(({ asset }) => asset.readable === false).length;
  const options = [plan.full ? '--full: every row' : '', plan.seed !== undefined ? `seed ${plan.seed}` : '']
    .filter((text) => text.length > 0)
    .map((text) => `, ${text}`)
    .join('');
  const lines = [
    `piimap plan: ${assets.length} asset(s) in ${plan.sources.length} source(s)${options}; ${unreadable} not readable; nothing was sampled`,
  ];
  if (assets.length > 0)
    lines.push(
      formatTable(
        ['source', 'asset', 'kind', 'method', 'rows / objects', 'readable'],
        assets.map(({ source, asset }) => [
          source.source,
          asset.asset,
          asset.kind,
          asset.method ?? '?',
          size(asset),
          readable(asset),
        ]),
      ).trimEnd(),
    );
  for (const { source, asset } of assets) {
    const about = `${source.source} ${asset.asset}`;
    if (asset.objects !== undefined)
      lines.push(`${about}: ${asset.note ?? 'reads'}: ${asset.objects.join(', ')}`);
    else if (asset.note !== undefined) lines.push(`${about}: ${asset.note}`);
  }
  for (const source of plan.sources)
    for (const warning of source.warnings) lines.push(`! ${source.source}: ${warning}`);
  for (const { source, asset } of assets)
    if (asset.error !== undefined)
      lines.push(`✗ ${source.source} ${asset.asset}: ${withoutSourcePrefix(source.source, asset.error)}`);
  for (const source of plan.sources)
    if (source.error !== undefined)
      lines.push(`✗ ${source.source} (${source.kind}): ${withoutSourcePrefix(source.source, source.error)}`);
  return `${lines.join('\n')}\n`;
}

function size(asset: AssetPlan): string {
  if (asset.objectCount !== undefined)
    return `${asset.objects?.length ?? 0} of ${asset.objectCount} objects (${bytes(asset.totalBytes ?? 0)})`;
  return asset.estimatedRows !== undefined ? `~${asset.estimatedRows} rows` : 'unknown';
}

function readable(asset: AssetPlan): string {
  if (asset.readable === null) return 'unknown';
  return asset.readable ? 'yes' : `NO: ${asset.access ?? 'not readable'}`;
}

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
