import { type Validator, VALID, invalid, standsAlone } from './validator.js';
import {
  isParticle,
  isSurnameToken,
  onlySuffixAfter,
  onlyTitleBefore,
  tokenize,
} from './person-name-tokens.js';

/**
 * A surname on its own ("Smith", "O'Connor", "van der Meer", "García López"), every word from the
 * packaged lists. Counts only as the whole value of a `last_name`-like column, or right after a
 * cue such as "last name:" in free text ("Mr. Smith" is person-name's `title-name` pattern).
 */
export const surname: Validator = {
  name: 'surname',
  description: 'Listed surnames only, as the whole value or right after a last-name cue.',
  validate: ({ text, before, after, columnEvidence, contextEvidence }) => {
    const tokens = tokenize(text);
    const names = tokens.filter((t) => !isParticle(t.text));
    if (
      names.length === 0 ||
      !names.every((t) => isSurnameToken(t.text)) ||
      isParticle(tokens.at(-1)!.text)
    ) {
      return invalid('not a listed surname');
    }
    if (columnEvidence && onlyTitleBefore(before) && onlySuffixAfter(after)) return VALID;
    if (contextEvidence && LAST_NAME_CUE.test(before) && standsAlone(before, after, '-._/@')) return VALID;
    return invalid(columnEvidence ? 'the name is not the whole value' : 'no last-name cue before it');
  },
};

const LAST_NAME_CUE =
  /(?:(?:last|family|sur)[ _-]?name|nachname|nom de famille|apellidos?|cognome|achternaam)["']?\s*[:=]?\s*["']?$/iu;
