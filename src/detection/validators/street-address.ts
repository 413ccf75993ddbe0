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

/** USPS Publication 28 street suffixes, common abbreviations, and the UK "Close". */
const STREET_TYPES = wordSet(`
  alley avenue branch bridge brook brooks burg burgs bypass camp canyon cape causeway center centers
  circle circles cliff cliffs club common corner corners course court courts cove coves creek crescent
  crest crossing crossroad curve dale dam divide drive drives estate estates expressway extension
  extensions fall falls ferry field fields flat flats ford fords forest forge forges fork forks fort
  freeway garden gardens gateway glen glens green greens grove groves harbor harbors haven heights
  highway hill hills hollow inlet island islands isle junction junctions key keys knoll knolls lake
  lakes land landing lane light lights loaf lock locks lodge loop mall manor manors meadow meadows
  mews mill mills mission motorway mount mountain mountains neck orchard oval overpass park parks
  parkway parkways pass passage path pike pine pines place plain plains plaza point points port ports
  prairie radial ramp ranch rapid rapids rest ridge ridges river road roads route row rue run shoal
  shoals shore shores skyway spring springs spur spurs square squares station stravenue stream street
  streets summit terrace throughway trace track trafficway trail tunnel turnpike underpass union
  unions valley valleys via viaduct view views village villages ville vista walk walks wall way ways
  well wells st ave av rd blvd ln dr ct pl ter terr pkwy hwy cir sq trl cres expy fwy ctr hts pt mt
  plz xing crk cv aly close
`);

const UNITS = wordSet('apt apartment suite ste unit flat floor fl room rm bldg');

/** Words that make "3 items on the way" prose rather than a street name. */
const NOT_STREET_NAMES = wordSet(`
  a an the of to in on at for by via from and or with is was are were be been has had have that
  this it its their our your my his her all more other times items days hours minutes
`);

/** Where a valid address line ends inside an `address-line` match, or undefined. */
function addressLineEnd(text: string): number | undefined {
  const words = [...text.matchAll(/[^\s,]+/g)].map((m) => ({ word: m[0], end: m.index + m[0].length }));
  const lowerCase = text === text.toLowerCase();
  for (let k = 1; k < words.length && k <= 4; k++) {
    const word = words[k]!.word;
    if (k >= 2 && STREET_TYPES.has(bare(word))) return unitEnd(words, k + 1) ?? words[k]!.end;
    if (!isStreetNameWord(word, lowerCase)) return undefined;
  }
  return undefined;
}

/** The end of a unit right after the street type: "Apt 4B", "Suite 200", "#12". */
function unitEnd(words: { word: string; end: number }[], at: number): number | undefined {
  const word = words[at]?.word ?? '';
  if (/^#\w+$/.test(word)) return words[at]!.end;
  return UNITS.has(bare(word)) ? words[at + 1]?.end : undefined;
}

function bare(word: string): string {
  return word.toLowerCase().replace(/\.$/, '');
}

function isStreetNameWord(word: string, lowerCase: boolean): boolean {
  if (NOT_STREET_NAMES.has(word.toLowerCase())) return false;
  if (/^\d{1,3}(?:st|nd|rd|th)$/i.test(word)) return true;
  return /^\p{L}[\p{L}'’.-]*$/u.test(word) && (lowerCase || /^\p{Lu}/u.test(word));
}

function wordSet(text: string): ReadonlySet<string> {
  return new Set(text.trim().split(/\s+/));
}
