import type { FieldHistory } from '../../../catalog/field-history.js';
import { type LookupRecord, lookupRecord } from '../../../report/lookup-output.js';
import { type SafeHtml, markup, hrefWith } from '../../../report/html/html-template.js';
import { confidence, count, sensitivityBadge, typeChip, when } from '../../../report/html/pii-marks.js';
import { exactField } from '../../catalog-views.js';
import { HttpError } from '../../http-responses.js';
import type { ParamSpec } from '../../query-params.js';
import { historyRoute } from '../../routes/history-route.js';
import { crumbs } from '../ui-layout.js';
import { type PageContext, type UiPage, callRoute } from '../ui-page.js';
import { assetHref } from './asset-table.js';
import { recordTypes } from './field-table.js';
import { evidenceWords } from '../../../report/evidence-words.js';

const PARAMS: readonly ParamSpec[] = ['source', 'asset', 'field'].map((name) => ({
  name,
  description: `The ${name} name (literal).`,
  schema: { type: 'string' },
}));

/** One field: the verdict, its findings with their evidence and reviews (GET /lookup), and its history (GET /history). */
export const fieldPage: UiPage = {
  path: '/ui/field',
  section: '/ui/fields',
  params: PARAMS,
  render: (context) => {
    const { query, catalog } = context;
    const [source, asset, field] = (['source', 'asset', 'field'] as const).map((n) => query.string(n));
    if (source === undefined || asset === undefined || field === undefined)
      throw new HttpError(400, 'field: name it with source, asset and field (search links to every field)');
    const current = exactField(catalog, { source, asset, field });
    if (current === undefined)
      throw new HttpError(404, `field ${source}.${asset}.${field}: not in the catalog`);
    const record = lookupRecord(current);
    const history = callRoute<FieldHistory>(historyRoute, context, { source, asset, field });
    return {
      title: `${field} (${source}.${asset})`,
      body: markup`${crumbs([
        { label: 'Overview', href: '/ui/' },
        { label: source, href: hrefWith('/ui/assets', { source }) },
        { label: asset, href: assetHref({ source, asset }) },
        { label: field },
      ])}
        <h1>${field}</h1>
        <p class="sub">
          <code>${record.id}</code> <button type="button" data-copy="${record.id}" hidden>Copy id</button>
        </p>
        ${verdict(record, context)} ${facts(record)} ${findingsSection(record, context)}
        ${historySection(history)} ${reviewsSection(history)}`,
    };
  },
};

function verdict(record: LookupRecord, { taxonomy }: PageContext): SafeHtml {
  const types = recordTypes(record, taxonomy);
  if (types.length === 0)
    return markup`<p class="verdict">
      <span class="pii-no">Not PII</span>${
        record.findings.length > 0
          ? markup` <span class="muted"
              >(${record.findings.length} weaker candidate${record.findings.length === 1 ? '' : 's'}
              below)</span
            >`
          : ''
      }
    </p>`;
  return markup`<p class="verdict">
    <span class="pii-yes">PII:</span> ${types.map(
      (t) =>
        markup`${typeChip(t.type)}
          <span class="muted">${t.label}, confidence ${confidence(t.confidence)}</span>
          ${sensitivityBadge(t.sensitivity)} `,
    )}
  </p>`;
}

function facts(record: LookupRecord): SafeHtml {
  const scan = record.scan;
  return markup`<dl class="facts">
    <dt>Asset</dt>
    <dd><a href="${assetHref(record)}">${record.asset}</a> in ${record.source}</dd>
    <dt>Data type</dt>
    <dd class="mono">${record.dataType}</dd>
    <dt>Latest scan</dt>
    <dd>#${scan.id}, ${when(scan.at)}, ${scan.samplingMethod ?? 'not sampled'}</dd>
    <dt>Values</dt>
    <dd>${count(scan.nonEmpty)} non-empty of ${count(scan.valuesSeen)} sampled</dd>
    ${
      scan.skipped !== undefined
        ? markup`<dt>Not scanned</dt>
            <dd>${scan.skipped}</dd>`
        : ''
    }
    <dt>Command line</dt>
    <dd><code>piimap lookup '${record.id}'</code></dd>
  </dl>`;
}

function findingsSection(record: LookupRecord, { taxonomy }: PageContext): SafeHtml {
  return markup`<section aria-labelledby="findings-h">
    <h2 id="findings-h">Findings and evidence</h2>
    ${
      record.findings.length === 0
        ? markup`<p>No detector found anything in this field.</p>`
        : markup`<table>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Path</th>
                <th scope="col">Status</th>
                <th scope="col">Label</th>
                <th scope="col" class="num">Prevalence</th>
                <th scope="col" class="num">Confidence</th>
                <th scope="col">Sensitivity</th>
                <th scope="col">Detector</th>
                <th scope="col">Evidence</th>
                <th scope="col">Masked examples</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              ${record.findings.map(
                (f) =>
                  markup`<tr>
                    <th scope="row">${typeChip(f.type)}</th>
                    <td class="mono">${f.path || '(field)'}</td>
                    <td>${f.classified ? 'classification' : 'candidate'}</td>
                    <td>${f.label}</td>
                    <td class="num">${confidence(f.prevalence)}</td>
                    <td class="num">${confidence(f.confidence)}</td>
                    <td>${sensitivityBadge(taxonomy.ofFinding(f.detector, f.type))}</td>
                    <td class="mono">${f.detector}</td>
                    <td>${evidenceWords(f)}</td>
                    <td>
                      ${f.examples !== undefined && f.examples.length > 0 ? f.examples.map((e) => markup`<code>${e}</code> `) : markup`<span class="muted">none recorded</span>`}
                    </td>
                    <td>
                      ${f.review !== undefined ? markup`${f.review.state}${f.review.type !== undefined ? ` → ${f.review.type}` : ''} by ${f.review.by}, ${when(f.review.at)}${f.review.note !== undefined ? markup`<br /><q>${f.review.note}</q>` : ''}` : markup`<span class="muted">not reviewed</span>`}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

function historySection({ scans }: FieldHistory): SafeHtml {
  return markup`<section aria-labelledby="history-h">
    <h2 id="history-h">Classification history</h2>
    <p class="sub">
      What each scan that read this field found (as the machine saw it; reviews are listed below). Scans that
      skipped the asset as unchanged are not listed; <code>piimap prune</code> drops old scans.
    </p>
    <table>
      <thead>
        <tr>
          <th scope="col">Scan</th>
          <th scope="col">Scanned</th>
          <th scope="col">Scan status</th>
          <th scope="col" class="num">Values</th>
          <th scope="col">Classified (confidence)</th>
          <th scope="col">Candidates</th>
        </tr>
      </thead>
      <tbody>
        ${scans.map((entry) => {
          const best = (classified: boolean) => {
            const byType = new Map<string, number>();
            for (const f of entry.findings)
              if (f.classified === classified)
                byType.set(f.type, Math.max(byType.get(f.type) ?? 0, f.confidence));
            return [...byType].map(([type, c]) => typeChip(type, confidence(c)));
          };
          const classified = best(true);
          const candidates = best(false);
          return markup`<tr>
            <th scope="row">#${entry.scan.id}</th>
            <td>${when(entry.assetScan.finishedAt)}</td>
            <td>${entry.scan.status}</td>
            <td class="num">${count(entry.nonEmpty)} / ${count(entry.valuesSeen)}</td>
            <td>${classified.length > 0 ? classified : markup`<span class="muted">not PII</span>`}</td>
            <td>${candidates.length > 0 ? candidates : '—'}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </section>`;
}

function reviewsSection({ reviews }: FieldHistory): SafeHtml {
  return markup`<section aria-labelledby="reviews-h">
    <h2 id="reviews-h">Reviews</h2>
    ${
      reviews.length === 0
        ? markup`<p>No one has reviewed this field (<code>piimap review</code> records a decision).</p>`
        : markup`<table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Decision</th>
                <th scope="col">Type</th>
                <th scope="col">Path</th>
                <th scope="col">Note</th>
                <th scope="col">Evidence seen</th>
              </tr>
            </thead>
            <tbody>
              ${reviews.map(
                (r) =>
                  markup`<tr>
                    <th scope="row">${when(r.at)}</th>
                    <td>${r.by}</td>
                    <td>${r.decision}${r.newType !== null ? ` → ${r.newType}` : ''}</td>
                    <td>${typeChip(r.type)}</td>
                    <td class="mono">${r.path || '(field)'}</td>
                    <td>${r.note ?? ''}</td>
                    <td>
                      ${r.confidence !== null ? `confidence ${confidence(r.confidence)}` : ''}${r.prevalence !== null ? `, prevalence ${confidence(r.prevalence)}` : ''}${r.scanId !== null ? ` (scan #${r.scanId})` : ''}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}
