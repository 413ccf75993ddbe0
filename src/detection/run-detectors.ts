import { type DetectionStats, type Finding, ValueScope, checkCandidate } from './check-candidate.js';
import type { CompiledPattern } from './compile-detectors.js';
import type { DetectorEngine } from './detector-engine.js';
import type { FieldPlan } from './field-plan.js';
import type { DetectionOptions } from './detection-options.js';
import type { CompiledScanner } from './regex.js';
import { EVIDENCE_REACH_BYTES } from './scoring.js';
import type { ValueBatch } from './value-batch.js';

export type { DetectionStats, Finding };

/**
 * Runs every detector over a batch of one field's values.
 *
 * Phase 1 marks the values worth a closer look, in one pass over the whole buffer that stops at a
 * value's first hit and jumps to the next value. It looks for every pattern that counts here as it
 * is and for the context words of detectors whose patterns need evidence the column name does not
 * give (such a value is marked only if one of those patterns stands near the word). Phase 2, for
 * marked values only: an RE2 set tells which patterns match there (an alternation reports one
 * pattern per position, but a digit run can be a phone, a card and an id at once), each of those
 * runs on its values, and its candidates go through evidence checks and validators.
 * Findings come back in value order; overlapping findings keep only the highest score.
 */
export function runDetectors(
  engine: DetectorEngine,
  batch: ValueBatch,
  plan: FieldPlan,
  options: DetectionOptions = engine.options,
  stats?: DetectionStats,
): Finding[] {
  const findings: Finding[] = [];
  if (batch.count === 0 || plan.scanner === null) return findings;
  const scopes = markCandidateValues(plan, plan.scanner, batch).map(
    (value) => new ValueScope(engine, valueBytes(batch, value), value, stats),
  );
  return examineValues(engine, plan, options, scopes);
}

function valueBytes(batch: ValueBatch, value: number): Buffer {
  return batch.bytes.subarray(batch.starts[value], batch.ends[value]);
}

/**
 * Phase 1: one pass of the scanner over the whole batch. A value it hits is marked if it holds a
 * candidate of a counted pattern, or if the hit is a context word with its detector's pattern
 * nearby; otherwise the scan looks further along the same value. After a mark it jumps to the
 * next value. Returns the marked values' indexes, ascending.
 */
function markCandidateValues(plan: FieldPlan, scanner: CompiledScanner, batch: ValueBatch): number[] {
  const { starts, ends, count } = batch;
  // The marked values' indexes, ascending: most values are not marked, so no per-value array.
  const marked: number[] = [];
  const input = batch.bytes.subarray(0, ends[count - 1]);
  let value = 0;
  let probed = -1;
  // A batch's values need not start at byte 0 (a worker task carries several batches in one buffer).
  scanner.lastIndex = starts[0] as number;
  while (scanner.test(input)) {
    const hitEnd = scanner.lastIndex;
    // Matches never cross the 0xFF separator, so the match's last byte lies in its value.
    value = valueAt(starts, count, value, hitEnd - 1);
    const holdsCandidate = probed !== value && plan.candidateProbe?.test(valueBytes(batch, value)) === true;
    probed = value;
    if (holdsCandidate || evidenceNear(plan, batch, value, hitEnd)) {
      marked.push(value);
    } else if (hitEnd < (ends[value] as number)) {
      scanner.lastIndex = hitEnd;
      continue;
    }
    if (value + 1 >= count) break;
    scanner.lastIndex = starts[value + 1] as number;
  }
  return marked;
}

/** The value whose bytes (or trailing separator) hold `offset`, searching from value `from`. */
function valueAt(starts: Uint32Array, count: number, from: number, offset: number): number {
  let low = from;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Is one of the evidence-only patterns of the detector whose context word ends at `hitEnd` near
 * it? Looks EVIDENCE_REACH_BYTES either side, enough for the word, the context window and the
 * candidate itself; phase 2 then applies the exact window.
 */
function evidenceNear(plan: FieldPlan, batch: ValueBatch, value: number, hitEnd: number): boolean {
  if (plan.contextWordSets === null) return false;
  const start = Math.max(batch.starts[value] as number, hitEnd - EVIDENCE_REACH_BYTES);
  const window = batch.bytes.subarray(
    start,
    Math.min(batch.ends[value] as number, hitEnd + EVIDENCE_REACH_BYTES),
  );
  for (const index of plan.contextWordSets.match(window)) {
    if (plan.triggers[index]?.evidencePatterns.test(window)) return true;
  }
  return false;
}

/**
 * Phase 2 over the marked values, one step at a time across all of them (the set, then each
 * pattern, then each detector's checks), so each RE2 automaton and validator stays hot in the
 * CPU caches instead of taking turns per value — about twice as fast as value by value (measured).
 */
function examineValues(
  engine: DetectorEngine,
  plan: FieldPlan,
  options: DetectionOptions,
  scopes: readonly ValueScope[],
): Finding[] {
  const valuesOfPattern = patternsPerValue(engine, plan, scopes);
  const perValue: Finding[][] = scopes.map(() => []);
  for (let patternIndex = 0; patternIndex < valuesOfPattern.length; patternIndex++) {
    const scopeIndexes = valuesOfPattern[patternIndex] as number[];
    if (scopeIndexes.length === 0) continue;
    const pattern = engine.patterns[patternIndex] as CompiledPattern;
    const regex = pattern.regex;
    for (const scopeIndex of scopeIndexes) {
      const scope = scopes[scopeIndex] as ValueScope;
      const text = scope.text;
      regex.lastIndex = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        const end = m.index + m[0].length;
        if (end === m.index) regex.lastIndex++;
        const finding = checkCandidate(scope, pattern, plan, options, m.index, end);
        if (finding !== null) (perValue[scopeIndex] as Finding[]).push(finding);
        if (regex.lastIndex >= text.length) break;
      }
    }
  }
  return perValue.flatMap((findings) => (findings.length > 1 ? withoutOverlaps(findings) : findings));
}

/**
 * For each pattern, the values (indexes into `scopes`) worth running it on: counted patterns an
 * RE2 set finds there, and evidence-only ones found where their detector has a context word.
 */
function patternsPerValue(
  engine: DetectorEngine,
  plan: FieldPlan,
  scopes: readonly ValueScope[],
): number[][] {
  const valuesOfPattern: number[][] = engine.patterns.map(() => []);
  const counted = plan.countedPatterns;
  if (counted !== null) {
    for (let i = 0; i < scopes.length; i++) {
      const scope = scopes[i] as ValueScope;
      for (const entry of counted.set.match(scope.text)) {
        const patternIndex = counted.patterns[entry] as number;
        (valuesOfPattern[patternIndex] as number[]).push(i);
      }
    }
  }
  const evidence = plan.evidencePatterns;
  if (evidence !== null) {
    scopes.forEach((scope, i) => {
      if (!plan.triggers.some((t) => scope.hasContextWordOf(t.detector))) return;
      for (const entry of evidence.set.match(scope.text)) {
        const patternIndex = evidence.patterns[entry] as number;
        const detector = engine.patterns[patternIndex]?.detector.index ?? -1;
        if (scope.hasContextWordOf(detector)) valuesOfPattern[patternIndex]?.push(i);
      }
    });
    for (const list of valuesOfPattern) list.sort((a, b) => a - b);
  }
  return valuesOfPattern;
}

/** Where findings of one value overlap, keep the higher score (the earlier on a tie). */
export function withoutOverlaps(findings: readonly Finding[]): Finding[] {
  const byScore = [...findings].sort(
    (a, b) => b.score - a.score || a.start - b.start || a.detector - b.detector,
  );
  const kept: Finding[] = [];
  for (const finding of byScore) {
    if (!kept.some((k) => finding.start < k.end && k.start < finding.end)) kept.push(finding);
  }
  return kept.sort((a, b) => a.start - b.start);
}
