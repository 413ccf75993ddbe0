import type { DetectorEngine } from '../detection/detector-engine.js';
import type { Finding } from '../detection/run-detectors.js';
import { type ValueBatch, utf16Offset } from '../detection/value-batch.js';
import { maskMatch } from '../shared/redact.js';

/** The findings of one batch of lines, in the terms `piimap detect` prints. */
export interface LineFindings {
  line: number;
  findings: { type: string; start: number; end: number; score: number; masked: string }[];
}

/** A batch's findings grouped per line, with UTF-16 offsets; `typeFilter` drops other types. */
export function* findingsPerLine(
  engine: DetectorEngine,
  batch: ValueBatch,
  firstLine: number,
  findings: readonly Finding[],
  { includeEmpty, typeFilter }: { includeEmpty: boolean; typeFilter?: ReadonlySet<string> },
): Generator<LineFindings> {
  let next = 0;
  for (let value = 0; value < batch.count; value++) {
    const line: LineFindings = { line: firstLine + value, findings: [] };
    for (; next < findings.length && findings[next]?.value === value; next++) {
      const finding = findings[next] as Finding;
      const type = engine.detectors[finding.detector]?.type ?? 'unknown';
      if (typeFilter !== undefined && !typeFilter.has(type)) continue;
      const valueStart = batch.starts[value] ?? 0;
      line.findings.push({
        type,
        start: utf16Offset(batch, value, finding.start),
        end: utf16Offset(batch, value, finding.end),
        score: finding.score,
        masked: maskMatch(type, batch.bytes.toString('utf8', valueStart + finding.start, valueStart + finding.end)),
      });
    }
    if (includeEmpty || line.findings.length > 0) yield line;
  }
}

/** `{"file":…,"line":N,"findings":[{"type","start","end"}]}` — the contract in DESIGN.md. */
export function jsonlLine(fileKey: string, { line, findings }: LineFindings): string {
  const items = findings.map((f) => `{"type":${JSON.stringify(f.type)},"start":${f.start},"end":${f.end}}`);
  return `{${fileKey}"line":${line},"findings":[${items.join(',')}]}\n`;
}

/** The `"file":"…",` prefix for jsonl lines, empty when reading stdin. */
export function jsonlFileKey(file: string | undefined): string {
  return file === undefined ? '' : `"file":${JSON.stringify(file)},`;
}

export function tableRows(file: string | undefined, { line, findings }: LineFindings): string[][] {
  return findings.map((f) => [
    `${file ?? '-'}:${line}:${f.start + 1}`,
    f.type,
    f.score.toFixed(2),
    f.masked,
  ]);
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: readonly string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
  return [format(header), ...rows.map(format)].join('\n') + '\n';
}
