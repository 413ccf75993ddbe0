import {
  type CurrentField,
  type CurrentFinding,
  type FindingReview,
  scanOf,
} from '../catalog/catalog-queries.js';
import { fieldId } from '../catalog/field-lookup.js';
import { effectiveFinding } from '../catalog/review-rules.js';
import { formatTable } from './detect-output.js';
import { evidenceWords } from './evidence-words.js';

/** A field as `lookup --json` prints it: the verdict, then the evidence behind each finding. */
export interface LookupRecord {
  id: string;
  source: string;
  asset: string;
  field: string;
  dataType: string;
  pii: boolean;
  types: string[];
  findings: LookupFinding[];
  scan: ReturnType<typeof scanOf>;
}

interface LookupFinding {
  path: string;
  type: string;
  label: 'is' | 'contains';
  prevalence: number;
  confidence: number;
  classified: boolean;
  detector: string;
  matched: number;
  evidence: Record<string, unknown>;
  examples?: string[];
  review?: FindingReview;
}

export function lookupRecord(field: CurrentField): LookupRecord {
  const effective = field.findings.map((finding) => effectiveFinding(finding));
  const classified = effective.filter((f) => f.classified);
  return {
    id: fieldId(field),
    source: field.source,
    asset: field.asset,
    field: field.field,
    dataType: field.dataType,
    pii: classified.length > 0,
    types: [...new Set(classified.map((f) => f.type))].sort(),
    findings: field.findings.map(lookupFinding),
    scan: scanOf(field),
  };
}

function lookupFinding(f: CurrentFinding): LookupFinding {
  return {
    path: f.path,
    type: effectiveFinding(f).type,
    label: f.label,
    prevalence: f.prevalence,
    confidence: f.confidence,
    classified: effectiveFinding(f).classified,
    detector: f.detector,
    matched: f.matched,
    evidence: f.evidence,
    ...(f.examples !== null && { examples: f.examples }),
    ...(f.review !== undefined && { review: f.review }),
  };
}

/** The human view: one block per field — verdict, scan, and a table of findings with their evidence. */
export function lookupText(records: readonly LookupRecord[]): string {
  return records.map(fieldBlock).join('\n');
}

function fieldBlock(record: LookupRecord): string {
  const verdict = record.pii ? `PII: ${record.types.join(', ')}` : 'not PII';
  const scan = record.scan;
  const lines = [
    `${record.id}  (${record.dataType})  ${verdict}`,
    `  scan ${scan.id} at ${scan.at}, ${scan.samplingMethod ?? 'no sampling'}: ${scan.nonEmpty} non-empty of ${scan.valuesSeen} values${scan.skipped ? `; skipped: ${scan.skipped}` : ''}`,
  ];
  if (record.findings.length === 0) return `${lines.join('\n')}\n  no findings\n`;
  const rows = record.findings.map((f) => [
    f.path || '(field)',
    f.type,
    f.label,
    f.prevalence.toFixed(2),
    f.confidence.toFixed(2),
    f.classified ? 'yes' : 'candidate',
    f.review === undefined
      ? '-'
      : `${f.review.state} by ${f.review.by}${f.review.note ? ` (${f.review.note})` : ''}`,
    f.detector,
    evidenceWords(f, { examples: true }),
  ]);
  const table = formatTable(
    ['path', 'type', 'label', 'prevalence', 'confidence', 'classified', 'review', 'detector', 'evidence'],
    rows,
  );
  return `${lines.join('\n')}\n${indent(table)}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}
