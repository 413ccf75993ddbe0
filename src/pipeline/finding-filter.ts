import type { Finding } from '../detection/check-candidate.js';
import { compileRegex } from '../detection/regex.js';
import type { ValueBatch } from '../detection/value-batch.js';

/** Drops findings the config allows: known test values and value patterns (`allow.values`, `allow.patterns`). */
export type FindingFilter = (batch: ValueBatch, findings: Finding[]) => Finding[];

export function findingFilter(allow: { values?: string[]; patterns?: string[] } = {}): FindingFilter {
  const values = new Set(allow.values ?? []);
  const patterns = (allow.patterns ?? []).map((source) => compileRegex(source));
  if (values.size === 0 && patterns.length === 0) return (_batch, findings) => findings;
  return (batch, findings) =>
    findings.filter((finding) => {
      const start = (batch.starts[finding.value] as number) + finding.start;
      const text = batch.bytes.subarray(start, start + finding.end - finding.start);
      if (values.has(text.toString('utf8'))) return false;
      return !patterns.some((pattern) => {
        pattern.lastIndex = 0;
        return pattern.test(text);
      });
    });
}
