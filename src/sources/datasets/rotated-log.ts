/**
 * Rotated logs as one dataset. A file name (already collapsed) whose text has `.log` as a part —
 * after a base, followed by nothing, a dot, a wildcard or a separator, never a letter
 * (`.logs`, `.login` do not count) — becomes `<base>.log*`. The base is the text before the first
 * such `.log` without trailing wildcards and separators; `*` if nothing is left or the name is
 * sensitive. So `app.log`, `app.log.*`, `app.log.*.gz`, `app-*.log`, `app.*.log.gz` all read
 * `app.log*`, while `api.log*`, `app.error.log*` and `app-*-worker.log*` stay apart. Everything
 * after `.log` (rotation numbers, dates, compression) is folded into the `*`.
 *
 * Not covered: names without `.log` (`syslog.1`, `messages-*`, Apache's `access_log`): their
 * rotations collapse to `syslog.*`, one dataset apart from the live `syslog`.
 */
const LOG_PART = /\.log(?![\p{L}])/iu;
/** Surrogate halves count as text: a name may end in a letter outside the BMP. */
const TEXT_UNIT = /[\p{L}\p{N}\uD800-\uDFFF]/u;

export interface RotatedLog {
  /** The text before `.log`, trailing wildcards and separators removed; may be empty. */
  base: string;
  /** `.log*`, with `log` in the name's own case. */
  suffix: string;
}

export function rotatedLog(collapsedName: string): RotatedLog | undefined {
  const marker = LOG_PART.exec(collapsedName);
  if (marker === null || marker.index === 0) return undefined;
  let end = marker.index;
  while (end > 0 && !TEXT_UNIT.test(collapsedName.charAt(end - 1))) end--;
  return { base: collapsedName.slice(0, end), suffix: `${marker[0]}*` };
}
