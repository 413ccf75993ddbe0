/** Exit codes of every command (DESIGN.md; documented in the README). */
export const ExitCode = {
  ok: 0,
  someAssetsFailed: 1,
  /** lookup: the field is known and holds no PII. */
  notPii: 1,
  usage: 2,
  catalogLocked: 3,
  newPii: 4,
  unknownField: 5,
  timeBudget: 6,
  catalogWriteFailed: 7,
  sigint: 130,
  sigterm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
