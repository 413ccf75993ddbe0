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
 * Look sampling: once a detector has seen SETTLE_AFTER_CANDIDATES candidate values in a field, it
 * is looked for only in every 10th further value of the field; from 10× that many (estimated)
 * candidates in every 100th, from 100× in every 1,000th (LOOK_SAMPLING_LEVELS). Its candidates and
 * matches are then estimated from the values it was looked for in — validated × non-empty / looked
 * — a systematic sample whose standard error is at most ±1.1% at 2,000 validated values and which
 * never has fewer than ~2,000 behind it. Detectors not settled are still looked for in every value,
 * so a full scan still finds the one SSN in a million-row email column; what it no longer does is
 * run the email detector's validators (and libphonenumber, ~30 µs a number) a million times to
 * learn what the first 2,000 already told. Below the threshold every value is examined and counts
 * are exact. The sample of rows is an estimate of the table already; this adds a small, stated
 * variance to it.
 */
export const SETTLE_AFTER_CANDIDATES = 2_000;

/** From how many (estimated) candidates of a detector it is looked for in every how many values. */
export const LOOK_SAMPLING_LEVELS: readonly { fromCandidates: number; every: number }[] = [
  { fromCandidates: SETTLE_AFTER_CANDIDATES, every: 10 },
  { fromCandidates: SETTLE_AFTER_CANDIDATES * 10, every: 100 },
  { fromCandidates: SETTLE_AFTER_CANDIDATES * 100, every: 1000 },
];
