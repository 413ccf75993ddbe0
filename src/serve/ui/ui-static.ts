import { ESTATE_CSS } from '../../report/html/estate-styles.js';

/**
 * The browser's script: progressive enhancement only — every page works without it. `/` focuses
 * the search box; buttons marked data-copy (hidden without a script) copy a field id.
 */
const APP_JS = `'use strict';
document.addEventListener('keydown', function (event) {
  var active = document.activeElement;
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  if (active && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(active.tagName)) return;
  var search = document.querySelector('input[type="search"]');
  if (search) { event.preventDefault(); search.focus(); }
});
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () {
    navigator.clipboard.writeText(button.getAttribute('data-copy') || '').then(
      function () { button.textContent = 'Copied'; },
      function () { button.textContent = 'Copy failed'; }
    );
  });
});
`;

/** Files under /ui/static/: no catalog data, so served without a token (the sign-in page uses them). */
export const STATIC_FILES: ReadonlyMap<string, { contentType: string; body: string }> = new Map([
  ['/ui/static/app.css', { contentType: 'text/css; charset=utf-8', body: ESTATE_CSS }],
  ['/ui/static/app.js', { contentType: 'text/javascript; charset=utf-8', body: APP_JS }],
]);
