import type { ScanSummary } from '../../../catalog/scan-history.js';
import { markup, hrefWith } from '../../../report/html/html-template.js';
import { count, when } from '../../../report/html/pii-marks.js';
import { scansRoute } from '../../routes/scans-route.js';
import { type UiPage, callRoute } from '../ui-page.js';

/** Scans shown; `piimap scans` lists every one. */
const MAX_SCANS = 200;

/** The scan history (GET /scans), newest first, each with a link to what it changed. */
export const scansPage: UiPage = {
  path: '/ui/scans',
  section: '/ui/scans',
  params: [],
  render: (context) => {
    const scans = callRoute<ScanSummary[]>(scansRoute, context, {});
    return {
      title: 'Scans',
      body: markup`<h1>Scans</h1>
        <p class="sub">
          ${count(scans.length)} scan${scans.length === 1 ? '' : 's'} in the catalog, newest first.
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Scan</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col" class="num">Duration</th>
              <th scope="col">By</th>
              <th scope="col" class="num">Assets committed</th>
              <th scope="col" class="num">Failed</th>
              <th scope="col" class="num">Unchanged</th>
              <th scope="col">Sources</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            ${scans.slice(0, MAX_SCANS).map(
              (s, index) =>
                markup`<tr>
                  <th scope="row">#${s.id}</th>
                  <td>${s.status}${s.stopReason ? ` (${s.stopReason})` : ''}</td>
                  <td>${when(s.startedAt)}</td>
                  <td class="num">
                    ${s.durationMs !== null ? `${(s.durationMs / 1000).toFixed(1)} s` : '—'}
                  </td>
                  <td>${s.user}@${s.host}</td>
                  <td class="num">${count(s.assets.committed + s.assets.metadataOnly)}</td>
                  <td class="num">${count(s.assets.failed)}</td>
                  <td class="num">${count(s.assets.unchanged)}</td>
                  <td>${s.sources.map((src) => src.source).join(', ')}</td>
                  <td>
                    ${index < scans.length - 1 ? markup`<a href="${hrefWith('/ui/diff', { from: scans[index + 1]?.id, to: s.id })}">from #${scans[index + 1]?.id}</a>` : '—'}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`,
    };
  },
};
