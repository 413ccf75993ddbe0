/**
 * `--activities FILE`: the processing activities (GDPR Art. 30) a privacy team maintains, mapped to
 * the sources and assets they use (catalog-schema/activities.schema.json).
 */
import { readCheckedJsonFile } from '../config/checked-json-file.js';
import { globMatcher } from '../catalog/field-lookup.js';

/** GDPR Art. 6(1) (a)–(f). */
export type LawfulBasis =
  'consent' | 'contract' | 'legal-obligation' | 'vital-interests' | 'public-task' | 'legitimate-interests';

export interface Contact {
  name: string;
  contact?: string;
}

export interface InternationalTransfer {
  /** ISO 3166-1 alpha-2. */
  country: string;
  safeguard: string;
  recipient?: string;
  note?: string;
}

export interface ProcessingActivity {
  id: string;
  name?: string;
  purpose: string;
  lawfulBasis: LawfulBasis;
  lawfulBasisDetail?: string;
  dataSubjects: string[];
  recipients: string[];
  retention: string;
  transfers: InternationalTransfer[];
  securityMeasures?: string;
  controller?: Contact;
  dpo?: Contact;
  /** `source` or `source.asset`; `*` matches any run of characters, dots and slashes too. */
  assets: string[];
}

export interface ActivitiesFile {
  controller?: Contact;
  dpo?: Contact;
  activities: ProcessingActivity[];
}

const SCHEMA = 'activities.schema.json';

/** Reads and checks an activities file; every problem is reported at once, each with its JSON path. */
export async function loadActivities(file: string): Promise<ActivitiesFile> {
  const parsed = await readCheckedJsonFile('activities', file, SCHEMA, duplicateIds);
  const { activities, ...rest } = parsed as ActivitiesFileText;
  return { ...rest, activities: activities.map((a) => ({ ...a, transfers: a.transfers ?? [] })) };
}

/** As written: `transfers` may be left out (none). */
type ActivitiesFileText = Omit<ActivitiesFile, 'activities'> & {
  activities: (Omit<ProcessingActivity, 'transfers'> & { transfers?: InternationalTransfer[] })[];
};

/** Checked on whatever was parsed, so a file with schema problems gets these reported too. */
function duplicateIds(parsed: unknown): string[] {
  const activities = (parsed as { activities?: unknown } | null)?.activities;
  if (!Array.isArray(activities)) return [];
  const first = new Map<string, number>();
  return activities.flatMap((activity: unknown, index) => {
    const id = (activity as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return [];
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    return earlier === undefined
      ? []
      : [`activities[${index}].id: "${id}" is also the id of activities[${earlier}]`];
  });
}

/** Whether one of the activity's patterns names the asset (or its whole source). */
export function activityCovers(
  activity: Pick<ProcessingActivity, 'assets'>,
  source: string,
  asset: string,
): boolean {
  return activity.assets.some(
    (pattern) => globMatches(pattern, source) || globMatches(pattern, `${source}.${asset}`),
  );
}

/** `*` globs as `piimap lookup` reads them (globMatcher). */
export function globMatches(pattern: string, name: string): boolean {
  return globMatcher(pattern)(name);
}
