import { formatTable } from '../report/detect-output.js';
import type { AssetChange, FieldTypes } from './catalog-diff.js';
import type { DiffReport } from './diff-report.js';

/** The human view: which scans, a one-line summary, then one section per kind of change. */
export function diffText(report: DiffReport): string {
  const { from, to } = report;
  const head = `piimap diff: scan ${from.id} (${from.finishedAt ?? from.startedAt}) → scan ${to.id} (${to.finishedAt ?? to.startedAt})\n`;
  const sections = [
    section(
      'Became PII',
      ['field', 'types', ''],
      report.becamePii.map((f) => [f.id, f.types.join(', '), f.newField ? 'new field' : '']),
    ),
    section(
      'Stopped being PII',
      ['field', 'held', ''],
      report.stoppedBeingPii.map((f) => [f.id, f.types.join(', '), f.removedField ? 'field removed' : '']),
    ),
    section(
      'Types changed',
      ['field', 'added', 'removed', 'now'],
      report.typeChanged.map((f) => [f.id, f.added.join(', '), f.removed.join(', '), f.after.join(', ')]),
    ),
    section(
      'Confidence band changed',
      ['field', 'type', 'before', 'after'],
      report.confidenceBand.map((f) => [
        f.id,
        f.type,
        `${f.before.band} ${f.before.confidence.toFixed(2)}`,
        `${f.after.band} ${f.after.confidence.toFixed(2)}`,
      ]),
    ),
    section('New assets', ['asset', 'fields', 'PII'], report.newAssets.map(assetRow)),
    section('Removed assets', ['asset', 'fields', 'PII'], report.removedAssets.map(assetRow)),
    section('New fields', ['field', 'PII'], report.newFields.map(fieldRow)),
    section('Removed fields', ['field', 'PII'], report.removedFields.map(fieldRow)),
  ].filter((text) => text !== '');
  return [head + summaryLine(report), ...sections].join('\n');
}

function summaryLine(report: DiffReport): string {
  const s = report.summary;
  const counts = [
    [s.becamePii, 'field(s) became PII'],
    [s.stoppedBeingPii, 'stopped being PII'],
    [s.typeChanged, 'field(s) with changed types'],
    [s.confidenceBand, 'confidence band change(s)'],
    [s.newAssets, 'new asset(s)'],
    [s.removedAssets, 'removed asset(s)'],
    [s.newFields, 'new field(s)'],
    [s.removedFields, 'removed field(s)'],
  ] as const;
  const changed = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (changed.length === 0) return 'no changes\n';
  return `${changed.join('; ')}${report.newPii ? ' — new PII' : ''}\n`;
}

function section(title: string, header: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const table = formatTable(header, rows)
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line.trimEnd()}`))
    .join('\n');
  return `${title}\n${table}`;
}

function assetRow(asset: AssetChange): string[] {
  const pii = asset.pii.map((f) => `${f.field} (${f.types.join(', ')})`).join('; ');
  return [asset.id, String(asset.fields), pii || '-'];
}

function fieldRow(field: FieldTypes): string[] {
  return [field.id, field.types.join(', ') || '-'];
}
