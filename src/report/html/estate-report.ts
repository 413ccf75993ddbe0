import type { CurrentField } from '../../catalog/catalog-queries.js';
import {
  type AssetSummary,
  type EstateSummary,
  assetSummaries,
  fieldTypes,
  summarizeEstate,
} from '../../catalog/estate-summary.js';
import type { PiiTaxonomy } from '../../catalog/pii-taxonomy.js';
import { overviewSections } from './estate-sections.js';
import { ESTATE_CSS } from './estate-styles.js';
import { type SafeHtml, markup, trusted } from './html-template.js';
import { confidence, count, sensitivityBadge, typeChip, when } from './pii-marks.js';

export interface EstateReportInput {
  /** The current fields (`currentFields`), in source/asset order. */
  fields: readonly CurrentField[];
  taxonomy: PiiTaxonomy;
  /** Source name → kind (`catalogSources`). */
  kinds: ReadonlyMap<string, string>;
  /** What the report is of (the catalog's file name) and when and by which piimap it was made. */
  catalogName: string;
  generatedAt: string;
  version: string;
}

/**
 * The estate as one self-contained HTML file: the browser's overview (totals, sensitivity, types,
 * sources), then per source its assets holding PII with their PII fields. Inline CSS, no script,
 * no external reference; a CSP forbids every fetch, so opening it never touches the network.
 * Fields holding no PII are counted, not listed.
 */
export function renderEstateReport(input: EstateReportInput): string {
  const { fields, taxonomy, kinds } = input;
  const summary = summarizeEstate(fields, taxonomy, kinds);
  const assets = assetSummaries(fields, taxonomy);
  const anchors = new Map(summary.sources.map((s, index) => [s.source, `src-${index + 1}`]));
  const byAsset = groupByAsset(fields);
  return markup`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
        />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="generator" content="piimap ${input.version}" />
        <title>PII data map — ${input.catalogName}</title>
        <style>
          ${trusted(ESTATE_CSS)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">pii<span>map</span></span
          ><span>Personal data map of ${input.catalogName}</span>
        </header>
        <main id="main">
          <h1>Personal data map</h1>
          <p class="sub">
            Catalog <code>${input.catalogName}</code>, report made ${when(input.generatedAt)} by piimap
            ${input.version}. Counts only: no raw values are stored, examples are masked.
          </p>
          ${contents(summary, anchors)}
          ${overviewSections(summary, { source: (source) => `#${anchors.get(source) ?? ''}` })}
          ${summary.sources.map((source) =>
            sourceSection(
              source,
              anchors.get(source.source) ?? '',
              assets.filter((a) => a.source === source.source),
              byAsset,
              taxonomy,
            ),
          )}
        </main>
        <footer>piimap ${input.version} · ${input.generatedAt}</footer>
      </body>
    </html> `.text;
}

function contents(summary: EstateSummary, anchors: ReadonlyMap<string, string>): SafeHtml {
  return markup`<nav aria-label="Contents">
    <h2>Contents</h2>
    <ul>
      <li><a href="#sensitivity-h">PII fields by sensitivity</a></li>
      <li><a href="#types-h">Personal data by type</a></li>
      <li>
        <a href="#sources-h">Sources</a>
        <ul>
          ${summary.sources.map(
            (s) =>
              markup`<li>
                <a href="#${anchors.get(s.source) ?? ''}">${s.source}</a> — ${count(s.piiFields)} PII fields
                in ${count(s.piiAssets)} assets
              </li>`,
          )}
        </ul>
      </li>
    </ul>
  </nav>`;
}

function sourceSection(
  source: EstateSummary['sources'][number],
  anchor: string,
  assets: readonly AssetSummary[],
  byAsset: ReadonlyMap<string, CurrentField[]>,
  taxonomy: PiiTaxonomy,
): SafeHtml {
  const withPii = assets.filter((a) => a.piiFields > 0);
  const without = assets.filter((a) => a.piiFields === 0);
  return markup`<section aria-labelledby="${anchor}">
    <h2 id="${anchor}">
      Source ${source.source} <small class="muted">(${source.kind ?? 'unknown kind'})</small>
    </h2>
    <p>
      ${count(source.piiFields)} of ${count(source.fields)} fields hold PII, in ${count(source.piiAssets)} of
      ${count(source.assets)} assets.
      ${source.piiFields > 0 ? markup`Highest sensitivity: ${sensitivityBadge(source.sensitivity)}` : ''}
    </p>
    ${withPii.map((asset) => assetDetails(asset, byAsset.get(`${asset.source}\0${asset.asset}`) ?? [], taxonomy))}
    ${
      without.length > 0
        ? markup`<details class="asset">
            <summary>${count(without.length)} asset${without.length === 1 ? '' : 's'} holding no PII</summary>
            <ul>
              ${without.map((a) => markup`<li>${a.asset} <small class="muted">(${count(a.fields)} fields)</small></li>`)}
            </ul>
          </details>`
        : ''
    }
  </section>`;
}

function assetDetails(asset: AssetSummary, fields: readonly CurrentField[], taxonomy: PiiTaxonomy): SafeHtml {
  const rows = fields.flatMap((field) => {
    const types = fieldTypes(field, taxonomy);
    if (types.length === 0) return [];
    const reviews = field.findings
      .filter((f) => f.review !== undefined)
      .map((f) => `${f.review?.state} (${f.type})`);
    return [
      markup`<tr>
        <th scope="row" class="mono">${field.field}</th>
        <td>${types.map((t) => typeChip(t.type, confidence(t.confidence)))}</td>
        <td>${[...new Set(types.map((t) => t.label))].join(', ')}</td>
        <td>${sensitivityBadge(types[0]?.sensitivity ?? null)}</td>
        <td>${reviews.join(', ')}</td>
      </tr>`,
    ];
  });
  return markup`<details class="asset" open>
    <summary>
      <strong>${asset.asset}</strong> — ${count(asset.piiFields)} of ${count(asset.fields)} fields hold PII
      ${sensitivityBadge(asset.sensitivity)} ${asset.types.map((t) => typeChip(t.type, t.fields))}
    </summary>
    <table>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Types (confidence)</th>
          <th scope="col">Label</th>
          <th scope="col">Sensitivity</th>
          <th scope="col">Review</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
    <p class="muted">
      Scan #${asset.scan.id}, ${when(asset.scan.at)}, ${asset.scan.samplingMethod ?? 'not sampled'}.
    </p>
  </details>`;
}

function groupByAsset(fields: readonly CurrentField[]): Map<string, CurrentField[]> {
  const groups = new Map<string, CurrentField[]>();
  for (const field of fields) {
    const key = `${field.source}\0${field.asset}`;
    const list = groups.get(key) ?? [];
    list.push(field);
    groups.set(key, list);
  }
  return groups;
}
