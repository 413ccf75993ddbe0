import { stringify } from 'csv-stringify/sync';
import type { CurrentField } from '../catalog/catalog-queries.js';
import { fieldId } from '../catalog/field-lookup.js';
import { effectiveFinding } from '../catalog/review-rules.js';

const COLUMNS = [
  'id',
  'source',
  'asset',
  'field',
  'path',
  'data_type',
  'type',
  'label',
  'prevalence',
  'confidence',
  'classified',
  'detector',
  'matched',
  'non_empty',
  'sampling_method',
  'scan_id',
  'scanned_at',
  'skipped',
  'review',
] as const;

/**
 * `piimap export --format csv`: one row per field and type (the most confident detector's), JSON
 * paths as rows of their own; a field with no finding still gets one row, so the sheet lists the
 * whole catalog. RFC 4180 quoting by csv-stringify; a leading `=`, `+`, `-` or `@` is prefixed
 * with `'` so a spreadsheet never runs a field name as a formula.
 */
export function catalogCsv(fields: readonly CurrentField[]): string {
  const rows: (string | number)[][] = [];
  for (const field of fields) {
    const base = {
      id: fieldId(field),
      source: field.source,
      asset: field.asset,
      field: field.field,
      data_type: field.dataType,
      sampling_method: field.samplingMethod ?? '',
      scan_id: field.scanId,
      scanned_at: field.scannedAt,
      skipped: field.skipped ?? '',
    };
    const best = new Map<string, CurrentField['findings'][number]>();
    for (const f of field.findings) {
      const key = `${f.path}\0${f.type}`;
      const known = best.get(key);
      if (known === undefined || f.confidence > known.confidence) best.set(key, f);
    }
    const findings = [...best.values()].sort(
      (a, b) => a.path.localeCompare(b.path) || b.confidence - a.confidence,
    );
    if (findings.length === 0) rows.push(row({ ...base, path: '', non_empty: field.nonEmpty }));
    for (const f of findings) {
      rows.push(
        row({
          ...base,
          path: f.path,
          type: effectiveFinding(f).type,
          label: f.label,
          prevalence: f.prevalence,
          confidence: f.confidence,
          classified: effectiveFinding(f).classified ? 'yes' : 'candidate',
          review: f.review?.state ?? '',
          detector: f.detector,
          matched: f.matched,
          non_empty: field.nonEmpty,
        }),
      );
    }
  }
  return stringify(rows, { header: true, columns: [...COLUMNS] });
}

function row(values: Partial<Record<(typeof COLUMNS)[number], string | number>>): (string | number)[] {
  return COLUMNS.map((column) => {
    const value = values[column] ?? '';
    return typeof value === 'string' ? defuseFormula(value) : value;
  });
}

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a `'` in front. */
export function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
