/**
 * Column-name evidence. Names are split into lower-case words (snake_case, kebab-case, camelCase,
 * letter/digit runs), and a phrase matches when consecutive words, joined, spell it: `email`
 * matches customer_email, emailAddress and E-Mail; `birth date` matches birth_date and birthdate.
 */
const MAX_WORDS_PER_PHRASE = 4;

export function columnWords(name: string): string[] {
  return name
    .replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\d)|(\d)(\p{L})/gu, (_m, a, b, c, d) => (a ? `${a} ${b}` : `${c} ${d}`))
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** A phrase as the string its words spell ("birth date" → "birthdate"). */
export function phraseKey(phrase: string): string {
  return columnWords(phrase).join('');
}

export function columnMatchesAny(words: readonly string[], phraseKeys: ReadonlySet<string>): boolean {
  if (phraseKeys.size === 0) return false;
  for (let start = 0; start < words.length; start++) {
    let joined = '';
    for (let end = start; end < words.length && end < start + MAX_WORDS_PER_PHRASE; end++) {
      joined += words[end];
      if (phraseKeys.has(joined)) return true;
    }
  }
  return false;
}
