import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LocaleDefinition } from '@faker-js/faker';

/**
 * Given names and surnames of Western European, American and Australian/South African English
 * locales, taken from @faker-js/faker's locale data rather than a list kept by hand (each locale's
 * list is short, so many are merged). The build writes them once to NAMES_FILE (reading that takes
 * a few ms; importing 20 faker locales ~150 ms, per process and per worker thread); without a
 * build they come from faker directly. Loaded on the first lookup, so a process that never
 * validates a name never pays for it; validators are synchronous, hence `require`.
 */
export const NAMES_FILE = new URL('../../../dist/data/person-names.json', import.meta.url);
const LOCALES =
  'en en_AU en_ZA de de_CH fr fr_BE fr_CH es es_MX it nl nl_BE pt_PT pt_BR sv da nb_NO fi pl'.split(' ');

export interface NameLists {
  given: ReadonlySet<string>;
  surnames: ReadonlySet<string>;
}

let lists: NameLists | undefined;

/** Lookup key: case- and accent-insensitive, so "JOSÉ", "Jose" and "josé" are one name. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/’/g, "'")
    .toLowerCase();
}

export function isGivenName(token: string): boolean {
  return nameLists().given.has(nameKey(token));
}

export function isSurname(token: string): boolean {
  return nameLists().surnames.has(nameKey(token));
}

export function nameLists(): NameLists {
  lists ??= readNameLists() ?? buildNameLists();
  return lists;
}

function readNameLists(): NameLists | undefined {
  try {
    const stored = JSON.parse(readFileSync(NAMES_FILE, 'utf8')) as { given: string[]; surnames: string[] };
    return { given: new Set(stored.given), surnames: new Set(stored.surnames) };
  } catch {
    return undefined;
  }
}

/** The lists as sets of lookup keys, straight from faker's locale data. */
export function buildNameLists(): NameLists {
  const require = createRequire(import.meta.url);
  const given = new Set<string>();
  const surnames = new Set<string>();
  for (const locale of LOCALES) {
    const module = require(`@faker-js/faker/locale/${locale}`) as {
      faker: { rawDefinitions: LocaleDefinition };
    };
    const person = module.faker.rawDefinitions.person;
    for (const names of Object.values(person?.first_name ?? {})) {
      // Compound entries ("María José", "Jeanne d’Arc") add each capitalised part.
      for (const name of names ?? []) for (const part of capitalisedParts(name)) given.add(nameKey(part));
    }
    for (const name of person?.last_name?.generic ?? []) {
      // "van der Meer" is found as "van der Meer" and, after its particles, as "Meer".
      surnames.add(nameKey(name));
      const last = capitalisedParts(name).at(-1);
      if (last !== undefined) surnames.add(nameKey(last));
    }
  }
  return { given, surnames };
}

function capitalisedParts(name: string): string[] {
  return name.split(/\s+/).filter((part) => /^\p{Lu}/u.test(part));
}
