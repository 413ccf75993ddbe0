/**
 * How a match's score is built, in one place. A pattern gives the base score; a validator that
 * proves structure (a checksum) may raise it; evidence from the column name or nearby words raises
 * it further. Scores stay in [0, 1].
 */
export const COLUMN_EVIDENCE_BOOST = 0.2;
export const CONTEXT_EVIDENCE_BOOST = 0.1;

/** Context words count within this many bytes either side of a match (the same value only). */
export const CONTEXT_WINDOW_BYTES = 48;

/**
 * How far around a context word phase 1 looks for an evidence-only pattern: the context window
 * plus room for the word and the candidate (candidates longer than ~400 bytes may be missed).
 */
export const EVIDENCE_REACH_BYTES = 512;

/** Counter-evidence ("order #", "serial", "version") is a label right before a match. */
export const EXCLUDED_CONTEXT_BYTES_BEFORE = 24;

export function matchScore(
  patternScore: number,
  validatorScore: number,
  columnEvidence: boolean,
  contextEvidence: boolean,
): number {
  let score = Math.max(patternScore, validatorScore);
  if (columnEvidence) score += COLUMN_EVIDENCE_BOOST;
  if (contextEvidence) score += CONTEXT_EVIDENCE_BOOST;
  return Math.min(1, Math.round(score * 1000) / 1000);
}
