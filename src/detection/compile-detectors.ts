import { DetectorDefinitionError } from '../shared/errors.js';
import { columnMatchesAny, columnWords, phraseKey } from './column-names.js';
import { contextWordsSource } from './context-words.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from './detection-options.js';
import { type DetectorDefinition, type LoadedDetector, validatorNames } from './detector-definition.js';
import {
  type CompiledRegex,
  type CompiledRegexSet,
  RegexSyntaxError,
  compileRegex,
  compileRegexSet,
} from './regex.js';
import type { Validator } from './validators/validator.js';
import { VALIDATORS, knownValidatorNames } from './validators/index.js';

export interface CompiledPattern {
  index: number;
  detector: CompiledDetector;
  name: string;
  score: number;
  requiresEvidence: boolean;
  source: string;
  regex: CompiledRegex;
}

export interface CompiledDetector {
  index: number;
  id: string;
  type: string;
  definition: DetectorDefinition;
  file: string;
  patterns: CompiledPattern[];
  validators: readonly Validator[];
  columnPhrases: ReadonlySet<string>;
  excludedColumnPhrases: ReadonlySet<string>;
  /** Source of the context-word pattern, used in the phase-1 prefilter of evidence-only detectors. */
  contextSource: string | null;
  context: CompiledRegex | null;
  excludedContext: CompiledRegex | null;
}

/** What one field (column) needs: which detectors apply, which have column evidence, phase 1. */
export interface FieldPlan {
  enabled: readonly boolean[];
  columnEvidence: readonly boolean[];
  /** Finds every value that may hold a match of any enabled detector; null when none can. */
  prefilter: CompiledRegex | null;
}

/** Compiled detectors, ready to run on batches. Build once per process (or worker). */
export class DetectorEngine {
  readonly detectors: readonly CompiledDetector[];
  readonly patterns: readonly CompiledPattern[];
  readonly patternSet: CompiledRegexSet;
  readonly options: DetectionOptions;
  private readonly plans = new Map<string, FieldPlan>();
  private readonly prefilters = new Map<string, CompiledRegex | null>();

  constructor(detectors: CompiledDetector[], options: DetectionOptions) {
    this.detectors = detectors;
    this.patterns = detectors.flatMap((detector) => detector.patterns);
    this.patternSet = compileRegexSet(this.patterns.map((pattern) => pattern.source));
    this.options = options;
  }

  /** The plan for a field named `columnName` (undefined: free text, e.g. `piimap detect`). */
  fieldPlan(columnName?: string): FieldPlan {
    const cacheKey = columnName ?? '';
    let plan = this.plans.get(cacheKey);
    if (plan === undefined) {
      plan = this.buildPlan(columnName === undefined ? [] : columnWords(columnName));
      this.plans.set(cacheKey, plan);
    }
    return plan;
  }

  private buildPlan(words: readonly string[]): FieldPlan {
    const enabled = this.detectors.map((d) => !columnMatchesAny(words, d.excludedColumnPhrases));
    const columnEvidence = this.detectors.map((d, i) => enabled[i] === true && columnMatchesAny(words, d.columnPhrases));
    const alternatives: string[] = [];
    for (const detector of this.detectors) {
      if (!enabled[detector.index]) continue;
      const hasEvidence = columnEvidence[detector.index] === true;
      let needsContextTrigger = false;
      for (const pattern of detector.patterns) {
        if (!pattern.requiresEvidence || hasEvidence) alternatives.push(pattern.source);
        else needsContextTrigger = true;
      }
      if (needsContextTrigger && detector.contextSource !== null) alternatives.push(detector.contextSource);
    }
    return { enabled, columnEvidence, prefilter: this.prefilterFor(alternatives) };
  }

  private prefilterFor(alternatives: string[]): CompiledRegex | null {
    const source = alternatives.map((alternative) => `(?:${alternative})`).join('|');
    if (!this.prefilters.has(source)) {
      this.prefilters.set(source, alternatives.length === 0 ? null : compileRegex(source));
    }
    return this.prefilters.get(source) ?? null;
  }
}

export function compileDetectors(
  loaded: readonly LoadedDetector[],
  options: DetectionOptions = DEFAULT_DETECTION_OPTIONS,
): DetectorEngine {
  const detectors: CompiledDetector[] = [];
  let patternIndex = 0;
  for (const entry of loaded) {
    const detector = compileDetector(entry, detectors.length);
    for (const pattern of detector.patterns) pattern.index = patternIndex++;
    detectors.push(detector);
  }
  return new DetectorEngine(detectors, options);
}

function compileDetector({ definition, file }: LoadedDetector, index: number): CompiledDetector {
  const subject = `detector ${definition.id} (${file})`;
  const validators = validatorNames(definition).map((name, i) => {
    const validator = VALIDATORS.get(name);
    if (validator === undefined) {
      throw new DetectorDefinitionError(
        `${subject}: validator${Array.isArray(definition.validator) ? `[${i}]` : ''} "${name}" is unknown; known validators: ${knownValidatorNames().join(', ')}`,
      );
    }
    return validator;
  });
  const contextSource = contextWordsSource(definition.context ?? []);
  const excludedContextSource = contextWordsSource(definition.exclude?.context ?? []);
  const detector: CompiledDetector = {
    index,
    id: definition.id,
    type: definition.type,
    definition,
    file,
    patterns: [],
    validators,
    columnPhrases: new Set((definition.columnNames ?? []).map(phraseKey)),
    excludedColumnPhrases: new Set((definition.exclude?.columnNames ?? []).map(phraseKey)),
    contextSource,
    context: contextSource === null ? null : compileRegex(contextSource),
    excludedContext: excludedContextSource === null ? null : compileRegex(excludedContextSource),
  };
  detector.patterns = definition.patterns.map((pattern, i) => ({
    index: -1,
    detector,
    name: pattern.name,
    score: pattern.score,
    requiresEvidence: pattern.requiresEvidence === true,
    source: pattern.regex,
    regex: compilePattern(pattern.regex, `${subject}: patterns[${i}] "${pattern.name}"`),
  }));
  const evidenceOnly = detector.patterns.some((p) => p.requiresEvidence);
  if (evidenceOnly && detector.columnPhrases.size === 0 && contextSource === null) {
    throw new DetectorDefinitionError(
      `${subject}: a pattern requires evidence but the detector has neither columnNames nor context words, so it could never match; add some or drop requiresEvidence`,
    );
  }
  return detector;
}

function compilePattern(source: string, subject: string): CompiledRegex {
  let regex: CompiledRegex;
  try {
    regex = compileRegex(source);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new DetectorDefinitionError(`${subject}: ${error.message}`);
    throw error;
  }
  if (regex.test('')) {
    throw new DetectorDefinitionError(`${subject}: the pattern matches the empty string, so it would match every value`);
  }
  return regex;
}
