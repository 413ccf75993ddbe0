import picomatch from 'picomatch';

/**
 * A source's include/exclude globs as one test on a key relative to the folder or prefix.
 * `dot: true` because hidden files and folders (`.cache/`, `.env`) can hold PII too; `flags: 's'`
 * because picomatch's `**` is a regex `.`, which stops at a line break that a file name or S3 key
 * may hold; no include list (or an empty one) selects everything.
 */
export function keyGlobFilter(
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): (key: string) => boolean {
  const options = { dot: true, flags: 's' };
  const included = include.length > 0 ? picomatch([...include], options) : () => true;
  const excluded = exclude.length > 0 ? picomatch([...exclude], options) : () => false;
  return (key) => included(key) && !excluded(key);
}
