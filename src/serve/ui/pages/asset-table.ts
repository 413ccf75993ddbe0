import type { AssetSummary } from '../../../catalog/estate-summary.js';
import { type SafeHtml, markup, hrefWith } from '../../../report/html/html-template.js';
import { count, sensitivityBadge, typeChip, when } from '../../../report/html/pii-marks.js';

export function assetHref(asset: { source: string; asset: string }): string {
  return hrefWith('/ui/asset', { source: asset.source, asset: asset.asset });
}

/** Assets as rows: name (a link to the asset's page), source, counts, sensitivity, types, latest scan. */
export function assetTable(assets: readonly AssetSummary[], caption: string): SafeHtml {
  return markup`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Asset</th>
        <th scope="col">Source</th>
        <th scope="col" class="num">PII fields</th>
        <th scope="col" class="num">Fields</th>
        <th scope="col">Sensitivity</th>
        <th scope="col">Types (fields)</th>
        <th scope="col">Latest scan</th>
      </tr>
    </thead>
    <tbody>
      ${assets.map(
        (a) =>
          markup`<tr>
            <th scope="row"><a href="${assetHref(a)}">${a.asset}</a></th>
            <td>${a.source}</td>
            <td class="num">${count(a.piiFields)}</td>
            <td class="num">${count(a.fields)}</td>
            <td>${a.piiFields > 0 ? sensitivityBadge(a.sensitivity) : '—'}</td>
            <td>${a.types.map((t) => typeChip(t.type, t.fields))}</td>
            <td>#${a.scan.id}, ${when(a.scan.at)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
