import { fieldsAsOf } from '../catalog/catalog-as-of.js';
import type { SqliteCatalogStore } from '../catalog/catalog-store.js';
import { UsageError } from '../shared/errors.js';
import { type CatalogDiff, diffCatalogs } from './catalog-diff.js';

/** A scan as `diff` names it. */
export interface ScanRef {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

export type ScanChoice = { from: ScanRef; to: ScanRef } | { nothingToCompare: string };

/** Scans whose every source was gone through; the defaults compare two of these. */
const COMPLETED = new Set(['completed', 'completed-with-errors']);

/** Scans named in an error message; older ones are counted. */
const LISTED_SCANS = 10;

/** `--from`/`--to` as given on the command line: a scan id, a positive integer. */
export function parseScanId(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value))
    throw new UsageError(`diff ${flag} ${value}: not a scan id; piimap scans lists them`);
  return Number(value);
}

/**
 * The two scans to compare. `to` defaults to the latest completed scan; `from` to the completed
 * scan before `to`. Named scans must exist (any status: an interrupted scan's committed assets
 * count) and `from` must come before `to`. With neither named and fewer than two completed
 * scans, there is nothing to compare.
 */
export function chooseScans(
  store: SqliteCatalogStore,
  catalog: string,
  wanted: { from?: number | undefined; to?: number | undefined },
): ScanChoice {
  const scans = store.db
    .prepare('SELECT id, status, started_at AS startedAt, finished_at AS finishedAt FROM scans ORDER BY id')
    .all() as ScanRef[];
  const completed = scans.filter((scan) => COMPLETED.has(scan.status));
  if (wanted.from === undefined && wanted.to === undefined && completed.length < 2)
    return {
      nothingToCompare: `diff: ${catalog} has ${completed.length} completed scan(s); nothing to compare until piimap scan has run twice`,
    };
  const named = (flag: string, id: number) => {
    const scan = scans.find((s) => s.id === id);
    if (scan === undefined)
      throw new UsageError(`diff ${flag} ${id}: no such scan in ${catalog}; ${scanList(scans)}`);
    return scan;
  };
  const to =
    wanted.to !== undefined
      ? named('--to', wanted.to)
      : completed.filter((scan) => wanted.from === undefined || scan.id > wanted.from).at(-1);
  const from =
    wanted.from !== undefined
      ? named('--from', wanted.from)
      : completed.filter((scan) => to !== undefined && scan.id < to.id).at(-1);
  if (to === undefined)
    throw new UsageError(
      `diff --from ${wanted.from}: no completed scan after it to compare with; ${scanList(scans)}`,
    );
  if (from === undefined)
    throw new UsageError(
      `diff --to ${to.id}: no completed scan before it to compare with; ${scanList(scans)}`,
    );
  if (from.id >= to.id)
    throw new UsageError(`diff --from ${from.id} --to ${to.id}: --from must be an earlier scan than --to`);
  return { from, to };
}

function scanList(scans: readonly ScanRef[]): string {
  if (scans.length === 0) return 'it holds no scans yet';
  const shown = scans.slice(-LISTED_SCANS).map((scan) => `${scan.id} (${scan.status})`);
  const older = scans.length - shown.length;
  return `scans: ${older > 0 ? `${older} older, ` : ''}${shown.join(', ')}`;
}

/**
 * The scan before `scanId`, whatever its status (undefined for the first): what a scan's report
 * compares it with. Unlike diff's defaults this counts interrupted scans (a time budget stops a
 * scan as interrupted): `fieldsAsOf` carries over what such a scan did not reach, so the reports
 * of successive scans each show what that scan changed, and add up.
 */
export function previousScan(store: SqliteCatalogStore, scanId: number): ScanRef | undefined {
  return store.db
    .prepare(
      `SELECT id, status, started_at AS startedAt, finished_at AS finishedAt FROM scans
       WHERE id < ? ORDER BY id DESC LIMIT 1`,
    )
    .get(scanId) as ScanRef | undefined;
}

/** What changed from scan `from` to scan `to`: the comparison `piimap diff` prints. */
export function diffScans(store: SqliteCatalogStore, from: number, to: number): CatalogDiff {
  return diffCatalogs(fieldsAsOf(store, from), fieldsAsOf(store, to));
}
