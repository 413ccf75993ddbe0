import { type Validator, VALID, invalid, standsAlone } from './validator.js';

/**
 * A street address line. The shaped patterns (`number-street` "221B Baker Street, Apt 4",
 * `street-number` "Hauptstraße 5", `number-voie` "12 rue de la Paix", `via-number` "Via Roma 10")
 * already spell out the street-type word, so this only checks the match is not glued to a longer
 * token. The evidence-only `address-line` pattern takes a house number and the words after it;
 * this looks for a street-type word (any case: "12 main st") within four words of the number,
 * after at least one street-name word, and narrows the match to end there (or after a unit:
 * "Apt 4B", "Suite 200", "#12").
 */
export const streetAddress: Validator = {
  name: 'street-address',
  description: 'A house number, street name and street-type word (and an optional unit), standing alone.',
  validate: ({ text, before, after, pattern }) => {
    const end = pattern === 'address-line' ? addressLineEnd(text) : text.length;
    if (end === undefined) return invalid('no street-type word after a street name');
    if (!standsAlone(before, text.slice(end) + after, '-_/')) return invalid('part of a longer token');
    return end === text.length ? VALID : { valid: true, trim: { start: 0, end } };
  },
};

const STREET_TYPES = new Set([
  'street', 'st', 'avenue', 'ave', 'av', 'road', 'rd', 'boulevard', 'blvd', 'lane', 'ln', 'drive', 'dr',
  'way', 'court', 'ct', 'place', 'pl', 'terrace', 'ter', 'terr', 'parkway', 'pkwy', 'highway', 'hwy',
  'circle', 'cir', 'square', 'sq', 'trail', 'trl', 'crescent', 'cres', 'close', 'alley', 'row', 'loop',
  'plaza', 'pike', 'path', 'walk', 'mews', 'gardens', 'grove', 'expressway', 'expy', 'freeway', 'fwy',
]);

const UNITS = new Set(['apt', 'apartment', 'suite', 'ste', 'unit', 'flat', 'floor', 'fl', 'room', 'rm', 'bldg']);

/** Words that make "3 items on the way" prose rather than a street name. */
const NOT_STREET_NAMES = new Set([
  'a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'for', 'by', 'via', 'from', 'and', 'or', 'with', 'is',
  'was', 'are', 'were', 'be', 'been', 'has', 'had', 'have', 'that', 'this', 'it', 'its', 'their', 'our',
  'your', 'my', 'his', 'her', 'all', 'more', 'other', 'times', 'items', 'days', 'hours', 'minutes',
]);

/** Where a valid address line ends inside an `address-line` match, or undefined. */
function addressLineEnd(text: string): number | undefined {
  const words = [...text.matchAll(/[^\s,]+/g)].map((m) => ({ word: m[0], end: m.index + m[0].length }));
  const lowerCase = text === text.toLowerCase();
  for (let k = 1; k < words.length && k <= 4; k++) {
    const word = words[k]!.word;
    if (k >= 2 && STREET_TYPES.has(word.toLowerCase().replace(/\.$/, ''))) {
      return words[k + 1] !== undefined && UNITS.has(words[k + 1]!.word.toLowerCase().replace(/\.$/, ''))
        ? (words[k + 2]?.end ?? words[k]!.end)
        : /^#\w+$/.test(words[k + 1]?.word ?? '')
          ? words[k + 1]!.end
          : words[k]!.end;
    }
    if (!isStreetNameWord(word, lowerCase)) return undefined;
  }
  return undefined;
}

function isStreetNameWord(word: string, lowerCase: boolean): boolean {
  if (NOT_STREET_NAMES.has(word.toLowerCase())) return false;
  if (/^\d{1,3}(?:st|nd|rd|th)$/i.test(word)) return true;
  return /^\p{L}[\p{L}'’.-]*$/u.test(word) && (lowerCase || /^\p{Lu}/u.test(word));
}
