/**
 * What an object's key says about its format: the extension under `.gz` and rotation suffixes,
 * lower-case, without the dot; `''` when there is none (`README`; `app.log.2.gz` → `log`). Whether
 * it is gzip is left to the content's magic bytes.
 */

const GZIP_SUFFIXES = ['.gz', '.gzip'];

/** A rotation or date suffix: digits, maybe joined by `-`/`_` (`1`, `20261123`, `2026-11-23`). */
function isRotationSuffix(text: string): boolean {
  if (text.length === 0 || text.charCodeAt(0) < 0x30 || text.charCodeAt(0) > 0x39) return false;
  for (const char of text) if (!(char >= '0' && char <= '9') && char !== '-' && char !== '_') return false;
  return true;
}

/** Drops `.1`, `.2026-11-23`, `-20261123` from the end, repeatedly: `app.log.1` is a log. */
function withoutRotation(name: string): string {
  for (;;) {
    const cut = Math.max(name.lastIndexOf('.'), name.indexOf('-', name.lastIndexOf('.') + 1));
    if (cut <= 0 || !isRotationSuffix(name.slice(cut + 1))) return name;
    name = name.slice(0, cut);
  }
}

export function keyExtension(key: string): string {
  let name = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  const gzipSuffix = GZIP_SUFFIXES.find((suffix) => name.endsWith(suffix));
  if (gzipSuffix !== undefined) name = name.slice(0, -gzipSuffix.length);
  name = withoutRotation(name);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}
