import { stringify } from 'csv-stringify/sync';
import type { Contact, ProcessingActivity } from './gdpr-activities.js';
import type { GdprAsset, GdprCategoryEntry, GdprDataMap, GdprSystem } from './gdpr-records.js';
import { defuseFormula } from './csv-exporter.js';

const DATA_MAP_COLUMNS = [
  'source',
  'kind',
  'location',
  'asset',
  'category',
  'category_label',
  'types',
  'fields',
  'special_categories',
  'sensitivity',
  'last_scanned',
  'confirmed_by_person',
] as const;

const ACTIVITY_COLUMNS = [
  'mapped',
  'activity',
  'activity_name',
  'purpose',
  'lawful_basis',
  'data_subjects',
  'recipients',
  'retention',
  'transfers',
  'controller',
  'dpo',
] as const;

type Column = (typeof DATA_MAP_COLUMNS)[number] | (typeof ACTIVITY_COLUMNS)[number];

/**
 * `piimap export --format gdpr-csv`: the data map as one row per system × asset × category; with
 * activities, one row per activity covering the asset too (an unmapped asset's rows say
 * `mapped: no` and leave the activity columns empty). Lists are joined with `; `. RFC 4180 quoting
 * by csv-stringify; a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, as in
 * csv-exporter.ts, so a spreadsheet never runs a name as a formula.
 */
export function gdprCsv(dataMap: GdprDataMap): string {
  const withActivities = dataMap.activities !== undefined;
  const columns: Column[] = [...DATA_MAP_COLUMNS, ...(withActivities ? ACTIVITY_COLUMNS : [])];
  const activities = new Map((dataMap.activities ?? []).map((a) => [a.id, a]));
  const rows: Partial<Record<Column, string>>[] = [];
  for (const system of dataMap.systems) {
    for (const asset of system.assets) {
      for (const category of asset.categories) {
        const base = dataMapCells(system, asset, category);
        if (!withActivities) rows.push(base);
        else if ((asset.activities ?? []).length === 0) rows.push({ ...base, mapped: 'no' });
        for (const id of asset.activities ?? []) {
          const activity = activities.get(id);
          if (activity !== undefined) rows.push({ ...base, ...activityCells(activity, dataMap) });
        }
      }
    }
  }
  return stringify(
    rows.map((row) => columns.map((column) => row[column] ?? '')),
    { header: true, columns, cast: { string: defuseFormula } },
  );
}

function dataMapCells(
  system: GdprSystem,
  asset: GdprAsset,
  category: GdprCategoryEntry,
): Partial<Record<Column, string>> {
  return {
    source: system.source,
    kind: system.kind ?? '',
    location: system.location ?? '',
    asset: asset.asset,
    category: category.category,
    category_label: category.label,
    types: category.types.join('; '),
    fields: fieldCell(category),
    special_categories: category.specialCategories.join('; '),
    sensitivity: category.highestSensitivity ?? '',
    last_scanned: asset.lastVerified.scannedAt,
    confirmed_by_person: asset.lastVerified.confirmedByPerson ? 'yes' : 'no',
  };
}

function activityCells(activity: ProcessingActivity, dataMap: GdprDataMap): Partial<Record<Column, string>> {
  return {
    mapped: 'yes',
    activity: activity.id,
    activity_name: activity.name ?? '',
    purpose: activity.purpose,
    lawful_basis: activity.lawfulBasis,
    data_subjects: activity.dataSubjects.join('; '),
    recipients: activity.recipients.join('; '),
    retention: activity.retention,
    transfers: activity.transfers
      .map((t) => `${t.country}: ${t.safeguard}${t.recipient === undefined ? '' : ` (${t.recipient})`}`)
      .join('; '),
    controller: contact(activity.controller ?? dataMap.controller),
    dpo: contact(activity.dpo ?? dataMap.dpo),
  };
}

/** `crm.public.users.notes (email, phone); crm.public.users.profile $.contact.email (email)`. */
function fieldCell(category: GdprCategoryEntry): string {
  const types = new Map<string, string[]>();
  for (const f of category.fields) {
    const name = f.path === undefined ? f.id : `${f.id} ${f.path}`;
    types.set(name, [...(types.get(name) ?? []), f.type]);
  }
  return [...types].map(([name, list]) => `${name} (${list.join(', ')})`).join('; ');
}

function contact(who: Contact | undefined): string {
  if (who === undefined) return '';
  return who.contact === undefined ? who.name : `${who.name} <${who.contact}>`;
}
