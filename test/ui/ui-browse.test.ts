// The catalog browser in Chromium: the overview shows the estate's PII, search finds a field, the
// field page shows its history across two scans, keyboard alone reaches a field, and names holding
// markup and quotes are shown as text.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hrefWith } from '../../src/report/html/html-template.js';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { browserSuite, launchBrowser } from './browser.js';
import { NASTY_COLUMN, NASTY_TABLE, type UiEstate, uiEstate } from './ui-estate.js';

describe('catalog browser', browserSuite(), () => {
  let estate: UiEstate;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    estate = await uiEstate('ui-browse');
    server = await startServer({ catalog: estate.catalog, host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    estate?.remove();
  });

  test('the overview shows the PII types, the source and the assets holding PII', async () => {
    const response = await page.goto(`${server.url}/`);
    assert.equal(response?.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/ui/');
    assert.equal(await page.locator('h1').textContent(), 'Estate overview');
    const types = page.locator('section[aria-labelledby="types-h"] tbody th');
    const typeNames = (await types.allTextContents()).map((t) => t.trim());
    for (const type of ['email', 'ssn', 'credit_card', 'phone', 'iban'])
      assert.ok(typeNames.includes(type), type);
    // The most sensitive types come first.
    assert.ok(typeNames.indexOf('ssn') < typeNames.indexOf('email'));
    const sources = await page.locator('section[aria-labelledby="sources-h"] tbody th').allTextContents();
    assert.deepEqual(
      sources.map((s) => s.trim()),
      ['shop'],
    );
    const assets = (
      await page.locator('section[aria-labelledby="assets-h"] tbody th a').allTextContents()
    ).map((a) => a.trim());
    for (const asset of ['customers', 'orders', 'payouts', NASTY_TABLE])
      assert.ok(assets.includes(asset), asset);
    assert.ok(!assets.includes('products'), 'products holds no PII');
    const tiles = await page.locator('dl.tiles').textContent();
    assert.match(tiles ?? '', /Fields holding PII\s*1\d of \d+/);
  });

  test('search finds a field and links to its page', async () => {
    await page.goto(`${server.url}/ui/`);
    await page.getByLabel('Search field ids').fill('backup');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/ui\/fields\?q=backup/);
    assert.match((await page.getByRole('status').textContent()) ?? '', /^1 field match/);
    const link = page.locator('tbody th a', { hasText: 'backup_email' });
    assert.equal(await link.count(), 1);
    const row = await page.locator('tbody tr').first().textContent();
    assert.match(row ?? '', /email/);

    // Filters: type and review state, as GET /fields takes them.
    await page.goto(`${server.url}/ui/fields?type=ssn&pii=true`);
    assert.deepEqual(
      (await page.locator('tbody th a').allTextContents()).map((t) => t.trim()),
      ['ssn'],
    );
    await page.goto(`${server.url}/ui/fields?review=rejected`);
    assert.deepEqual(
      (await page.locator('tbody th a').allTextContents()).map((t) => t.trim()),
      ['phone'],
    );
  });

  test('the field page: verdict, evidence, masked examples, review and history across two scans', async () => {
    await page.goto(
      `${server.url}${hrefWith('/ui/field', { source: 'shop', asset: 'customers', field: 'email' })}`,
    );
    assert.equal(await page.locator('h1').textContent(), 'email');
    assert.match((await page.locator('.verdict').textContent()) ?? '', /PII:\s*email/);
    const findings = (await page.locator('section[aria-labelledby="findings-h"]').textContent()) ?? '';
    assert.match(findings, /validated by email-domain/);
    assert.match(findings, /\*\*\*/, 'masked examples shown');
    const history = page.locator('section[aria-labelledby="history-h"] tbody tr');
    assert.equal(await history.count(), 2);
    assert.deepEqual(
      (await history.locator('th').allTextContents()).map((t) => t.trim()),
      ['#2', '#1'],
    );

    // A field that appeared in the second scan has one entry; a reviewed one shows the decision.
    await page.goto(
      `${server.url}${hrefWith('/ui/field', { source: 'shop', asset: 'customers', field: 'backup_email' })}`,
    );
    assert.equal(await page.locator('section[aria-labelledby="history-h"] tbody tr').count(), 1);
    await page.goto(
      `${server.url}${hrefWith('/ui/field', { source: 'shop', asset: 'customers', field: 'phone' })}`,
    );
    const reviews = (await page.locator('section[aria-labelledby="reviews-h"]').textContent()) ?? '';
    assert.match(reviews, /auditor/);
    assert.match(reviews, /rejected/);
    assert.match(reviews, /test numbers <only>/);
    assert.match((await page.locator('.verdict').textContent()) ?? '', /Not PII/);
  });

  test('keyboard alone: overview → asset → field with Tab and Enter', async () => {
    await page.goto(`${server.url}/ui/`);
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'customers' && el.href.includes('/ui/asset?'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui\/asset\?source=shop&asset=customers/);
    assert.equal(await page.locator('h1').textContent(), 'customers');
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'ssn' && el.href.includes('/ui/field?'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui\/field\?source=shop&asset=customers&field=ssn/);
    assert.equal(await page.locator('h1').textContent(), 'ssn');
    // The first Tab on a page reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string>('document.activeElement.textContent'), 'Skip to content');
  });

  test('names holding markup and quotes are text: no script runs, nothing is injected', async () => {
    await page.goto(`${server.url}${hrefWith('/ui/asset', { source: 'shop', asset: NASTY_TABLE })}`);
    assert.equal(await page.locator('h1').textContent(), NASTY_TABLE);
    assert.equal(await page.locator('main b').count(), 0);
    const field = page.locator('tbody th a', { hasText: NASTY_COLUMN });
    assert.equal(await field.count(), 1);
    await field.click();
    await page.waitForURL(/\/ui\/field\?/);
    assert.equal(await page.locator('h1').textContent(), NASTY_COLUMN);
    assert.match((await page.locator('.verdict').textContent()) ?? '', /email/);
    await page.goto(`${server.url}/ui/fields?q=${encodeURIComponent('<script>')}`);
    assert.equal(await page.locator('tbody th a').count(), 1);
    await page.goto(`${server.url}/ui/diff`);
    // Only the page's own script element, in the head.
    assert.equal(await page.locator('script').count(), 1);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(pageErrors, []);
  });

  test('the diff view: the new PII column and the new asset between scan 1 and 2', async () => {
    await page.goto(`${server.url}/ui/diff`);
    assert.match((await page.locator('h1').textContent()) ?? '', /Changes between scans/);
    assert.match((await page.locator('.warn').textContent()) ?? '', /New personal data appeared/);
    const became =
      (await page.locator('section[aria-labelledby="d-fields-that-became-pii"]').textContent()) ?? '';
    assert.match(became, /shop\.customers\.backup_email/);
    const newAssets = (await page.locator('section[aria-labelledby="d-new-assets"]').textContent()) ?? '';
    assert.ok(newAssets.includes(NASTY_TABLE));
    await page.selectOption('select[name="from"]', '1');
    await page.selectOption('select[name="to"]', '2');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/from=1&to=2/);
    assert.match((await page.locator('.sub').first().textContent()) ?? '', /From scan #1/);
  });
});

interface Focused {
  tag: string;
  text: string;
  href: string;
}

/** Presses Tab until the focused element is the one wanted (at most 300 times). */
async function tabTo(page: Page, wanted: (focused: Focused) => boolean): Promise<void> {
  for (let presses = 0; presses < 300; presses++) {
    await page.keyboard.press('Tab');
    // A string, evaluated in the page: the DOM's types are not part of this (Node) program.
    const focused = await page.evaluate<Focused>(`(() => {
      const el = document.activeElement;
      return { tag: el ? el.tagName : '', text: el ? el.textContent.trim() : '', href: (el && el.getAttribute('href')) || '' };
    })()`);
    if (wanted(focused)) return;
  }
  assert.fail('the element was never focused by Tab');
}
