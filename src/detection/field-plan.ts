import { columnMatchesAny } from './column-names.js';
import type { CompiledDetector } from './compile-detectors.js';
import {
  type CompiledProbe,
  type CompiledRegexSet,
  type CompiledScanner,
  compileProbe,
  compileRegexSet,
  compileScanner,
  withoutAnchors,
} from './regex.js';

/** Some patterns as one RE2 set, and the pattern index behind each set entry. */
export interface PatternSet {
  set: CompiledRegexSet;
  patterns: readonly number[];
}

/** An evidence-only detector's phase-1 trigger: one of its context words near one of its patterns. */
export interface ContextTrigger {
  detector: number;
  evidencePatterns: CompiledProbe;
}

/** The pattern sources behind a field plan (for tools and benchmarks). */
export interface PrefilterSources {
  /** Patterns that count here without further evidence. */
  candidates: readonly string[];
  /** Per detector whose evidence-only patterns lack column evidence here: its context words and those patterns. */
  triggers: readonly { detector: number; contextWords: string; evidencePatterns: readonly string[] }[];
}

/**
 * What one field (column) needs, worked out once per column name: which detectors apply, which
 * have column evidence, and the compiled passes of both phases.
 */
export interface FieldPlan {
  enabled: readonly boolean[];
  columnEvidence: readonly boolean[];
  /** Phase 1, one pass: candidates of counted patterns and context words of evidence-only detectors. */
  scanner: CompiledScanner | null;
  /** Does a value hold a candidate of a counted pattern? */
  candidateProbe: CompiledProbe | null;
  /** Whose context words a window holds (indexes into `triggers`)... */
  contextWordSets: CompiledRegexSet | null;
  /** ...and whether that detector's evidence-only pattern stands near them. */
  triggers: readonly ContextTrigger[];
  /** Phase 2: which counted patterns match in a value. */
  countedPatterns: PatternSet | null;
  /** Phase 2: which evidence-only patterns match (asked only where their context word occurs). */
  evidencePatterns: PatternSet | null;
  sources: PrefilterSources;
}

/**
 * `looksFor` (by detector index; absent: all) limits the passes to some detectors — the rest keep
 * their `enabled` and `columnEvidence` entries but are not looked for (look sampling).
 */
export function buildFieldPlan(
  detectors: readonly CompiledDetector[],
  words: readonly string[],
  looksFor?: readonly boolean[],
): FieldPlan {
  const enabled = detectors.map((d) => !columnMatchesAny(words, d.excludedColumnPhrases));
  const columnEvidence = detectors.map(
    (d, i) => enabled[i] === true && columnMatchesAny(words, d.columnPhrases),
  );
  const counted: number[] = [];
  const evidenceOnly: number[] = [];
  const triggers: { detector: number; contextWords: string; evidencePatterns: string[] }[] = [];
  for (const detector of detectors) {
    if (!enabled[detector.index] || looksFor?.[detector.index] === false) continue;
    const hasEvidence = columnEvidence[detector.index] === true;
    const needContext = detector.patterns.filter((p) => p.requiresEvidence && !hasEvidence);
    for (const pattern of detector.patterns) if (!needContext.includes(pattern)) counted.push(pattern.index);
    if (needContext.length > 0 && detector.contextSource !== null) {
      evidenceOnly.push(...needContext.map((p) => p.index));
      const evidencePatterns = needContext.map((p) => withoutAnchors(p.source));
      triggers.push({ detector: detector.index, contextWords: detector.contextSource, evidencePatterns });
    }
  }
  const patterns = detectors.flatMap((d) => d.patterns);
  const sourceOf = (index: number) => patterns.find((p) => p.index === index)?.source ?? '';
  const candidates = counted.map((index) => withoutAnchors(sourceOf(index)));
  const contextWords = triggers.map((trigger) => trigger.contextWords);
  const scanned = [...candidates, ...contextWords];
  const patternSet = (indexes: number[]): PatternSet | null =>
    indexes.length > 0 ? { set: compileRegexSet(indexes.map(sourceOf)), patterns: indexes } : null;
  return {
    enabled,
    columnEvidence,
    scanner: scanned.length > 0 ? compileScanner(scanned) : null,
    candidateProbe: candidates.length > 0 ? compileProbe(candidates) : null,
    contextWordSets: contextWords.length > 0 ? compileRegexSet(contextWords) : null,
    triggers: triggers.map((t) => ({
      detector: t.detector,
      evidencePatterns: compileProbe(t.evidencePatterns),
    })),
    countedPatterns: patternSet(counted),
    evidencePatterns: patternSet(evidenceOnly),
    sources: { candidates, triggers },
  };
}
