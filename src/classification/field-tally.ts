import type { Finding } from '../detection/check-candidate.js';
import type { ValueBatch } from '../detection/value-batch.js';
import { maskMatch } from '../shared/redact.js';
import { MAX_EXAMPLES } from './thresholds.js';
import { ValidationSchedule } from './validation-schedule.js';

/** What one detector found across a field's sample. */
export interface DetectorTally {
  detector: number;
  /** Values with at least one validated match (among the examined ones). */
  matched: number;
  scoreSum: number;
  /** Matched values where a context word supported the match. */
  withContext: number;
  /** Values holding a candidate that reached the validators, validated or not (among those looked in). */
  candidates: number;
  examples: Set<string>;
}

/**
 * Counts for one field (or one JSON path of it) over its whole sample, fed batch by batch. Keeps
 * no values: only counts, score sums and (if asked) a few masked examples.
 */
export class FieldTally {
  valuesSeen = 0;
  nonEmpty = 0;
  readonly byDetector = new Map<number, DetectorTally>();
  /** Per detector, non-empty values look sampling left out (LOOK_SAMPLING_LEVELS); absent: none. */
  readonly notLookedIn = new Map<number, number>();

  constructor(private readonly keepExamples: boolean) {}

  /** `seen` counts NULLs and blanks too; the batch holds the non-empty values. */
  add(
    seen: number,
    batch: ValueBatch,
    findings: readonly Finding[],
    types: readonly string[],
    counts: { candidateValues: Uint32Array; lookedValues: Uint32Array },
  ): void {
    this.valuesSeen += seen;
    this.nonEmpty += batch.count;
    counts.candidateValues.forEach((count, detector) => {
      if (count > 0) this.tallyOf(detector).candidates += count;
    });
    counts.lookedValues.forEach((looked, detector) => {
      if (looked < batch.count)
        this.notLookedIn.set(detector, (this.notLookedIn.get(detector) ?? 0) + batch.count - looked);
    });
    let lastKey = '';
    for (const finding of findings) {
      const key = `${finding.value}:${finding.detector}`;
      if (key === lastKey) continue; // a value counts once per detector (findings come in value order)
      lastKey = key;
      const tally = this.tallyOf(finding.detector);
      tally.matched++;
      tally.scoreSum += finding.score;
      if (finding.contextEvidence) tally.withContext++;
      if (this.keepExamples && tally.examples.size < MAX_EXAMPLES) {
        const start = (batch.starts[finding.value] as number) + finding.start;
        const text = batch.bytes.toString('utf8', start, start + finding.end - finding.start);
        tally.examples.add(maskMatch(types[finding.detector] ?? '', text));
      }
    }
  }

  /** The order of this field's batches and their look sampling (LOOK_SAMPLING_LEVELS). */
  readonly schedule = new ValidationSchedule();

  /** The non-empty values `detector` was looked for in. */
  lookedIn(detector: number): number {
    return this.nonEmpty - (this.notLookedIn.get(detector) ?? 0);
  }

  private tallyOf(detector: number): DetectorTally {
    let tally = this.byDetector.get(detector);
    if (tally === undefined) {
      tally = {
        detector,
        matched: 0,
        scoreSum: 0,
        withContext: 0,
        candidates: 0,
        examples: new Set(),
      };
      this.byDetector.set(detector, tally);
    }
    return tally;
  }
}
