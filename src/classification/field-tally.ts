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
  /** Values holding a candidate that reached the validators, validated or not. */
  candidates: number;
  /** Candidate values that went through the validators: all of them unless validation was sampled. */
  examined: number;
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

  constructor(private readonly keepExamples: boolean) {}

  /** `seen` counts NULLs and blanks too; the batch holds the non-empty values. */
  add(
    seen: number,
    batch: ValueBatch,
    findings: readonly Finding[],
    types: readonly string[],
    counts: { candidateValues: Uint32Array; examinedValues: Uint32Array },
  ): void {
    this.valuesSeen += seen;
    this.nonEmpty += batch.count;
    counts.candidateValues.forEach((count, detector) => {
      if (count === 0) return;
      const tally = this.tallyOf(detector);
      tally.candidates += count;
      tally.examined += counts.examinedValues[detector] ?? count;
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

  /** The order of this field's batches and their validation sampling (SETTLE_AFTER_CANDIDATES). */
  readonly schedule = new ValidationSchedule();

  private tallyOf(detector: number): DetectorTally {
    let tally = this.byDetector.get(detector);
    if (tally === undefined) {
      tally = {
        detector,
        matched: 0,
        scoreSum: 0,
        withContext: 0,
        candidates: 0,
        examined: 0,
        examples: new Set(),
      };
      this.byDetector.set(detector, tally);
    }
    return tally;
  }
}
