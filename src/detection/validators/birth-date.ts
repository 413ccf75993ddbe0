import type { DetectionOptions } from '../detection-options.js';
import { type Validator, VALID, invalid, standsAlone } from './validator.js';

/**
 * A plausible birth date: a real calendar date, not after `options.referenceDate`, at most 120
 * years before it. A date carrying a time of day is an event, not a birth: only midnight
 * ("1985-03-12 00:00:00", a date column rendered as a timestamp) passes. Whether a date is a
 * birth date at all comes from evidence (a `dob` column, "born" nearby); this only checks shape.
 *
 * Patterns: `iso-date` (1985-03-12), `numeric-date` (12/03/1985 or 03/12/1985: either reading
 * may hold), `compact-date` (19850312), `day-month-name` (12 March 1985, 12. März 1985),
 * `month-name-day` (March 12, 1985).
 */
export const birthDate: Validator = {
  name: 'birth-date',
  description:
    'A real date, not in the future, at most 120 years ago, without a time of day other than midnight.',
  validate: ({ text, before, after, pattern, options }) => {
    const time = TIME_AFTER.exec(after);
    if (time !== null && !isMidnight(time)) return invalid('a timestamp with a time of day');
    const timeBefore = TIME_BEFORE.exec(before);
    if (timeBefore !== null && !isMidnight(timeBefore)) return invalid('a timestamp with a time of day');
    const rest = time === null ? after : after.slice(time[0].length);
    if (!standsAlone(before, rest)) return invalid('part of a longer token');
    const readings = readDate(text, pattern);
    if (readings.length === 0) return invalid('not a date');
    return readings.some((date) => plausible(date, options)) ? VALID : invalid('not a plausible birth date');
  },
};

interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

/** A time right after the date: "T00:00:00Z", " 00:00", " 12:00:00 AM", with an optional zone. */
const TIME_AFTER =
  /^(?:T|\s+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp])\.?[Mm]\.?)?(?:Z|\s?[+-]\d{2}:?\d{2}|\s(?:UTC|GMT))?/;
const TIME_BEFORE = /(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp])\.?[Mm]\.?)?[\s,]+$/;

function isMidnight(time: RegExpExecArray): boolean {
  const [, hours, minutes, seconds = '0', fraction = '0', meridiem] = time;
  const hour = Number(hours);
  const midnightHour = meridiem === undefined ? hour === 0 : meridiem.toLowerCase() === 'a' && hour === 12;
  return midnightHour && Number(minutes) === 0 && Number(seconds) === 0 && Number(fraction) === 0;
}

function readDate(text: string, pattern: string): YearMonthDay[] {
  if (pattern === 'compact-date') {
    return [{ year: +text.slice(0, 4), month: +text.slice(4, 6), day: +text.slice(6, 8) }];
  }
  if (pattern === 'day-month-name' || pattern === 'month-name-day') return readNamedMonth(text);
  const separators = new Set(text.replace(/\d/g, ''));
  if (separators.size !== 1) return [];
  const parts = text.split(/[-/.]/).map(Number);
  const [a = 0, b = 0, c = 0] = parts;
  if (pattern === 'iso-date') return [{ year: a, month: b, day: c }];
  return [
    { year: c, month: b, day: a },
    { year: c, month: a, day: b },
  ];
}

function readNamedMonth(text: string): YearMonthDay[] {
  const word = /\p{L}{3,}/u.exec(text); // "12th", "1er", "de" have shorter letter runs
  const month = word === null ? undefined : monthNumber(word[0]);
  const numbers = text.match(/\d+/g) ?? [];
  if (month === undefined || numbers.length !== 2) return [];
  const [day = '', year = ''] = numbers;
  return [{ year: +year, month, day: +day }];
}

function plausible({ year, month, day }: YearMonthDay, options: DetectionOptions): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return false;
  }
  const ref = options.referenceDate;
  const today = Date.UTC(ref.getUTCFullYear(), ref.getUTCMonth(), ref.getUTCDate());
  const oldest = Date.UTC(ref.getUTCFullYear() - 120, ref.getUTCMonth(), ref.getUTCDate());
  return date.getTime() <= today && date.getTime() >= oldest;
}

/** Month names in the locales the patterns target; an abbreviation is any unambiguous prefix. */
const MONTH_NAMES: readonly string[][] = [
  ['january', 'januar', 'janvier', 'enero', 'gennaio', 'januari'],
  ['february', 'februar', 'fevrier', 'febrero', 'febbraio', 'februari'],
  ['march', 'marz', 'mars', 'marzo', 'maart', 'mrz'],
  ['april', 'avril', 'abril', 'aprile'],
  ['may', 'mai', 'mayo', 'maggio', 'mei'],
  ['june', 'juni', 'juin', 'junio', 'giugno'],
  ['july', 'juli', 'juillet', 'julio', 'luglio'],
  ['august', 'aout', 'agosto', 'augustus'],
  ['september', 'septembre', 'septiembre', 'settembre'],
  ['october', 'oktober', 'octobre', 'octubre', 'ottobre'],
  ['november', 'novembre', 'noviembre'],
  ['december', 'dezember', 'decembre', 'diciembre', 'dicembre'],
];

export function monthNumber(word: string): number | undefined {
  const key = word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (key.length < 3) return undefined;
  const months = new Set<number>();
  MONTH_NAMES.forEach((names, index) => {
    if (names.some((name) => name.startsWith(key))) months.add(index + 1);
  });
  return months.size === 1 ? [...months][0] : undefined;
}
