/**
 * The text of a normalised JSON path (the `field` of a JSON path in the export): `$` is the root,
 * `.name` an object key that is a plain identifier, `['first name']` any other key (quoted and
 * escaped as in RFC 9535 normalized paths), `[*]` every array item and `.*` every entry of a
 * map-like object. `*` is never a key's own text: a key spelled `*` is written `['*']`.
 */
export const ROOT_PATH = '$';
export const ARRAY_ITEMS = '[*]';
export const MAP_ENTRIES = '.*';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
// eslint-disable-next-line no-control-regex -- control characters are what must be escaped
const NEEDS_ESCAPE = /[\u0000-\u001f'\\]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  "'": "\\'",
  '\\': '\\\\',
};

function escapeChar(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The path segment for one object key: `.email` or `['e-mail']`. */
export function keySegment(key: string): string {
  if (PLAIN_KEY.test(key)) return `.${key}`;
  return `['${key.replace(NEEDS_ESCAPE, escapeChar)}']`;
}

const UNESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Reads the quoted key that starts at `path[start]` (just past `['`); returns it and the index past `']`. */
function readQuotedKey(path: string, start: number): [key: string, next: number] {
  let key = '';
  let i = start;
  while (i < path.length && path[i] !== "'") {
    if (path[i] === '\\') {
      const escaped = path[i + 1] ?? '';
      if (escaped === 'u') {
        key += String.fromCharCode(parseInt(path.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        key += UNESCAPES[escaped] ?? escaped;
        i += 2;
      }
    } else key += path[i++];
  }
  return [key, i + 2];
}

/**
 * The last object key named in a path, unquoted: `$.user.email` → `email`,
 * `$.items[*].email_address` → `email_address`, `$.users.*` → `users`, `$['first name']` →
 * `first name`. Collapsed map entries and array items are passed over; `''` when the path names
 * no key (`$`, `$[*]`, `$.*`). This is the "column name" for column-name evidence.
 */
export function lastKeyOf(path: string): string {
  let last = '';
  let i = path.startsWith(ROOT_PATH) ? 1 : 0;
  while (i < path.length) {
    if (path.startsWith("['", i)) {
      [last, i] = readQuotedKey(path, i + 2);
    } else if (path[i] === '.') {
      let end = i + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      const name = path.slice(i + 1, end);
      if (name !== '*') last = name;
      i = end;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      i = end < 0 ? path.length : end + 1;
    } else i++;
  }
  return last;
}
