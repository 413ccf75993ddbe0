import { readPiimapVersion } from '../../cli/version.js';
import { type SafeHtml, markup } from '../../report/html/html-template.js';

/** The pages in the main navigation, in order. */
const NAV = [
  { path: '/ui/', label: 'Overview' },
  { path: '/ui/assets', label: 'Assets' },
  { path: '/ui/fields', label: 'Search fields' },
  { path: '/ui/diff', label: 'Changes' },
  { path: '/ui/scans', label: 'Scans' },
] as const;

export interface LayoutOptions {
  title: string;
  /** The nav entry to mark as the current page. */
  section?: string;
  body: SafeHtml;
  /** Signed in with a session cookie: offer to sign out. */
  signOut: boolean;
}

/** The page shell: skip link, header with the navigation, main, footer. */
export function layout({ title, section, body, signOut }: LayoutOptions): string {
  return markup`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} — piimap</title>
        <link rel="stylesheet" href="/ui/static/app.css" />
        <script src="/ui/static/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/ui/">pii<span>map</span></a>
          <nav aria-label="Main">
            <ul>
              ${NAV.map(
                (item) =>
                  markup`<li>
                    <a href="${item.path}" ${item.path === section ? markup` aria-current="page"` : ''}
                      >${item.label}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
          ${signOut ? markup`<form method="post" action="/ui/logout"><button type="submit">Sign out</button></form>` : ''}
        </header>
        <main id="main" tabindex="-1">${body}</main>
        <footer>
          piimap ${readPiimapVersion()} · read-only view of the catalog · no raw values are stored, examples
          are masked
        </footer>
      </body>
    </html> `.text;
}

/** Breadcrumbs: every step but the last is a link. */
export function crumbs(steps: readonly { label: string; href?: string }[]): SafeHtml {
  return markup`<nav class="crumbs" aria-label="Breadcrumb">
    <ol>
      ${steps.map((step, index) =>
        index === steps.length - 1 || step.href === undefined
          ? markup`<li>
              <span aria-current="${index === steps.length - 1 ? 'page' : 'false'}">${step.label}</span>
            </li>`
          : markup`<li><a href="${step.href}">${step.label}</a></li>`,
      )}
    </ol>
  </nav>`;
}

/** Page X of Y with first/previous/next/last links; nothing when everything fits on one page. */
export function pager(
  page: number,
  pageSize: number,
  total: number,
  hrefFor: (page: number) => string,
  noun: string,
): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = (to: number, label: string, rel?: string) =>
    to >= 1 && to <= pages && to !== page
      ? markup`<a href="${hrefFor(to)}" ${rel !== undefined ? markup` rel="${rel}"` : ''}>${label}</a>`
      : '';
  const where = `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${noun} · page ${page} of ${pages}`;
  return markup`<nav class="pager" aria-label="Pages">
    <span>${where}</span>
    ${page > 2 ? link(1, 'First') : ''}${link(page - 1, 'Previous', 'prev')}${link(page + 1, 'Next', 'next')}${page < pages - 1 ? link(pages, 'Last') : ''}
  </nav>`;
}
