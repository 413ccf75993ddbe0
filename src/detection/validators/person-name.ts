import { type ValidationResult, type Validator, invalid, standsAlone } from './validator.js';
import {
  type NameToken,
  isGivenToken,
  isInitial,
  isParticle,
  isSurnameToken,
  isTitle,
  onlySuffixAfter,
  onlyTitleBefore,
  tokenize,
} from './person-name-tokens.js';

/**
 * A person's full name: a listed given name, then a listed surname, with middle names, initials
 * and particles ("van der") between. Capitalised words alone are not enough: products, companies,
 * cities and months are capitalised too, so both ends are checked against the name lists.
 *
 * Under column evidence (`full_name`) the name must be the whole value (a title before, a suffix
 * such as "Jr." after are fine). With context evidence in free text ("customer Jane Smith
 * called") the match is narrowed to the name. Patterns: `full-name`, `surname-first`
 * ("Smith, John"), `title-name` ("Mr. Smith", the title is trimmed off).
 */
export const personName: Validator = {
  name: 'person-name',
  description: 'A listed given name followed by a listed surname, as the whole value or near a name cue.',
  validate: ({ text, before, after, pattern, columnEvidence, contextEvidence }) => {
    const tokens = tokenize(text);
    const span = findName(tokens, pattern, text);
    if (span === undefined) return invalid('no given name followed by a surname');
    const { start, end } = span;
    const spanBefore = before + text.slice(0, start);
    const spanAfter = text.slice(end) + after;
    if (ORGANISATION_NEXT.test(spanAfter) || /&\s*$/.test(spanBefore))
      return invalid('part of an organisation name');
    const trimmed = start > 0 || end < text.length;
    const result: ValidationResult = trimmed ? { valid: true, trim: { start, end } } : { valid: true };
    if (columnEvidence && onlyTitleBefore(spanBefore) && onlySuffixAfter(spanAfter)) return result;
    // In prose a name followed by another capitalised word is usually a longer proper noun:
    // "the Tommy Hilfiger Slim Fit Chinos", "Morgan Stanley Wealth Management".
    const properNounGoesOn = /^ \p{Lu}/u.test(spanAfter);
    if (contextEvidence && !properNounGoesOn && standsAlone(spanBefore, spanAfter, '-._/@')) return result;
    return invalid(columnEvidence ? 'the name is not the whole value' : 'no name evidence');
  },
};

/** "Morgan Stanley Inc.", "Johnson & Johnson", "Ralph Lauren Corporation", "Martin Luther King Street". */
const ORGANISATION_NEXT =
  /^,?\s*(?:[&+]|(?:inc|llc|ltd|plc|gmbh|ag|sa|nv|bv|kg|corp|corporation|co|company|group|holdings?|partners|associates|sons|brothers|foundation|institute|university|college|school|hospital|clinic|hotel|bank|capital|ventures|labs|technologies|systems|solutions|services|consulting|street|st|avenue|ave|road|rd|boulevard|lane|drive|way|square|park|bridge|cent(?:er|re)|airport|station|stra(?:ss|ß)e|platz)(?![\p{L}\p{N}]))/iu;

interface Span {
  start: number;
  end: number;
}

function findName(tokens: NameToken[], pattern: string, text: string): Span | undefined {
  if (pattern === 'surname-first') return surnameFirst(tokens, text);
  if (pattern === 'title-name' && tokens[0] !== undefined && isTitle(tokens[0].text)) {
    const rest = tokens.slice(1);
    return givenThenSurname(rest) ?? (surnameOnly(rest) ? spanOf(rest, 0, rest.length - 1) : undefined);
  }
  return givenThenSurname(tokens);
}

/** The first listed given name followed, through name-like tokens, by a listed surname. */
function givenThenSurname(tokens: NameToken[]): Span | undefined {
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!isGivenToken(tokens[i]!.text)) continue;
    let last = -1;
    for (let k = i + 1; k < tokens.length; k++) {
      const token = tokens[k]!.text;
      if (isParticle(token)) continue;
      if (isSurnameToken(token)) last = k;
      else if (!isInitial(token) && !isGivenToken(token)) break;
    }
    if (last > i) return spanOf(tokens, i, last);
  }
  return undefined;
}

/** "Smith, John", "van der Meer, Jan P.": surname part, comma, given name and initials. */
function surnameFirst(tokens: NameToken[], text: string): Span | undefined {
  const comma = text.indexOf(',');
  const left = tokens.filter((t) => t.end <= comma);
  const right = tokens.filter((t) => t.start > comma);
  if (!surnameOnly(left) || right[0] === undefined || !isGivenToken(right[0].text)) return undefined;
  if (!right.slice(1).every((t) => isInitial(t.text) || isGivenToken(t.text))) return undefined;
  return spanOf(tokens, 0, tokens.length - 1);
}

/** Particles, then surnames: "Smith", "van der Meer", "García López". */
function surnameOnly(tokens: NameToken[]): boolean {
  const names = tokens.filter((t) => !isParticle(t.text));
  return names.length > 0 && names.every((t) => isSurnameToken(t.text)) && !isParticle(tokens.at(-1)!.text);
}

function spanOf(tokens: NameToken[], first: number, last: number): Span {
  return { start: tokens[first]!.start, end: tokens[last]!.end };
}
