import { DetectorDefinitionError } from '../shared/errors.js';
import { phraseKey } from './column-names.js';
import { contextWordsSource } from './context-words.js';
import { DEFAULT_DETECTION_OPTIONS, type DetectionOptions } from './detection-options.js';
import { type DetectorDefinition, type LoadedDetector, validatorNames } from './detector-definition.js';
import { DetectorEngine } from './detector-engine.js';
import { type CompiledRegex, RegexSyntaxError, compileRegex, usesAnyByte } from './regex.js';
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
  excludedContextSource: string | null;
  context: CompiledRegex | null;
  excludedContext: CompiledRegex | null;
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

/**
 * Compiles one detector and throws away the result: a pattern RE2 cannot run, an unknown validator
 * or an impossible evidence rule then fails where the file is loaded, before any command starts work.
 */
export function checkDetector(loaded: LoadedDetector): void {
  compileDetector(loaded, 0);
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
    excludedContextSource,
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
  if (usesAnyByte(source)) {
    throw new DetectorDefinitionError(
      `${subject}: \\C (any byte) is not allowed; use . or a character class`,
    );
  }
  let regex: CompiledRegex;
  try {
    regex = compileRegex(source);
  } catch (error) {
    if (error instanceof RegexSyntaxError) throw new DetectorDefinitionError(`${subject}: ${error.message}`);
    throw error;
  }
  if (regex.test('')) {
    throw new DetectorDefinitionError(
      `${subject}: the pattern matches the empty string, so it would match every value`,
    );
  }
  return regex;
}
