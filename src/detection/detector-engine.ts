import { columnWords } from './column-names.js';
import type { CompiledDetector, CompiledPattern } from './compile-detectors.js';
import type { DetectionOptions } from './detection-options.js';
import { type FieldPlan, buildFieldPlan } from './field-plan.js';
import { type CompiledRegexSet, compileRegexSet } from './regex.js';

/** Compiled detectors, ready to run on batches. Build once per process (or worker). */
export class DetectorEngine {
  readonly detectors: readonly CompiledDetector[];
  readonly patterns: readonly CompiledPattern[];
  readonly options: DetectionOptions;
  /**
   * Word lists get sets of their own, apart from the patterns: one RE2 set over patterns and word
   * lists together outgrew RE2's DFA budget and ran ~10x slower per value (measured).
   */
  private readonly contextWords: WordOwners;
  private readonly excludedWords: WordOwners;
  private readonly plans = new Map<string, FieldPlan>();

  constructor(detectors: CompiledDetector[], options: DetectionOptions) {
    this.detectors = detectors;
    this.patterns = detectors.flatMap((detector) => detector.patterns);
    this.options = options;
    this.contextWords = new WordOwners(detectors, (d) => d.contextSource);
    this.excludedWords = new WordOwners(detectors, (d) => d.excludedContextSource);
  }

  /**
   * The plan for a field named `columnName` (undefined: free text, e.g. `piimap detect`), looking
   * for the detectors `looksFor` marks (absent: all of them).
   */
  fieldPlan(columnName?: string, looksFor?: readonly boolean[]): FieldPlan {
    const cacheKey = `${columnName ?? ''}\u0000${looksFor?.map((on) => (on ? 1 : 0)).join('') ?? ''}`;
    let plan = this.plans.get(cacheKey);
    if (plan === undefined) {
      const words = columnName === undefined ? [] : columnWords(columnName);
      plan = buildFieldPlan(this.detectors, words, looksFor);
      this.plans.set(cacheKey, plan);
    }
    return plan;
  }

  /** Indexes of the detectors with one of their context words somewhere in `value`. */
  detectorsWithContextIn(value: Buffer): Set<number> {
    return this.contextWords.in(value);
  }

  /** Indexes of the detectors with one of their excluded context words somewhere in `value`. */
  detectorsWithExcludedContextIn(value: Buffer): Set<number> {
    return this.excludedWords.in(value);
  }
}

/** One RE2 set over some word list of every detector: whose words occur in a value, in one pass. */
class WordOwners {
  private readonly set: CompiledRegexSet | null;
  private readonly owners: readonly number[];

  constructor(detectors: readonly CompiledDetector[], source: (d: CompiledDetector) => string | null) {
    const withWords = detectors.filter((detector) => source(detector) !== null);
    this.owners = withWords.map((detector) => detector.index);
    this.set = withWords.length > 0 ? compileRegexSet(withWords.map((d) => source(d) as string)) : null;
  }

  in(value: Buffer): Set<number> {
    return new Set((this.set?.match(value) ?? []).map((i) => this.owners[i] as number));
  }
}
