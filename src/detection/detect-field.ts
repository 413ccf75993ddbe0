import type { DetectionStats, Finding } from './check-candidate.js';
import type { DetectorEngine } from './detector-engine.js';
import type { DetectionOptions } from './detection-options.js';
import { runDetectors, withoutOverlaps } from './run-detectors.js';
import { type ValueBatch, pickValues } from './value-batch.js';

/**
 * Detects in one field's batch under look sampling (DetectionStats.lookEvery): every detector not
 * sampled is looked for in every value, in one pass; a detector sampled at n in about one value in
 * n (lookedValues). Fills `stats.lookedValues`; findings come back in
 * value order, overlaps across the passes resolved as within one.
 */
export function detectField(
  engine: DetectorEngine,
  batch: ValueBatch,
  columnName: string | undefined,
  options: DetectionOptions,
  stats: DetectionStats,
): Finding[] {
  const every = stats.lookEvery;
  const detectors = engine.detectors.length;
  const everyOf = (detector: number) => every?.[detector] ?? 0;
  const looksFor = (level: number) =>
    Array.from({ length: detectors }, (_, detector) => everyOf(detector) === level);
  const levels = new Set<number>();
  for (let detector = 0; detector < detectors; detector++) levels.add(everyOf(detector));
  if (levels.size === 1 && levels.has(0)) {
    stats.lookedValues.fill(batch.count);
    return runDetectors(engine, batch, engine.fieldPlan(columnName), options, stats);
  }

  const findings: Finding[] = [];
  for (const level of [...levels].sort((a, b) => a - b)) {
    const plan = engine.fieldPlan(columnName, looksFor(level));
    let looked = batch.count;
    if (level === 0) {
      // A loop, not push(...): a batch of huge values can hold more findings than call arguments fit.
      for (const finding of runDetectors(engine, batch, plan, options, stats)) findings.push(finding);
    } else {
      const indexes = lookedValues(batch.count, level, stats.lookSeed ?? 0);
      looked = indexes.length;
      for (const finding of runDetectors(engine, pickValues(batch, indexes), plan, options, stats))
        findings.push({ ...finding, value: indexes[finding.value] as number });
    }
    for (let detector = 0; detector < detectors; detector++)
      if (everyOf(detector) === level) (stats.lookedValues[detector] as number) += looked;
  }
  return levels.size > 1 ? inValueOrder(findings) : findings;
}

/** Findings of several passes merged into value order, each value's overlaps resolved. */
function inValueOrder(findings: Finding[]): Finding[] {
  findings.sort((a, b) => a.value - b.value || a.start - b.start);
  const merged: Finding[] = [];
  for (let from = 0; from < findings.length;) {
    let to = from + 1;
    while (to < findings.length && (findings[to] as Finding).value === (findings[from] as Finding).value)
      to++;
    const ofValue = findings.slice(from, to);
    for (const finding of ofValue.length > 1 ? withoutOverlaps(ofValue) : ofValue) merged.push(finding);
    from = to;
  }
  return merged;
}

/**
 * The values a detector sampled at `every` is looked for in: each value with probability 1/every,
 * independently — drawn as the gaps between looked values (geometric, so one draw per looked value,
 * not one per value: a per-value draw cost 90 ms of a million-row scan), from a generator seeded
 * with the batch's place in its field. The same values every time the same rows are read, and no
 * aliasing with data that repeats with a period (every 10th value taken in turn saw every row of a
 * column whose emails came every 40th row).
 */
function lookedValues(count: number, every: number, seed: number): number[] {
  const indexes: number[] = [];
  const logSkip = Math.log1p(-1 / every);
  let state = (Math.imul(seed + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0 || 1;
  for (let value = -1; ;) {
    // xorshift32: fast, deterministic, plenty uniform for drawing a gap.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const uniform = (state + 0.5) / 0x1_0000_0000; // in (0, 1)
    value += 1 + Math.floor(Math.log(uniform) / logSkip);
    if (value >= count) return indexes;
    indexes.push(value);
  }
}
