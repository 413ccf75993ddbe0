/**
 * Parsers for list-valued flags. Kept apart from the modules that use the lists (detector-setup.ts
 * loads the detection engine) so that registering a command's options loads nothing heavy.
 */

/** "a,b , c" → ["a","b","c"] for comma-list flags. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

/** Collects a flag given several times (`--detectors a --detectors b`). */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
