import { latestScan } from '../catalog/incremental-state.js';
import type { SqliteCatalogStore } from '../catalog/catalog-store.js';
import { UsageError } from '../shared/errors.js';

/**
 * `--resume`: the catalog's most recent scan, if it was interrupted (a signal, the time budget, or
 * a crash whose lock was taken over) and was started under the same config — or any config with
 * `force`, since its committed assets would otherwise mix two configs' results unnoticed.
 */
export function resumeTarget(store: SqliteCatalogStore, configHash: string, force: boolean): number {
  const latest = latestScan(store);
  if (latest === undefined)
    throw new UsageError(
      `--resume: catalog ${store.path} has no scan to resume; run piimap scan without --resume`,
    );
  if (latest.status !== 'interrupted')
    throw new UsageError(
      `--resume: the latest scan (${latest.id}, started ${latest.startedAt}) is ${latest.status}, not interrupted; ` +
        'run piimap scan without --resume to start a new one',
    );
  if (latest.configHash !== configHash && !force)
    throw new UsageError(
      `--resume: scan ${latest.id} was started with a different config (sources, sampling, detectors or piimap version); ` +
        'resume it anyway with --force, or run without --resume to start a new scan',
    );
  return latest.id;
}
