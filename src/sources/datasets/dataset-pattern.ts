import { BoundedMemo } from './bounded-memo.js';
import { collapseVariableText } from './key-tokens.js';
import { splitKnownExtensions } from './known-extensions.js';
import { rotatedLog } from './rotated-log.js';

/** Whether a key segment (or a Hive key) holds PII; the caller backs it with detection. */
export type SensitiveTest = (segmentOrToken: string) => boolean;

export interface DatasetPatternOptions {
  isSensitive?: SensitiveTest;
}

/**
 * The dataset id of an object key: its variable parts collapsed to `*`, always — even for a lone
 * object — so the id stays the same as partitions arrive: `logs/app/dt=2026-11-23/part-0001.jsonl.gz`
 * collapses to the folder `logs/app/dt=*` and the name `part-*.jsonl.gz`.
 *
 * Per `/`-separated segment, in order:
 * 1. Hive partition `k=v` (k: the non-empty text before the first `=`; v: non-empty, not starting
 *    with `=`, so base64 padding is no partition): `k=*`; `*` if k is sensitive or an email.
 * 2. Known extensions (`.jsonl.gz`, `.bz2`) are split off and kept as written.
 * 3. Something that looks like an email (an `@` with a `.` after it): `*` plus the extensions.
 * 4. UUIDs, ISO date-times, hex/base32/base62 ids and every digit run become `*`; wildcards
 *    separated only by punctuation merge (`events-2026-11-23-0001.json` → `events-*.json`).
 * 5. If literal text is left, `isSensitive` is asked about the segment without its extensions
 *    (for a Hive segment, about the key); sensitive → `*` plus the extensions.
 * 6. Last segment only: rotated logs fold to `<base>.log*` (see rotated-log.ts).
 * The pattern never holds text from a collapsed part. A literal `*` in a key reads as a wildcard.
 */
export function datasetPattern(key: string, options: DatasetPatternOptions = {}): string {
  return mapSegments(key, (segment, isFileName) => segmentPattern(segment, isFileName, options));
}

/**
 * `datasetPattern` with bounded memos of folder and file-name patterns: a listing repeats folders
 * (keys arrive in order, a folder's objects together) and names across partitions, and
 * `isSensitive` may run detection. A memo that fills up starts over.
 */
export function createDatasetPatterner(
  options: DatasetPatternOptions = {},
  memoSize = 16_384,
): (key: string) => string {
  const folders = new BoundedMemo(memoSize, (folder: string) =>
    mapSegments(folder, (segment) => segmentPattern(segment, false, options)),
  );
  const names = new BoundedMemo(memoSize, (name: string) => segmentPattern(name, true, options));
  return (key) => {
    const slash = key.lastIndexOf('/');
    if (slash < 0) return names.get(key);
    return `${folders.get(key.slice(0, slash))}/${names.get(key.slice(slash + 1))}`;
  };
}

function mapSegments(key: string, map: (segment: string, isFileName: boolean) => string): string {
  const segments = key.split('/');
  const last = segments.length - 1;
  return segments.map((segment, index) => map(segment, index === last)).join('/');
}

function segmentPattern(segment: string, isFileName: boolean, options: DatasetPatternOptions): string {
  if (segment === '') return segment;
  const equals = segment.indexOf('=');
  if (equals > 0 && equals < segment.length - 1 && segment.charAt(equals + 1) !== '=') {
    const hiveKey = segment.slice(0, equals);
    return looksSensitive(hiveKey, options) ? '*' : `${hiveKey}=*`;
  }
  const { stem, extensions } = splitKnownExtensions(segment);
  if (looksLikeEmail(segment)) return `*${extensions}`;
  const collapsedStem = collapseVariableText(stem);
  const sensitive = hasText(collapsedStem) && options.isSensitive?.(stem) === true;
  const log = isFileName ? rotatedLog(collapsedStem + extensions) : undefined;
  // A sensitive rotated log keeps its `.log*` like any other, so its rotations stay together.
  if (log !== undefined) return `${sensitive || log.base === '' ? '*' : log.base}${log.suffix}`;
  return sensitive ? `*${extensions}` : collapsedStem + extensions;
}

function looksSensitive(text: string, options: DatasetPatternOptions): boolean {
  return looksLikeEmail(text) || options.isSensitive?.(text) === true;
}

/** The built-in safety net, needing no detection: an `@` with a `.` somewhere after it. */
function looksLikeEmail(text: string): boolean {
  const at = text.indexOf('@');
  return at >= 0 && text.indexOf('.', at + 1) > 0;
}

function hasText(collapsed: string): boolean {
  return /[\p{L}\p{N}]/u.test(collapsed);
}
