// 100,000 fields: the browser pages on the server — at most 200 rows a page, small HTML — and the
// API answers a filtered page. Figures are printed (diagnostics), never asserted as times.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { browserSuite, launchBrowser } from './browser.js';
import { writeLargeCatalog } from './large-catalog.js';

const FIELDS = 100_000;
/** Bounds on what one page weighs: 200 rows of fields stay well under these. */
const MAX_FIELD_PAGE_BYTES = 300 * 1024;
const MAX_OVERVIEW_BYTES = 100 * 1024;

let dir: string;
let server: RunningServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-ui-scale-'));
  const catalog = join(dir, 'catalog.db');
  writeLargeCatalog(catalog, { fields: FIELDS });
  server = await startServer({ catalog, host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function timed(path: string): Promise<{ status: number; text: string; ms: number }> {
  const start = performance.now();
  const response = await fetch(server.url + path);
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - start };
}

function bodyRows(html: string): number {
  return (html.split('<tbody>')[1]?.split('</tbody>')[0]?.match(/<tr>/g) ?? []).length;
}

test('the first request reads the 100,000 fields once; later ones reuse them', async (t) => {
  const first = await timed('/summary');
  assert.equal(first.status, 200);
  const summary = JSON.parse(first.text) as { totals: { fields: number; assets: number; piiFields: number } };
  assert.equal(summary.totals.fields, FIELDS);
  assert.equal(summary.totals.assets, FIELDS / 50);
  const again = await timed('/summary');
  t.diagnostic(
    `first request (reads and aggregates ${FIELDS} fields): ${first.ms.toFixed(0)} ms; the next: ${again.ms.toFixed(1)} ms`,
  );
});

test('the search page: at most 200 rows and a small page, whatever the catalog holds', async (t) => {
  const page = await timed('/ui/fields?pageSize=200');
  assert.equal(page.status, 200);
  const rows = bodyRows(page.text);
  assert.ok(rows > 0 && rows <= 200, `${rows} rows`);
  const bytes = Buffer.byteLength(page.text);
  assert.ok(bytes < MAX_FIELD_PAGE_BYTES, `${bytes} bytes`);
  assert.match(page.text, /1–200 of 100,000 fields/);
  const filtered = await timed('/ui/fields?type=ssn&pii=true&pageSize=200&page=3');
  assert.ok(bodyRows(filtered.text) <= 200);
  t.diagnostic(
    `/ui/fields, 200 rows: ${(bytes / 1024).toFixed(0)} KiB in ${page.ms.toFixed(0)} ms; filtered by type, page 3: ${filtered.ms.toFixed(0)} ms`,
  );
  // More than 200 a page is refused, not rendered.
  assert.equal((await timed('/ui/fields?pageSize=201')).status, 400);
  assert.equal((await timed('/ui/assets?pageSize=201')).status, 400);
});

test('the overview and the asset list stay small', async (t) => {
  const overview = await timed('/ui/');
  assert.equal(overview.status, 200);
  const bytes = Buffer.byteLength(overview.text);
  assert.ok(bytes < MAX_OVERVIEW_BYTES, `${bytes} bytes`);
  assert.match(overview.text, /of 100,000/);
  const assets = await timed('/ui/assets?pageSize=200');
  assert.ok(bodyRows(assets.text) <= 200);
  const asset = await timed('/ui/asset?source=db1&asset=public.table_00000');
  assert.equal(asset.status, 200);
  assert.equal(bodyRows(asset.text), 50);
  t.diagnostic(
    `overview ${(bytes / 1024).toFixed(0)} KiB in ${overview.ms.toFixed(0)} ms; assets page ${(Buffer.byteLength(assets.text) / 1024).toFixed(0)} KiB; asset page ${asset.ms.toFixed(0)} ms`,
  );
});

test('the API answers a filtered page (figure printed)', async (t) => {
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < 5; i++) {
    const { status, text, ms } = await timed(`/fields?type=email&source=db2&pageSize=200&page=${i + 1}`);
    assert.equal(status, 200);
    const body = JSON.parse(text) as { items: unknown[]; total: number };
    assert.ok(body.items.length <= 200);
    total = body.total;
    times.push(ms);
  }
  assert.ok(total > 0);
  times.sort((a, b) => a - b);
  t.diagnostic(
    `GET /fields?type=email&source=db2&pageSize=200 (${total} matching of ${FIELDS}): median ${times[2]?.toFixed(0)} ms over 5 pages`,
  );
});

describe('in Chromium', browserSuite(), () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the first page of fields renders at most 200 rows', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/ui/fields?pageSize=200`);
    const rows = await page.locator('main table tbody tr').count();
    assert.ok(rows > 0 && rows <= 200, `${rows} rows`);
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    assert.match((await page.locator('nav.pager span').first().textContent()) ?? '', /201–400 of 100,000/);
    await page.close();
  });
});
