import type { Finding } from './check-candidate.js';

/** Findings cross the worker boundary as one transferable Float64Array, FIELDS numbers each. */
const FIELDS = 7;

export function encodeFindings(findings: readonly Finding[]): Float64Array {
  const out = new Float64Array(findings.length * FIELDS);
  findings.forEach((f, i) => {
    out.set(
      [
        f.detector,
        f.pattern,
        f.value,
        f.start,
        f.end,
        f.score,
        (f.columnEvidence ? 1 : 0) | (f.contextEvidence ? 2 : 0),
      ],
      i * FIELDS,
    );
  });
  return out;
}

export function decodeFindings(encoded: Float64Array): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i < encoded.length; i += FIELDS) {
    const flags = encoded[i + 6] as number;
    findings.push({
      detector: encoded[i] as number,
      pattern: encoded[i + 1] as number,
      value: encoded[i + 2] as number,
      start: encoded[i + 3] as number,
      end: encoded[i + 4] as number,
      score: encoded[i + 5] as number,
      columnEvidence: (flags & 1) !== 0,
      contextEvidence: (flags & 2) !== 0,
    });
  }
  return findings;
}
