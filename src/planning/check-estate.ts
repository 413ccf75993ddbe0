/**
 * `piimap check`: per source, whether a scan could run as it should — it connects, its session
 * is read-only and time-limited, and the scanning user may read every asset it selects. No rows
 * are read.
 */
import type { SourceConfig } from '../config/estate-config.js';
import { selectAssets } from '../pipeline/asset-selection.js';
import type { SourceServices } from '../sources/registry.js';
import type { AssetAccess, SessionReport, SourceAdapter } from '../sources/source-adapter.js';
import { sourceFailure, withOpenSource } from './open-each-source.js';
import type { EstateCheck, SourceCheck } from './plan-records.js';

export interface CheckSettings {
  sources: readonly SourceConfig[];
  baseDir: string;
  allowAssets: readonly string[];
  services: SourceServices;
}

export async function checkEstate(settings: CheckSettings): Promise<EstateCheck> {
  const sources: SourceCheck[] = [];
  for (const config of settings.sources) sources.push(await checkSource(config, settings));
  return { ok: sources.every((s) => s.ok), sources };
}

async function checkSource(config: SourceConfig, settings: CheckSettings): Promise<SourceCheck> {
  const base = { source: config.name, kind: config.type };
  return withOpenSource(
    config,
    settings.baseDir,
    settings.services,
    async (source, location) => {
      const check: SourceCheck = {
        ...base,
        kind: source.kind,
        location,
        ok: false,
        problems: [],
        warnings: [],
      };
      try {
        if (source.checkSession) sessionProblems(check, await source.checkSession());
        await accessProblems(check, source, config, settings.allowAssets);
      } catch (error) {
        check.problems.push(sourceFailure(error));
      }
      // Facts first, then problems and warnings (JSON keys keep this order).
      const { problems, warnings, ...facts } = check;
      return { ...facts, ok: problems.length === 0, problems, warnings };
    },
    (error) => ({ ...base, ok: false, problems: [error], warnings: [] }),
  );
}

function sessionProblems(check: SourceCheck, session: SessionReport): void {
  check.server = session.server;
  if (session.user !== undefined) check.user = session.user;
  check.readOnly = session.readOnly;
  check.readOnlyBy = session.readOnlyBy;
  check.statementTimeoutMs = session.statementTimeoutMs;
  check.warnings.push(...session.warnings);
  if (!session.readOnly)
    check.problems.push(
      `the session is not read-only (${session.readOnlyBy}): piimap's session settings were overridden or dropped — by session options in the URL, a pooler in transaction mode or a proxy; remove them or connect directly, or make the user read-only on the server`,
    );
  if (session.statementTimeoutMs === 0)
    check.problems.push(
      'no statement timeout is in force: piimap sets statementTimeoutMs (default 30000) unless session options in the URL, a pooler or a proxy override it; remove them or connect directly, so a slow read cannot run unbounded on the server',
    );
}

async function accessProblems(
  check: SourceCheck,
  source: SourceAdapter,
  config: SourceConfig,
  allowAssets: readonly string[],
): Promise<void> {
  const assets = await selectAssets(source, config, allowAssets);
  check.warnings.push(...(source.listingWarnings?.() ?? []));
  const access: (AssetAccess | undefined)[] = source.checkAccess ? await source.checkAccess(assets) : [];
  const unreadable = assets.flatMap((asset, i) => {
    const found = access[i];
    return found && !found.readable ? [{ asset: asset.name, detail: found.detail ?? 'not readable' }] : [];
  });
  check.assets = { total: assets.length, readable: assets.length - unreadable.length, unreadable };
  if (unreadable.length > 0)
    check.problems.push(
      `${unreadable.length} of ${assets.length} assets cannot be read (${unreadable
        .slice(0, 3)
        .map((u) => u.asset)
        .join(
          ', ',
        )}${unreadable.length > 3 ? ', …' : ''}): grant the scanning user SELECT on them, or exclude them in the source's "exclude"`,
    );
}
