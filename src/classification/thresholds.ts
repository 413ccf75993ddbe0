/**
 * Every number behind a classification, in one place (README "How a field is classified").
 *
 * prevalence = matched values / non-empty sampled values — how much of the field is that type.
 * confidence = q × (1 − 2^(−k) / 2) (field-classification.ts) — how sure piimap is that
 * the field holds the type at all, from the mean match score q and the number k of values with
 * a validated match. Prevalence does not lower confidence: minority PII is still PII.
 */

/** A type counts as what the field *is* when at least this share of non-empty values hold it. */
export const IS_PREVALENCE = 0.5;

/** Findings at or above this confidence are classifications; below, candidates. */
export const CLASSIFICATION_CONFIDENCE = 0.5;

/** `piimap diff` confidence bands: < CLASSIFICATION_CONFIDENCE low, up to this medium, from it high. */
export const HIGH_CONFIDENCE_BAND = 0.8;

/** Findings below this confidence are not recorded at all. */
export const MIN_RECORDED_CONFIDENCE = 0.1;

/** A column named like a type with no values to check (all NULL, or not readable): a candidate. */
export const NAME_ONLY_CONFIDENCE = 0.3;

/** How many masked examples a finding keeps when examples are on. */
export const MAX_EXAMPLES = 3;

/**
 * Chance passes: when at least CHANCE_MIN_CANDIDATES values held a candidate of a detector but
 * fewer than CHANCE_VALIDATION_RATE of them validated, the few that did are what a check digit
 * lets through by chance (a mod-97 key passes ~1% of random 15-digit IMEIs): confidence is scaled
 * down by validation rate / CHANCE_VALIDATION_RATE.
 */
export const CHANCE_MIN_CANDIDATES = 20;
export const CHANCE_VALIDATION_RATE = 0.3;

/**
 * Validation sampling: once a detector has seen SETTLE_AFTER_CANDIDATES candidate values in a
 * field, only every SETTLED_EXAMINE_EVERY-th further candidate value goes through its validators
 * and the rest are counted. Matches are then estimated as validated × candidates / examined — the
 * rate measured on the first 2,000 values and refined on every 10th after; its standard error is
 * at most ±1.1% at 2,000 validated values and shrinks from there. Validation (libphonenumber costs
 * ~30 µs a number) then stops dominating: a 10,000-row sample validates 2,800 phone candidates, not
 * 10,000 (the 20-table sampled scan in bench/scan: 12.5 s → 6.2 s), a million-row full scan ~100,000.
 * Below the threshold every candidate is validated and counts are exact. The sample of rows is an
 * estimate of the table already; this adds a small, stated variance to it.
 */
export const SETTLE_AFTER_CANDIDATES = 2_000;
export const SETTLED_EXAMINE_EVERY = 10;
