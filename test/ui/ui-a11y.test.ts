// axe-core in Chromium finds no serious or critical accessibility violation on the browser's pages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hrefWith } from '../../src/report/html/html-template.js';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { browserSuite, launchBrowser } from './browser.js';
import { type UiEstate, uiEstate } from './ui-estate.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe over the page (WCAG 2.x A/AA and best practices); the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describe('accessibility (axe-core)', browserSuite(), () => {
  let estate: UiEstate;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    estate = await uiEstate('ui-a11y');
    server = await startServer({ catalog: estate.catalog, host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    estate?.remove();
  });

  const pages: [string, string][] = [
    ['the overview', '/ui/'],
    ['a field page', hrefWith('/ui/field', { source: 'shop', asset: 'customers', field: 'phone' })],
    ['the diff view', '/ui/diff'],
    ['an asset page', hrefWith('/ui/asset', { source: 'shop', asset: 'customers' })],
    ['the search page', '/ui/fields?q=mail&pii=true'],
    ['the assets page', '/ui/assets'],
    ['the scans page', '/ui/scans'],
    ['a missing page', '/ui/nope'],
  ];
  for (const [name, path] of pages)
    test(`${name}: no serious or critical violations`, async () => {
      await page.goto(server.url + path);
      const violations = await seriousViolations(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    });
});
