/**
 * Whether an alphanumeric token is a machine-made id (a hash, an ObjectId, a ULID, a KSUID) rather
 * than a word. Ids change from object to object, so they collapse to `*`; words must not.
 */

/** Hex of one case, 8+ characters, with a digit and a letter: `9f86d081`, `507F1F77BCF86CD7`. */
const HEX_ID = /^(?:[0-9a-f]{8,}|[0-9A-F]{8,})$/;
const MIN_MIXED_ID_LENGTH = 12;

export function isGeneratedId(token: string): boolean {
  if (!/[0-9]/.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (HEX_ID.test(token)) return true;
  return isMixedId(token);
}

/**
 * A base32/base36/base62 id: 12+ ASCII letters and digits whose character classes change often.
 * The score counts letter↔digit boundaries, plus upper→upper pairs when the token has both cases
 * (random mixed case has them; camelCase words rarely do). Words with a number in them score low:
 * `covid19cases` 2, `CustomerOrders2026Q4Report` 4 (under 26/6). Ids without any digit are not
 * recognised: telling them from long words needs more than character classes.
 */
function isMixedId(token: string): boolean {
  if (token.length < MIN_MIXED_ID_LENGTH || !/^[A-Za-z0-9]+$/.test(token)) return false;
  const bothCases = /[a-z]/.test(token) && /[A-Z]/.test(token);
  let score = 0;
  for (let i = 1; i < token.length; i++) {
    const previous = charClass(token.charCodeAt(i - 1));
    const current = charClass(token.charCodeAt(i));
    if ((previous === 'digit') !== (current === 'digit')) score++;
    else if (bothCases && previous === 'upper' && current === 'upper') score++;
  }
  return score >= Math.max(3, token.length / 6);
}

function charClass(code: number): 'digit' | 'upper' | 'lower' {
  if (code >= 48 && code <= 57) return 'digit';
  return code >= 65 && code <= 90 ? 'upper' : 'lower';
}
