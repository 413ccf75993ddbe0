import type { Finding } from '../detection/run-detectors.js';
import { type ValueBatch, utf16Offset } from '../detection/value-batch.js';
import { maskMatch } from '../shared/redact.js';

/** The findings of one batch of lines, in the terms `piimap detect` prints. */
export interface LineFindings {
  line: number;
  findings: { type: string; start: number; end: number; score: number; masked: string }[];
}

/** The lines of a batch that have findings, with UTF-16 offsets and masked matches (for people). */
export function* findingsPerLine(
  types: readonly string[],
  batch: ValueBatch,
  firstLine: number,
  findings: readonly Finding[],
): Generator<LineFindings> {
  let next = 0;
  while (next < findings.length) {
    const value = (findings[next] as Finding).value;
    const line: LineFindings = { line: firstLine + value, findings: [] };
    for (; next < findings.length && findings[next]?.value === value; next++) {
      const finding = findings[next] as Finding;
      const type = types[finding.detector] ?? 'unknown';
      const valueStart = batch.starts[value] ?? 0;
      line.findings.push({
        type,
        start: utf16Offset(batch, value, finding.start),
        end: utf16Offset(batch, value, finding.end),
        score: finding.score,
        masked: maskMatch(
          type,
          batch.bytes.toString('utf8', valueStart + finding.start, valueStart + finding.end),
        ),
      });
    }
    yield line;
  }
}

/**
 * One `{"file":…,"line":N,"findings":[{"type","start","end"}]}` line per input line, also for lines
 * without findings (the contract in DESIGN.md), built straight into one string per batch.
 */
export function jsonlForBatch(
  types: readonly string[],
  batch: ValueBatch,
  firstLine: number,
  findings: readonly Finding[],
  fileKey: string,
): string {
  const typeKeys = types.map((type) => `{"type":${JSON.stringify(type)},"start":`);
  let out = '';
  let next = 0;
  for (let value = 0; value < batch.count; value++) {
    out += `{${fileKey}"line":${firstLine + value},"findings":[`;
    for (let first = true; next < findings.length && findings[next]?.value === value; next++, first = false) {
      const finding = findings[next] as Finding;
      const start = utf16Offset(batch, value, finding.start);
      const end = utf16Offset(batch, value, finding.end);
      out += `${first ? '' : ','}${typeKeys[finding.detector]}${start},"end":${end}}`;
    }
    out += ']}\n';
  }
  return out;
}

/** The `"file":"…",` prefix for jsonl lines, empty when reading stdin. */
export function jsonlFileKey(file: string | undefined): string {
  return file === undefined ? '' : `"file":${JSON.stringify(file)},`;
}

export function tableRows(file: string | undefined, { line, findings }: LineFindings): string[][] {
  return findings.map((f) => [`${file ?? '-'}:${line}:${f.start + 1}`, f.type, f.score.toFixed(2), f.masked]);
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return [format(header), ...rows.map(format)].join('\n') + '\n';
}
