import { type ActivitiesFile, type ProcessingActivity, activityCovers } from './gdpr-activities.js';
import { highestSensitivity } from './gdpr-categories.js';
import { uniqueSorted } from './gdpr-order.js';
import type { GdprActivityRecord, GdprAsset, GdprSystem, GdprUnmappedAsset } from './gdpr-records.js';

type MappedAsset = GdprAsset & { activities: string[] };
type MappedSystem = Omit<GdprSystem, 'assets'> & { assets: MappedAsset[] };

/**
 * Joins the activities file with the data map: each asset learns the activities covering it, each
 * activity becomes an Article 30 record carrying the categories and systems the scan found in the
 * assets it covers (activities in file order), and assets with personal data that no activity covers
 * are listed as unmapped. `scanned` is every scanned asset, with personal data or not: a pattern
 * that names none of them is reported as unmatched.
 */
export function article30(
  systems: readonly GdprSystem[],
  scanned: readonly { source: string; asset: string }[],
  file: ActivitiesFile,
): { systems: MappedSystem[]; activities: GdprActivityRecord[]; unmapped: GdprUnmappedAsset[] } {
  const mapped: MappedSystem[] = systems.map((system) => ({
    ...system,
    assets: system.assets.map((asset) => ({
      ...asset,
      activities: file.activities
        .filter((activity) => activityCovers(activity, system.source, asset.asset))
        .map((activity) => activity.id),
    })),
  }));
  return {
    systems: mapped,
    activities: file.activities.map((activity) => record(activity, mapped, scanned)),
    unmapped: mapped.flatMap((system) =>
      system.assets
        .filter((asset) => asset.activities.length === 0)
        .map((asset) => ({
          id: asset.id,
          source: system.source,
          asset: asset.asset,
          categories: asset.categories.map((c) => c.category),
          specialCategories: asset.specialCategories,
          highestSensitivity: asset.highestSensitivity,
        })),
    ),
  };
}

function record(
  activity: ProcessingActivity,
  systems: readonly MappedSystem[],
  scanned: readonly { source: string; asset: string }[],
): GdprActivityRecord {
  const covered = systems
    .map((system) => ({ system, assets: system.assets.filter((a) => a.activities.includes(activity.id)) }))
    .filter(({ assets }) => assets.length > 0);
  const assets = covered.flatMap((c) => c.assets);
  return {
    ...activity,
    categories: uniqueSorted(assets.flatMap((a) => a.categories.map((c) => c.category))),
    specialCategories: uniqueSorted(assets.flatMap((a) => a.specialCategories)),
    highestSensitivity: highestSensitivity(assets.map((a) => a.highestSensitivity)),
    systems: covered.map(({ system, assets }) => ({
      source: system.source,
      kind: system.kind,
      location: system.location,
      assets: assets.map((a) => a.asset),
    })),
    unmatchedPatterns: activity.assets.filter(
      (pattern) => !scanned.some(({ source, asset }) => activityCovers({ assets: [pattern] }, source, asset)),
    ),
  };
}
