/**
 * The best plain-V8 version of the engine's work, for comparison only: the same two phases (one
 * combined RegExp alternation over the batch string, then per candidate value the individual
 * patterns — `test` standing in for RE2's set — and the same evidence checks and validators),
 * on a JS string with UTF-16 offsets. It runs the built-in patterns, which are written to be valid
 * in both engines; user patterns never run on V8.
 */
import type { DetectorEngine } from '../src/detection/detector-engine.js';
import type { FieldPlan } from '../src/detection/field-plan.js';
import {
  CONTEXT_WINDOW_BYTES,
  EVIDENCE_REACH_BYTES,
  EXCLUDED_CONTEXT_BYTES_BEFORE,
  matchScore,
} from '../src/detection/scoring.js';
import { CONTEXT_CHARS } from '../src/detection/validators/validator.js';

export interface V8Finding {
  detector: number;
  value: number;
  start: number;
  end: number;
  score: number;
}

export class V8Engine {
  private readonly candidates: RegExp | null;
  private readonly contextWords: RegExp | null;
  private readonly triggers: { context: RegExp; evidence: RegExp }[];
  private readonly patterns: RegExp[];
  private readonly probes: RegExp[];
  private readonly contexts: (RegExp | null)[];
  private readonly excludedContexts: (RegExp | null)[];

  constructor(
    private readonly engine: DetectorEngine,
    private readonly plan: FieldPlan,
  ) {
    const combined = (list: readonly string[], flags: string) =>
      list.length > 0 ? new RegExp(list.map((a) => `(?:${a})`).join('|'), flags) : null;
    this.candidates = combined(plan.sources.candidates, 'gu');
    this.contextWords = combined(
      plan.sources.triggers.map((t) => t.contextWords),
      'gu',
    );
    this.triggers = plan.sources.triggers.map((t) => ({
      context: new RegExp(t.contextWords, 'u'),
      evidence: combined(t.evidencePatterns, 'u') as RegExp,
    }));
    this.patterns = engine.patterns.map((p) => new RegExp(p.source, 'gu'));
    this.probes = engine.patterns.map((p) => new RegExp(p.source, 'u'));
    this.contexts = engine.detectors.map((d) => (d.contextSource ? new RegExp(d.contextSource, 'gu') : null));
    this.excludedContexts = engine.detectors.map((d) =>
      d.excludedContextSource ? new RegExp(d.excludedContextSource, 'gu') : null,
    );
  }

  /** `text` is the batch's values joined by "\n"; `starts`/`ends` are UTF-16 offsets of each value. */
  run(text: string, starts: number[], ends: number[]): V8Finding[] {
    const out: V8Finding[] = [];
    const marked = new Uint8Array(starts.length);
    if (this.candidates) this.mark(this.candidates, text, starts, ends, marked, null);
    if (this.contextWords) {
      this.mark(this.contextWords, text, starts, ends, marked, (v, hitEnd) => {
        const window = text.slice(
          Math.max(starts[v] as number, hitEnd - EVIDENCE_REACH_BYTES),
          Math.min(ends[v] as number, hitEnd + EVIDENCE_REACH_BYTES),
        );
        return this.triggers.some((t) => t.context.test(window) && t.evidence.test(window));
      });
    }
    for (let value = 0; value < starts.length; value++) {
      if (marked[value] === 1) this.findValue(text.slice(starts[value], ends[value]), value, out);
    }
    return out;
  }

  private mark(
    regex: RegExp,
    text: string,
    starts: number[],
    ends: number[],
    marked: Uint8Array,
    confirm: ((value: number, hitEnd: number) => boolean) | null,
  ): void {
    regex.lastIndex = 0;
    let value = 0;
    for (let hit = regex.exec(text); hit !== null; hit = regex.exec(text)) {
      while (value < starts.length - 1 && (ends[value] as number) < hit.index) value++;
      if (marked[value] === 0) {
        if (confirm === null || confirm(value, hit.index + hit[0].length)) marked[value] = 1;
        else if (regex.lastIndex < (ends[value] as number)) continue;
      }
      if (value + 1 >= starts.length) break;
      regex.lastIndex = starts[value + 1] as number;
    }
  }

  private findValue(valueText: string, value: number, out: V8Finding[]): void {
    const first = out.length;
    const bytesBefore = (at: number) => Buffer.byteLength(valueText.slice(0, at));
    const wordSpans = (regex: RegExp | null) => {
      if (regex === null) return [];
      const spans: [number, number][] = [];
      regex.lastIndex = 0;
      for (let m = regex.exec(valueText); m !== null; m = regex.exec(valueText)) {
        spans.push([bytesBefore(m.index), bytesBefore(m.index + m[0].length)]);
      }
      return spans;
    };
    this.engine.patterns.forEach((pattern, index) => {
      const detector = pattern.detector;
      if (!this.plan.enabled[detector.index] || !(this.probes[index] as RegExp).test(valueText)) return;
      const columnEvidence = this.plan.columnEvidence[detector.index] === true;
      const contextSpans = wordSpans(this.contexts[detector.index] ?? null);
      if (pattern.requiresEvidence && !columnEvidence && contextSpans.length === 0) return;
      const excludedSpans = wordSpans(this.excludedContexts[detector.index] ?? null);
      const regex = this.patterns[index] as RegExp;
      regex.lastIndex = 0;
      for (let m = regex.exec(valueText); m !== null; m = regex.exec(valueText)) {
        const start = m.index;
        const end = start + m[0].length;
        const startByte = bytesBefore(start);
        const endByte = bytesBefore(end);
        const contextEvidence = contextSpans.some(
          ([s, e]) => s < endByte + CONTEXT_WINDOW_BYTES && e > startByte - CONTEXT_WINDOW_BYTES,
        );
        if (pattern.requiresEvidence && !columnEvidence && !contextEvidence) continue;
        if (excludedSpans.some(([s, e]) => s < startByte && e > startByte - EXCLUDED_CONTEXT_BYTES_BEFORE))
          continue;
        let s = start;
        let e = end;
        let validatorScore = 0;
        let ok = true;
        for (const validator of detector.validators) {
          const result = validator.validate({
            text: valueText.slice(s, e),
            before: valueText.slice(Math.max(0, s - CONTEXT_CHARS), s),
            after: valueText.slice(e, e + CONTEXT_CHARS),
            columnEvidence,
            contextEvidence,
            pattern: pattern.name,
            options: this.engine.options,
          });
          if (!result.valid) {
            ok = false;
            break;
          }
          if (result.score !== undefined) validatorScore = Math.max(validatorScore, result.score);
          if (result.trim) {
            e = s + result.trim.end;
            s += result.trim.start;
          }
        }
        if (ok) {
          const score = matchScore(pattern.score, validatorScore, columnEvidence, contextEvidence);
          out.push({ detector: detector.index, value, start: s, end: e, score });
        }
      }
    });
    if (out.length - first > 1) {
      const own = out
        .splice(first)
        .sort((a, b) => b.score - a.score || a.start - b.start || a.detector - b.detector);
      const kept: V8Finding[] = [];
      for (const f of own) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
      out.push(...kept.sort((a, b) => a.start - b.start));
    }
  }
}
