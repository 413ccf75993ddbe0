/**
 * How each PII type is masked by default — the one table of masking defaults (README "Masking
 * policy"). Options override it per type (`strategies: { email: 'hash' }`).
 *
 * | type                                      | strategy | what stays visible            |
 * |-------------------------------------------|----------|-------------------------------|
 * | email                                     | partial  | the domain: `***@example.com` |
 * | credit_card                               | partial  | the last 4 digits (PCI DSS)   |
 * | ssn                                       | partial  | the last 4 digits             |
 * | phone                                     | partial  | the last 2 digits             |
 * | iban, ip_address, passport_number and the |          |                               |
 * | national ids (de_steuer_id, es_dni,       | hash     | equality only: masked columns |
 * | fr_nir, it_codice_fiscale, nl_bsn,        |          | still join                    |
 * | uk_nino)                                  |          |                               |
 * | anything else (person_name, street_address,| redact  | nothing                       |
 * | date_of_birth, custom types)              |          |                               |
 *
 * A field that only *contains* a type (label `contains`: free text with some PII) is redacted
 * whatever the type's strategy: partial masking would show the rest of the text, and a hash of
 * free text joins nothing. A field holding several types gets the strictest of their strategies.
 */
export type MaskingStrategy = 'redact' | 'partial' | 'hash';

export const MASKING_STRATEGIES: readonly MaskingStrategy[] = ['redact', 'partial', 'hash'];

/** What `partial` leaves visible. Digits are counted from the end; separators stay in place. */
export type PartialKeep = { keep: 'email-domain' } | { keep: 'last-digits'; digits: number };

/**
 * `last-digits` as two regular expressions that JS, Postgres (ARE), MariaDB (PCRE) and MySQL (ICU)
 * read alike: every digit followed by at least `digits` more digits becomes `*`, then every other
 * character but `*` and the separators - ( ) + . / and space. No backslashes, so no SQL escaping.
 */
export function maskedDigitsPattern(digits: number): string {
  return `[0-9](?=(?:[^0-9]*[0-9]){${digits}})`;
}
export const MASKED_OTHERS_PATTERN = '[^-0-9*()+./ ]';

/** The constant a redacted value becomes (NULL stays NULL). */
export const REDACTED = '[redacted]';

/** Where the hash key comes from when masking is applied: named here, never read by piimap's exports. */
export const MASKING_KEY_ENV = 'PIIMAP_MASKING_KEY';

const PARTIAL: Readonly<Record<string, PartialKeep>> = {
  email: { keep: 'email-domain' },
  credit_card: { keep: 'last-digits', digits: 4 },
  ssn: { keep: 'last-digits', digits: 4 },
  phone: { keep: 'last-digits', digits: 2 },
};

const HASHED = new Set([
  'de_steuer_id',
  'es_dni',
  'fr_nir',
  'iban',
  'ip_address',
  'it_codice_fiscale',
  'nl_bsn',
  'passport_number',
  'uk_nino',
]);

/** The types `partial` is defined for. */
export const PARTIAL_TYPES: readonly string[] = Object.keys(PARTIAL);

/** The default strategy of a type the field *is*. */
export function defaultStrategy(type: string): MaskingStrategy {
  if (Object.hasOwn(PARTIAL, type)) return 'partial';
  return HASHED.has(type) ? 'hash' : 'redact';
}

/** What `partial` keeps for a type; types without a partial form have none (→ redact). */
export function partialKeep(type: string): PartialKeep | undefined {
  return Object.hasOwn(PARTIAL, type) ? PARTIAL[type] : undefined;
}

/** Strictness, least to most: partial shows part of the value, hash only equality, redact nothing. */
const STRICTNESS: Readonly<Record<MaskingStrategy, number>> = { partial: 0, hash: 1, redact: 2 };

export function stricter(a: MaskingStrategy, b: MaskingStrategy): MaskingStrategy {
  return STRICTNESS[b] > STRICTNESS[a] ? b : a;
}
