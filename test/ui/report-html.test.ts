// piimap report --html: one self-contained file (mode 0600) that opens from file:// with every
// network request blocked — and none even attempted — and shows the overview; clear exit 2 errors.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { runCli } from '../cli/run-cli.js';
import { browserSuite, launchBrowser } from './browser.js';
import { NASTY_COLUMN, NASTY_TABLE, type UiEstate, uiEstate } from './ui-estate.js';

let estate: UiEstate;
let report: string;
let text: string;

before(async () => {
  estate = await uiEstate('report-html');
  report = join(estate.dir, 'report.html');
  const result = await runCli(['report', '--catalog', estate.catalog, '--html', report]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /wrote .*report\.html \(\d+ fields, \d+ KiB\)/);
  text = readFileSync(report, 'utf8');
});
after(() => estate?.remove());

test('the file is readable by its owner only (0600)', () => {
  assert.equal(statSync(report).mode & 0o777, 0o600);
});

test('self-contained: no script, no external reference, a CSP that forbids fetching', () => {
  assert.ok(!/<script/i.test(text.replace(/&lt;script&gt;/g, '')), 'no script element');
  assert.ok(!/\b(?:src|href)="(?:https?:)?\/\//i.test(text), 'no external src/href');
  assert.ok(!/<link\b/i.test(text), 'no linked stylesheet');
  assert.ok(!/@import|url\(/i.test(text), 'no CSS import or url()');
  assert.match(
    text,
    /<meta\s+http-equiv="Content-Security-Policy"\s+content="default-src 'none'; style-src 'unsafe-inline'/,
  );
  assert.match(text, /<style>/);
});

test('names holding markup and quotes are escaped', () => {
  assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!text.includes(NASTY_COLUMN));
  assert.ok(text.includes('vendors &quot;quoted&quot; &#39;n &lt;b&gt;bold&lt;/b&gt;'));
});

test('replaces an existing file and keeps it 0600', async () => {
  chmodSync(report, 0o644);
  const again = await runCli(['report', '--catalog', estate.catalog, '--html', report]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(statSync(report).mode & 0o777, 0o600);
});

test('exit 2 with a clear message: missing catalog, missing folder, a folder as the file, no --html', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['--catalog', join(estate.dir, 'nope.db'), '--html', join(estate.dir, 'r.html')],
      /nope\.db: no such file/,
    ],
    [
      ['--html', join(estate.dir, 'no', 'such', 'r.html')],
      /cannot write it \(folder .*no\/such does not exist\)/,
    ],
    [['--html', estate.dir], /cannot write it/],
    [[], /--html FILE is required/],
  ];
  mkdirSync(join(estate.dir, 'empty'), { recursive: true });
  for (const [args, message] of cases) {
    const withCatalog = args.includes('--catalog') ? args : ['--catalog', estate.catalog, ...args];
    const result = await runCli(['report', ...withCatalog]);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
});

describe('opened from file:// in Chromium', browserSuite(), () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('with every request blocked, only the file itself is requested; the overview shows', async () => {
    const context = await browser.newContext();
    const requested: string[] = [];
    await context.route('**', (route) => {
      requested.push(route.request().url());
      // The file itself may load; anything else would be the network (or another file).
      return route.request().url() === pathToFileURL(report).href ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const attempted: string[] = [];
    page.on('request', (r) => attempted.push(r.url()));
    // A reference the CSP stopped would show as a console error ("Refused to load …").
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(report).href);
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').textContent(), 'Personal data map');
    const types = (await page.locator('section[aria-labelledby="types-h"] tbody th').allTextContents()).map(
      (t) => t.trim(),
    );
    for (const type of ['email', 'ssn', 'credit_card', 'iban']) assert.ok(types.includes(type), type);
    const sources = (
      await page.locator('section[aria-labelledby="sources-h"] tbody th').allTextContents()
    ).map((t) => t.trim());
    assert.deepEqual(sources, ['shop']);
    // The per-source breakdown: each asset holding PII with its PII fields.
    const assets = await page.locator('details.asset[open] summary strong').allTextContents();
    for (const asset of ['customers', 'orders', NASTY_TABLE]) assert.ok(assets.includes(asset), asset);
    assert.equal(await page.locator('details.asset th', { hasText: NASTY_COLUMN }).count(), 1);
    // Styles applied from the inline sheet.
    const background = await page.evaluate<string>(
      "getComputedStyle(document.querySelector('header.top')).backgroundColor",
    );
    assert.equal(background, 'rgb(17, 24, 39)');
    assert.deepEqual(attempted, [pathToFileURL(report).href]);
    assert.deepEqual(
      requested.filter((u) => u !== pathToFileURL(report).href),
      [],
    );
    assert.deepEqual(dialogs, []);
    assert.deepEqual(consoleErrors, []);
    await context.close();
  });
});
