import type { PiiTaxonomy } from '../../../catalog/pii-taxonomy.js';
import { sensitivityRank } from '../../../catalog/pii-taxonomy.js';
import type { Sensitivity } from '../../../detection/detector-definition.js';
import { type SafeHtml, markup, hrefWith } from '../../../report/html/html-template.js';
import { confidence, sensitivityBadge, typeChip, when } from '../../../report/html/pii-marks.js';
import type { LookupRecord } from '../../../report/lookup-output.js';

export function fieldHref(field: { source: string; asset: string; field: string }): string {
  return hrefWith('/ui/field', { source: field.source, asset: field.asset, field: field.field });
}

/** A lookup record's classified types with the best finding of each, the most sensitive first. */
export function recordTypes(
  record: LookupRecord,
  taxonomy: PiiTaxonomy,
): { type: string; confidence: number; label: string; sensitivity: Sensitivity | null }[] {
  return record.types
    .map((type) => {
      const best = record.findings
        .filter((f) => f.classified && f.type === type)
        .sort((a, b) => b.confidence - a.confidence)[0];
      return {
        type,
        confidence: best?.confidence ?? 0,
        label: best?.label ?? 'is',
        sensitivity: taxonomy.ofFinding(best?.detector ?? '', type),
      };
    })
    .sort((a, b) => sensitivityRank(b.sensitivity) - sensitivityRank(a.sensitivity));
}

/** Fields as rows: name (a link to the field's page), PII types, label, sensitivity, confidence, reviews. */
export function fieldTable(
  records: readonly LookupRecord[],
  taxonomy: PiiTaxonomy,
  { caption, withAsset }: { caption: string; withAsset: boolean },
): SafeHtml {
  return markup`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Field</th>
        ${
          withAsset
            ? markup`<th scope="col">Asset</th>
                <th scope="col">Source</th>`
            : ''
        }
        <th scope="col">Data type</th>
        <th scope="col">PII types (confidence)</th>
        <th scope="col">Label</th>
        <th scope="col">Sensitivity</th>
        <th scope="col">Review</th>
        <th scope="col">Scanned</th>
      </tr>
    </thead>
    <tbody>
      ${records.map((record) => {
        const types = recordTypes(record, taxonomy);
        const reviews = record.findings.filter((f) => f.review !== undefined);
        return markup`<tr>
          <th scope="row"><a class="mono" href="${fieldHref(record)}">${record.field}</a></th>
          ${
            withAsset
              ? markup`<td class="wrap">${record.asset}</td>
                  <td>${record.source}</td>`
              : ''
          }
          <td class="mono">${record.dataType}</td>
          <td>
            ${types.length > 0 ? types.map((t) => typeChip(t.type, confidence(t.confidence))) : markup`<span class="muted">not PII</span>`}
          </td>
          <td>${[...new Set(types.map((t) => t.label))].join(', ')}</td>
          <td>${types.length > 0 ? sensitivityBadge(types[0]?.sensitivity ?? null) : ''}</td>
          <td>${reviews.map((f) => markup`${f.review?.state} <small class="muted">(${f.type})</small> `)}</td>
          <td>${when(record.scan.at)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
