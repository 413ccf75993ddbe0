import type { ScanSummary } from '../../../catalog/scan-history.js';
import type { DiffReport } from '../../../diff/diff-report.js';
import { PiimapError } from '../../../shared/errors.js';
import { type SafeHtml, markup } from '../../../report/html/html-template.js';
import { confidence, count, typeChip, when } from '../../../report/html/pii-marks.js';
import { HttpError } from '../../http-responses.js';
import { diffRoute } from '../../routes/diff-route.js';
import { scansRoute } from '../../routes/scans-route.js';
import { selectField } from '../ui-forms.js';
import { type PageContext, type UiPage, callRoute } from '../ui-page.js';
import { assetHref } from './asset-table.js';
import { fieldHref } from './field-table.js';

/** Rows shown per list; `piimap diff --json` (or GET /diff) lists them all. */
const MAX_ROWS = 200;

type FieldRef = { id: string; source: string; asset: string; field: string };

/** What changed between two scans: GET /diff, with a form to pick the scans. */
export const diffPage: UiPage = {
  path: '/ui/diff',
  section: '/ui/diff',
  params: diffRoute.params,
  render: (context) => {
    const scans = callRoute<ScanSummary[]>(scansRoute, context, {});
    let report: DiffReport | undefined;
    let problem: string | undefined;
    try {
      report = callRoute<DiffReport>(diffRoute, context, context.query);
    } catch (error) {
      if (!(error instanceof HttpError || (error instanceof PiimapError && error.code === 'USAGE')))
        throw error;
      problem = error.message;
    }
    return {
      title: report !== undefined ? `Changes from scan ${report.from.id} to ${report.to.id}` : 'Changes',
      body: markup`<h1>Changes between scans</h1>
        ${scanForm(scans, report, context)}
        ${problem !== undefined ? markup`<p class="notice" role="status">${problem}</p>` : ''}
        ${report !== undefined ? reportBody(report) : ''}`,
    };
  },
};

function scanForm(
  scans: readonly ScanSummary[],
  report: DiffReport | undefined,
  { search }: PageContext,
): SafeHtml {
  const options = scans.map((s) => ({
    value: String(s.id),
    label: `#${s.id} — ${when(s.startedAt)} (${s.status})`,
  }));
  return markup`<form class="filters" method="get" action="/ui/diff" aria-label="Pick two scans">
    ${selectField('from', 'From scan', options, search.get('from') ?? (report ? String(report.from.id) : undefined), 'default: the one before')}
    ${selectField('to', 'To scan', options, search.get('to') ?? (report ? String(report.to.id) : undefined), 'default: the latest')}
    <button class="primary" type="submit">Compare</button>
  </form>`;
}

function reportBody(report: DiffReport): SafeHtml {
  const s = report.summary;
  return markup`<p class="sub">
      From scan #${report.from.id} (${when(report.from.startedAt)}, ${report.from.status}) to scan
      #${report.to.id} (${when(report.to.startedAt)}, ${report.to.status}).
    </p>
    ${report.newPii ? markup`<p class="warn" role="status"><strong>New personal data appeared</strong> (<code>piimap diff --fail-on-new</code> would exit 4).</p>` : markup`<p class="notice" role="status">No new personal data.</p>`}
    <dl class="tiles" aria-label="Counts of changes">
      ${tile('Became PII', s.becamePii)}${tile('Stopped being PII', s.stoppedBeingPii)}${tile('Type changed', s.typeChanged)}
      ${tile('Confidence band changed', s.confidenceBand)}${tile('New assets', s.newAssets)}${tile('Removed assets', s.removedAssets)}
      ${tile('New fields', s.newFields)}${tile('Removed fields', s.removedFields)}
    </dl>
    ${fieldList('Fields that became PII', report.becamePii, (f) => markup`${f.types.map((t) => typeChip(t))}${f.newField ? markup` <small class="muted">new field</small>` : ''}`, true)}
    ${fieldList('Fields that stopped being PII', report.stoppedBeingPii, (f) => markup`was ${f.types.map((t) => typeChip(t))}${f.removedField ? markup` <small class="muted">field removed</small>` : ''}`, false)}
    ${fieldList('Types changed', report.typeChanged, (f) => markup`${f.added.map((t) => markup`+${typeChip(t)}`)} ${f.removed.map((t) => markup`−${typeChip(t)}`)}`, true)}
    ${fieldList('Confidence band changed', report.confidenceBand, (f) => markup`${typeChip(f.type)} ${f.before.band} ${confidence(f.before.confidence)} → ${f.after.band} ${confidence(f.after.confidence)}`, true)}
    ${assetList('New assets', report.newAssets, true)}
    ${assetList('Removed assets', report.removedAssets, false)}
    ${fieldList('New fields', report.newFields, (f) => (f.types.length > 0 ? f.types.map((t) => typeChip(t)) : markup`<span class="muted">not PII</span>`), true)}
    ${fieldList('Removed fields', report.removedFields, (f) => (f.types.length > 0 ? markup`was ${f.types.map((t) => typeChip(t))}` : markup`<span class="muted">not PII</span>`), false)}`;
}

function tile(label: string, value: number): SafeHtml {
  return markup`<div>
    <dt>${label}</dt>
    <dd>${count(value)}</dd>
  </div>`;
}

function headingId(title: string): string {
  return `d-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
}

function fieldList<T extends FieldRef>(
  title: string,
  items: readonly T[],
  change: (item: T) => SafeHtml | SafeHtml[],
  linked: boolean,
): SafeHtml {
  return listSection(
    title,
    items,
    markup`<th scope="col">Field</th>
          <th scope="col">Change</th>`,
    (item) => markup`<th scope="row">
                ${linked ? markup`<a class="mono" href="${fieldHref(item)}">${item.id}</a>` : markup`<span class="mono">${item.id}</span>`}
              </th>
              <td>${change(item)}</td>`,
  );
}

function assetList(title: string, items: DiffReport['newAssets'], linked: boolean): SafeHtml {
  return listSection(
    title,
    items,
    markup`<th scope="col">Asset</th>
          <th scope="col" class="num">Fields</th>
          <th scope="col">PII fields</th>`,
    (a) => markup`<th scope="row">${linked ? markup`<a href="${assetHref(a)}">${a.id}</a>` : a.id}</th>
              <td class="num">${count(a.fields)}</td>
              <td>
                ${a.pii.length === 0 ? markup`<span class="muted">none</span>` : a.pii.slice(0, 20).map((f) => markup`<span class="mono">${f.field}</span> ${f.types.map((t) => typeChip(t))} `)}
              </td>`,
  );
}

/** One list of changes: a titled table of its first MAX_ROWS items (nothing when it is empty). */
function listSection<T>(
  title: string,
  items: readonly T[],
  columns: SafeHtml,
  cells: (item: T) => SafeHtml,
): SafeHtml {
  if (items.length === 0) return markup``;
  const id = headingId(title);
  return markup`<section aria-labelledby="${id}">
    <h2 id="${id}">${title} <small class="muted">(${count(items.length)})</small></h2>
    <table>
      <thead>
        <tr>
          ${columns}
        </tr>
      </thead>
      <tbody>
        ${items.slice(0, MAX_ROWS).map((item) => markup`<tr>${cells(item)}</tr>`)}
      </tbody>
    </table>
    ${more(items.length)}
  </section>`;
}

function more(total: number): SafeHtml {
  return total > MAX_ROWS
    ? markup`<p class="muted">
        ${count(total - MAX_ROWS)} more not shown; <code>piimap diff --json</code> lists them all.
      </p>`
    : markup``;
}
