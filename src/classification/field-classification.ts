import type { FindingRecord } from '../catalog/catalog-records.js';
import type { FieldTally } from './field-tally.js';
import {
  CHANCE_MIN_CANDIDATES,
  CHANCE_VALIDATION_RATE,
  IS_PREVALENCE,
  MIN_RECORDED_CONFIDENCE,
  NAME_ONLY_CONFIDENCE,
} from './thresholds.js';

export interface DetectorInfo {
  id: string;
  type: string;
  validators: readonly string[];
}

/**
 * How sure piimap is that a field holds a type at all, from the validated matches in its sample:
 *
 *   confidence = q × (1 − 2^(−k) / 2)
 *
 * q is the mean score of the matched values (pattern score, raised by a passed checksum and by
 * column-name or context evidence), k the number of values with a match. One match gives q × 0.75,
 * three q × 0.94, ten or more ≈ q: repeated independent validated matches make chance unlikely.
 * It does not fall with prevalence — a notes column where 8% of rows carry validated emails holds
 * emails with high confidence, at low prevalence. It does fall when most candidates fail
 * validation (see CHANCE_VALIDATION_RATE): then the few passes are chance.
 */
export function matchConfidence(
  meanScore: number,
  matchedValues: number,
  candidateValues = matchedValues,
): number {
  const confidence = meanScore * (1 - 2 ** -matchedValues / 2);
  const validationRate = candidateValues > 0 ? matchedValues / candidateValues : 1;
  const chance = candidateValues >= CHANCE_MIN_CANDIDATES && validationRate < CHANCE_VALIDATION_RATE;
  return round(chance ? (confidence * validationRate) / CHANCE_VALIDATION_RATE : confidence);
}

/** The findings worth recording for one field or JSON path. */
export function classifyField(
  tally: FieldTally,
  detectors: readonly DetectorInfo[],
  columnEvidence: readonly boolean[],
  path = '',
): FindingRecord[] {
  const records: FindingRecord[] = [];
  for (const t of tally.byDetector.values()) {
    const detector = detectors[t.detector];
    if (detector === undefined || t.matched === 0) continue;
    const examined = Math.max(t.candidates, t.matched);
    const confidence = matchConfidence(t.scoreSum / t.matched, t.matched, examined);
    if (confidence < MIN_RECORDED_CONFIDENCE) continue;
    // Look sampling (LOOK_SAMPLING_LEVELS): candidates and matches in the values the detector was
    // not looked for in are estimated at the rates measured where it was. Exact when it was looked
    // for in every value.
    const looked = tally.lookedIn(t.detector);
    const sampledValidation = looked < tally.nonEmpty && looked > 0;
    const scale = sampledValidation ? tally.nonEmpty / looked : 1;
    const matched = Math.round(t.matched * scale);
    const prevalence = tally.nonEmpty > 0 ? round(Math.min(1, matched / tally.nonEmpty)) : 0;
    records.push({
      path,
      type: detector.type,
      detector: detector.id,
      matched,
      nonEmpty: tally.nonEmpty,
      prevalence,
      confidence,
      label: prevalence >= IS_PREVALENCE ? 'is' : 'contains',
      evidence: {
        validators: detector.validators,
        meanScore: round(t.scoreSum / t.matched),
        columnName: columnEvidence[t.detector] === true,
        contextMatches: t.withContext,
        candidates: Math.round(examined * scale),
        sampled: tally.valuesSeen,
        ...(sampledValidation && { validated: examined, matchedEstimated: true }),
      },
      ...(t.examples.size > 0 && { examples: [...t.examples] }),
    });
  }
  if (tally.nonEmpty === 0)
    records.push(...nameOnly(detectors, columnEvidence, path, 'no non-empty values sampled'));
  return records.sort((a, b) => b.confidence - a.confidence || a.detector.localeCompare(b.detector));
}

/**
 * Candidates from the column name alone — for a column with no values to check (all NULL or
 * empty) or one the scan may not read. A column named `email` whose values are present but never
 * match is not an email column, so values always win over the name.
 */
export function nameOnly(
  detectors: readonly DetectorInfo[],
  columnEvidence: readonly boolean[],
  path: string,
  reason: string,
): FindingRecord[] {
  return detectors.flatMap((detector, index) =>
    columnEvidence[index] === true
      ? [
          {
            path,
            type: detector.type,
            detector: detector.id,
            matched: 0,
            nonEmpty: 0,
            prevalence: 0,
            confidence: NAME_ONLY_CONFIDENCE,
            label: 'is' as const,
            evidence: { columnName: true, nameOnly: reason },
          },
        ]
      : [],
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
