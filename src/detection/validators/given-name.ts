import { type Validator, VALID, invalid, standsAlone } from './validator.js';
import { isGivenToken, onlySuffixAfter, onlyTitleBefore, tokenize } from './person-name-tokens.js';

/**
 * A given name on its own ("Jane", "Anne-Marie", "María José"), every word from the packaged
 * lists. One capitalised word says little, so it counts only as the whole value of a
 * `first_name`-like column, or right after a cue such as "first name:" in free text.
 */
export const givenName: Validator = {
  name: 'given-name',
  description: 'Listed given names only, as the whole value or right after a first-name cue.',
  validate: ({ text, before, after, columnEvidence, contextEvidence }) => {
    if (!tokenize(text).every((t) => isGivenToken(t.text))) return invalid('not a listed given name');
    if (columnEvidence && onlyTitleBefore(before) && onlySuffixAfter(after)) return VALID;
    if (contextEvidence && FIRST_NAME_CUE.test(before) && standsAlone(before, after, '-._/@')) return VALID;
    return invalid(columnEvidence ? 'the name is not the whole value' : 'no first-name cue before it');
  },
};

const FIRST_NAME_CUE =
  /(?:(?:first|given|fore|christian)[ _-]?name|vorname|pr[ée]nom|nombre|nome|voornaam)["']?\s*[:=]?\s*["']?$/iu;
