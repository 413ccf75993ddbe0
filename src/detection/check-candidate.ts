import type { CompiledDetector, CompiledPattern } from './compile-detectors.js';
import type { DetectorEngine } from './detector-engine.js';
import type { FieldPlan } from './field-plan.js';
import type { DetectionOptions } from './detection-options.js';
import type { CompiledRegex } from './regex.js';
import { CONTEXT_WINDOW_BYTES, EXCLUDED_CONTEXT_BYTES_BEFORE, matchScore } from './scoring.js';
import { CONTEXT_CHARS, type ValidationInput, type ValidationResult } from './validators/validator.js';

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

type Span = readonly [number, number];

/**
 * Per detector, how many values held a candidate that reached the validators (passed or not) and
 * in how many values it was looked for: set against the validated matches, they tell real data
 * from chance passes of a check digit, and scale the matches of a sampled detector up.
 */
export interface DetectionStats {
  candidateValues: Uint32Array;
  /** Per detector, the values it was looked for in: all of them unless look sampling left some out. */
  lookedValues: Uint32Array;
  /**
   * Per detector, 0 to look for it in every value, or n to look only in every n-th value of the
   * batch (look sampling, LOOK_SAMPLING_LEVELS).
   */
  lookEvery?: Uint16Array | undefined;
  /** Seeds the choice of values under look sampling: the batch's place in its field. */
  lookSeed?: number | undefined;
}

/** Empty stats for `detectors` detectors, looking in every value unless `lookEvery` says. */
export function detectionStats(
  detectors: number,
  lookEvery?: Uint16Array,
  lookSeed?: number,
): DetectionStats {
  return {
    candidateValues: new Uint32Array(detectors),
    lookedValues: new Uint32Array(detectors),
    lookEvery,
    lookSeed,
  };
}

/**
 * One value under examination, with what is known about its words so far. Context words are found
 * on the whole value (so a word cut at a window's edge never counts), once per detector, and only
 * for detectors that have a word somewhere in the value at all.
 */
export class ValueScope {
  private contextOwners: Set<number> | undefined;
  private excludedOwners: Set<number> | undefined;
  private readonly spans = new Map<CompiledRegex, Span[]>();
  /** Detectors this value already counted as a candidate of. */
  private counted: number[] | undefined;

  constructor(
    readonly engine: DetectorEngine,
    readonly text: Buffer,
    readonly value: number,
    private readonly stats?: DetectionStats,
  ) {}

  /** Counts this value once as a candidate of `detector`. */
  countCandidate(detector: number): void {
    const stats = this.stats;
    if (stats === undefined) return;
    this.counted ??= [];
    if (this.counted.includes(detector)) return;
    this.counted.push(detector);
    (stats.candidateValues[detector] as number)++;
  }

  hasContextWordOf(detector: number): boolean {
    this.contextOwners ??= this.engine.detectorsWithContextIn(this.text);
    return this.contextOwners.has(detector);
  }

  /** A context word of `detector` overlaps the window around [start, end). */
  contextNear(detector: CompiledDetector, start: number, end: number): boolean {
    if (detector.context === null || !this.hasContextWordOf(detector.index)) return false;
    const from = start - CONTEXT_WINDOW_BYTES;
    const to = end + CONTEXT_WINDOW_BYTES;
    return this.wordSpans(detector.context).some(([s, e]) => s < to && e > from);
  }

  /** An excluded word of `detector` ("order", "version") stands right before `start`. */
  excludedBefore(detector: CompiledDetector, start: number): boolean {
    if (detector.excludedContext === null) return false;
    this.excludedOwners ??= this.engine.detectorsWithExcludedContextIn(this.text);
    if (!this.excludedOwners.has(detector.index)) return false;
    const from = start - EXCLUDED_CONTEXT_BYTES_BEFORE;
    return this.wordSpans(detector.excludedContext).some(([s, e]) => s < start && e > from);
  }

  private wordSpans(regex: CompiledRegex): Span[] {
    let spans = this.spans.get(regex);
    if (spans === undefined) {
      spans = [];
      regex.lastIndex = 0;
      for (let m = regex.exec(this.text); m !== null; m = regex.exec(this.text)) {
        spans.push([m.index, m.index + m[0].length]);
      }
      this.spans.set(regex, spans);
    }
    return spans;
  }
}

/** Evidence rules, then the detector's validators, for one candidate [start, end) of a value. */
export function checkCandidate(
  scope: ValueScope,
  pattern: CompiledPattern,
  plan: FieldPlan,
  options: DetectionOptions,
  start: number,
  end: number,
): Finding | null {
  const detector = pattern.detector;
  const columnEvidence = plan.columnEvidence[detector.index] === true;
  const contextEvidence = scope.contextNear(detector, start, end);
  if (pattern.requiresEvidence && !columnEvidence && !contextEvidence) return null;
  if (scope.excludedBefore(detector, start)) return null;
  scope.countCandidate(detector.index);

  const text = scope.text;
  const input: ValidationInput = {
    text: text.toString('utf8', start, end),
    before: contextBefore(text, start),
    after: contextAfter(text, end),
    columnEvidence,
    contextEvidence,
    pattern: pattern.name,
    options,
  };
  let validatorScore = 0;
  let trimmedStart = start;
  let trimmedEnd = end;
  for (const validator of detector.validators) {
    const result: ValidationResult = validator.validate(input);
    if (!result.valid) return null;
    if (result.score !== undefined) validatorScore = Math.max(validatorScore, result.score);
    if (result.trim !== undefined) {
      const kept = input.text.slice(result.trim.start, result.trim.end);
      trimmedStart += Buffer.byteLength(input.text.slice(0, result.trim.start));
      trimmedEnd = trimmedStart + Buffer.byteLength(kept);
      input.text = kept;
      input.before = contextBefore(text, trimmedStart);
      input.after = contextAfter(text, trimmedEnd);
    }
  }
  return {
    detector: detector.index,
    pattern: pattern.index,
    value: scope.value,
    start: trimmedStart,
    end: trimmedEnd,
    score: matchScore(pattern.score, validatorScore, columnEvidence, contextEvidence),
    columnEvidence,
    contextEvidence,
  };
}

function contextBefore(text: Buffer, at: number): string {
  return text.toString('utf8', Math.max(0, at - CONTEXT_CHARS * 4), at).slice(-CONTEXT_CHARS);
}

function contextAfter(text: Buffer, at: number): string {
  return text.toString('utf8', at, at + CONTEXT_CHARS * 4).slice(0, CONTEXT_CHARS);
}
