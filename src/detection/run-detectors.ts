import type { CompiledPattern, DetectorEngine, FieldPlan } from './compile-detectors.js';
import type { DetectionOptions } from './detection-options.js';
import type { CompiledRegex } from './regex.js';
import { CONTEXT_WINDOW_BYTES, EXCLUDED_CONTEXT_BYTES_BEFORE, matchScore } from './scoring.js';
import type { ValueBatch } from './value-batch.js';
import { CONTEXT_CHARS, type ValidationResult } from './validators/validator.js';

/** One validated match. Offsets are UTF-8 byte offsets relative to the start of its value. */
export interface Finding {
  detector: number;
  pattern: number;
  value: number;
  start: number;
  end: number;
  score: number;
  columnEvidence: boolean;
  contextEvidence: boolean;
}

/**
 * Runs every detector over a batch of one field's values.
 *
 * Phase 1: one RE2 pass of the plan's combined alternation over the whole buffer finds the values
 * that hold any candidate (jumping to the next value after each hit). Phase 2, only for those
 * values: an RE2 set tells which patterns match there — an alternation reports one pattern per
 * position, but a digit run can be a phone, a card and an id at once — then each of those runs on
 * the value, and its candidates go through evidence checks and validators.
 * Findings come back in value order; overlapping findings keep only the highest score.
 */
export function runDetectors(
  engine: DetectorEngine,
  batch: ValueBatch,
  plan: FieldPlan,
  options: DetectionOptions = engine.options,
): Finding[] {
  const findings: Finding[] = [];
  const prefilter = plan.prefilter;
  if (prefilter === null || batch.count === 0) return findings;
  const { bytes, starts, ends, count } = batch;
  const input = bytes.subarray(0, ends[count - 1]);
  let value = 0;
  prefilter.lastIndex = 0;
  for (let hit = prefilter.exec(input); hit !== null; hit = prefilter.exec(input)) {
    value = valueAt(starts, ends, count, value, hit.index);
    if (value >= count) break;
    findValue(engine, batch, plan, options, value, findings);
    if (value + 1 >= count) break;
    prefilter.lastIndex = starts[value + 1] ?? input.length;
  }
  return findings;
}

/** The value containing byte `offset` (or the next one, for an offset in a separator). */
function valueAt(starts: Uint32Array, ends: Uint32Array, count: number, from: number, offset: number): number {
  let low = from;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return offset < (ends[low] ?? 0) || offset < (starts[low] ?? 0) ? low : low + 1;
}

function findValue(
  engine: DetectorEngine,
  batch: ValueBatch,
  plan: FieldPlan,
  options: DetectionOptions,
  value: number,
  out: Finding[],
): void {
  const valueStart = batch.starts[value] ?? 0;
  const text = batch.bytes.subarray(valueStart, batch.ends[value]);
  const firstOfValue = out.length;
  for (const patternIndex of engine.patternSet.match(text)) {
    const pattern = engine.patterns[patternIndex];
    if (pattern === undefined || !plan.enabled[pattern.detector.index]) continue;
    const regex = pattern.regex;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const end = m.index + m[0].length;
      if (end === m.index) regex.lastIndex++;
      const finding = checkCandidate(pattern, plan, options, text, m.index, end);
      if (finding !== null) out.push({ ...finding, value });
    }
  }
  if (out.length - firstOfValue > 1) resolveOverlaps(out, firstOfValue);
}

function checkCandidate(
  pattern: CompiledPattern,
  plan: FieldPlan,
  options: DetectionOptions,
  text: Buffer,
  start: number,
  end: number,
): Omit<Finding, 'value'> | null {
  const detector = pattern.detector;
  const columnEvidence = plan.columnEvidence[detector.index] === true;
  const window = text.subarray(Math.max(0, start - CONTEXT_WINDOW_BYTES), end + CONTEXT_WINDOW_BYTES);
  const contextEvidence = detector.context !== null && testWithin(detector.context, window);
  if (pattern.requiresEvidence && !columnEvidence && !contextEvidence) return null;
  const label = text.subarray(Math.max(0, start - EXCLUDED_CONTEXT_BYTES_BEFORE), start);
  if (detector.excludedContext !== null && testWithin(detector.excludedContext, label)) return null;

  let candidate = text.toString('utf8', start, end);
  let validatorScore = 0;
  let trimmedStart = start;
  let trimmedEnd = end;
  for (const validator of detector.validators) {
    const result: ValidationResult = validator.validate({
      text: candidate,
      before: contextBefore(text, trimmedStart),
      after: contextAfter(text, trimmedEnd),
      columnEvidence,
      contextEvidence,
      pattern: pattern.name,
      options,
    });
    if (!result.valid) return null;
    if (result.score !== undefined) validatorScore = Math.max(validatorScore, result.score);
    if (result.trim !== undefined) {
      trimmedStart += Buffer.byteLength(candidate.slice(0, result.trim.start));
      trimmedEnd = trimmedStart + Buffer.byteLength(candidate.slice(result.trim.start, result.trim.end));
      candidate = candidate.slice(result.trim.start, result.trim.end);
    }
  }
  return {
    detector: detector.index,
    pattern: pattern.index,
    start: trimmedStart,
    end: trimmedEnd,
    score: matchScore(pattern.score, validatorScore, columnEvidence, contextEvidence),
    columnEvidence,
    contextEvidence,
  };
}

function testWithin(regex: CompiledRegex, window: Buffer): boolean {
  regex.lastIndex = 0;
  return regex.test(window);
}

function contextBefore(text: Buffer, at: number): string {
  return text.toString('utf8', Math.max(0, at - CONTEXT_CHARS * 4), at).slice(-CONTEXT_CHARS);
}

function contextAfter(text: Buffer, at: number): string {
  return text.toString('utf8', at, at + CONTEXT_CHARS * 4).slice(0, CONTEXT_CHARS);
}

/** Where findings of one value overlap, keep the higher score (the earlier on a tie). */
function resolveOverlaps(out: Finding[], from: number): void {
  const own = out.splice(from).sort((a, b) => b.score - a.score || a.start - b.start || a.detector - b.detector);
  const kept: Finding[] = [];
  for (const finding of own) {
    if (!kept.some((k) => finding.start < k.end && k.start < finding.end)) kept.push(finding);
  }
  out.push(...kept.sort((a, b) => a.start - b.start));
}
