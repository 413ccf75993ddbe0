import type { DetectorEngine } from './detector-engine.js';
import type { DetectionOptions } from './detection-options.js';
import { runDetectors } from './run-detectors.js';
import { batchFromStrings, utf16Offset } from './value-batch.js';

/** A finding in a JS string's terms: UTF-16 offsets into the value. */
export interface ValueFinding {
  detector: string;
  type: string;
  start: number;
  end: number;
  score: number;
  columnEvidence: boolean;
  contextEvidence: boolean;
}

/**
 * Detects in an array of strings (one field's values) — the convenient form for tests, examples
 * and callers that already hold strings. Returns each value's findings.
 */
export function detectInValues(
  engine: DetectorEngine,
  values: readonly string[],
  { columnName, options }: { columnName?: string; options?: Partial<DetectionOptions> } = {},
): ValueFinding[][] {
  const batch = batchFromStrings(values);
  const found = runDetectors(engine, batch, engine.fieldPlan(columnName), { ...engine.options, ...options });
  const perValue: ValueFinding[][] = values.map(() => []);
  for (const finding of found) {
    const detector = engine.detectors[finding.detector];
    if (detector === undefined) continue;
    perValue[finding.value]?.push({
      detector: detector.id,
      type: detector.type,
      start: utf16Offset(batch, finding.value, finding.start),
      end: utf16Offset(batch, finding.value, finding.end),
      score: finding.score,
      columnEvidence: finding.columnEvidence,
      contextEvidence: finding.contextEvidence,
    });
  }
  return perValue;
}
