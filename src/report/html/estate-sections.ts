import type { EstateSummary } from '../../catalog/estate-summary.js';
import { SENSITIVITY_ORDER } from '../../catalog/pii-taxonomy.js';
import { type SafeHtml, markup } from './html-template.js';
import { bar, count, percent, sensitivityBadge, typeChip, when } from './pii-marks.js';

/** Where the overview's names lead: the browser links to its pages, the report to its own sections. */
export interface OverviewLinks {
  type?: (type: string) => string;
  source?: (source: string) => string;
}

/** Totals, PII fields by sensitivity, the table of types and the table of sources. */
export function overviewSections(summary: EstateSummary, links: OverviewLinks = {}): SafeHtml {
  return markup`${totalsTiles(summary)}${sensitivitySection(summary)}${typesSection(summary, links)}${sourcesSection(summary, links)}`;
}

export function totalsTiles({ totals, latestScan }: EstateSummary): SafeHtml {
  const tile = (label: string, value: number, of?: number) =>
    markup`<div>
      <dt>${label}</dt>
      <dd>${count(value)}${of !== undefined ? markup` <small>of ${count(of)}</small>` : ''}</dd>
    </div>`;
  return markup`<dl class="tiles" aria-label="Totals">
      ${tile('Sources', totals.sources)} ${tile('Assets holding PII', totals.piiAssets, totals.assets)}
      ${tile('Fields holding PII', totals.piiFields, totals.fields)} ${tile('PII types', totals.types)}
      ${tile('Reviewed findings', totals.reviewed)} ${tile('Needing review', totals.needsReview)}
    </dl>
    <p class="sub">
      ${latestScan !== null ? `Latest scan: #${latestScan.id}, ${when(latestScan.at)}` : 'No scan yet.'}
    </p>`;
}

function sensitivitySection({ bySensitivity, totals }: EstateSummary): SafeHtml {
  const tones = [...SENSITIVITY_ORDER, 'unknown'] as const;
  const segments = tones.map((tone) => ({ tone, value: bySensitivity[tone] }));
  const words = segments.map((s) => `${s.value} ${s.tone}`).join(', ');
  return markup`<section aria-labelledby="sensitivity-h">
    <h2 id="sensitivity-h">PII fields by sensitivity</h2>
    <p>${bar(segments, totals.piiFields, `PII fields by their most sensitive type: ${words}`, 480)}</p>
    <ul class="legend">
      ${segments.map(
        (s) =>
          markup`<li>
            <svg class="bar" width="10" height="10" aria-hidden="true">
              <rect class="f-${s.tone}" width="10" height="10"></rect></svg
            >${sensitivityBadge(s.tone === 'unknown' ? null : s.tone)} ${count(s.value)}
          </li>`,
      )}
    </ul>
  </section>`;
}

function typesSection({ types, totals }: EstateSummary, links: OverviewLinks): SafeHtml {
  const rows = types.map(
    (t) =>
      markup`<tr>
        <th scope="row">
          ${links.type !== undefined ? markup`<a href="${links.type(t.type)}">${typeChip(t.type)}</a>` : typeChip(t.type)}
        </th>
        <td>${sensitivityBadge(t.sensitivity)}</td>
        <td>${t.category ?? '—'}</td>
        <td class="num">${count(t.fields)}</td>
        <td class="num">${count(t.is)}</td>
        <td class="num">${count(t.contains)}</td>
        <td class="num">${count(t.assets)}</td>
        <td class="num">${count(t.sources)}</td>
        <td>
          ${bar([{ value: t.fields, tone: t.sensitivity ?? 'unknown' }], totals.piiFields, `${percent(t.fields, totals.piiFields)} of PII fields`)}
        </td>
      </tr>`,
  );
  return markup`<section aria-labelledby="types-h">
    <h2 id="types-h">Personal data by type</h2>
    ${
      types.length === 0
        ? markup`<p>No field holds personal data.</p>`
        : markup`<table>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Sensitivity</th>
                <th scope="col">Category</th>
                <th scope="col" class="num">Fields</th>
                <th scope="col" class="num"><abbr title="fields that are the type">is</abbr></th>
                <th scope="col" class="num"><abbr title="fields that contain some">contains</abbr></th>
                <th scope="col" class="num">Assets</th>
                <th scope="col" class="num">Sources</th>
                <th scope="col">Share of PII fields</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }
  </section>`;
}

function sourcesSection({ sources }: EstateSummary, links: OverviewLinks): SafeHtml {
  const rows = sources.map(
    (s) =>
      markup`<tr>
        <th scope="row">
          ${links.source !== undefined ? markup`<a href="${links.source(s.source)}">${s.source}</a>` : s.source}
        </th>
        <td>${s.kind ?? '—'}</td>
        <td class="num">${count(s.piiAssets)} / ${count(s.assets)}</td>
        <td class="num">${count(s.piiFields)} / ${count(s.fields)}</td>
        <td>
          ${bar([{ value: s.piiFields, tone: s.sensitivity ?? 'none' }], s.fields, `${percent(s.piiFields, s.fields)} of its fields hold PII`)}
        </td>
        <td>${s.piiFields > 0 ? sensitivityBadge(s.sensitivity) : '—'}</td>
        <td>${s.types.map((t) => typeChip(t.type, t.fields))}</td>
      </tr>`,
  );
  return markup`<section aria-labelledby="sources-h">
    <h2 id="sources-h">Sources</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Kind</th>
          <th scope="col" class="num">Assets with PII</th>
          <th scope="col" class="num">Fields with PII</th>
          <th scope="col">Share</th>
          <th scope="col">Highest sensitivity</th>
          <th scope="col">Types (fields)</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </section>`;
}
