// `npm run screenshots`: the README's pictures of the browser, taken in Chromium from the two-scan
// demo estate → docs/screenshots/*.png. Not a test (no .test.ts): run it by hand after UI changes.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hrefWith } from '../../src/report/html/html-template.js';
import { startServer } from '../../src/serve/index.js';
import { launchBrowser } from './browser.js';
import { uiEstate } from './ui-estate.js';

const OUT = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

const SHOTS: [string, string][] = [
  ['overview.png', '/ui/'],
  ['field.png', hrefWith('/ui/field', { source: 'shop', asset: 'customers', field: 'phone' })],
  ['diff.png', '/ui/diff'],
];

const estate = await uiEstate('screenshots', { hostileNames: false });
const server = await startServer({ catalog: estate.catalog, host: '127.0.0.1', port: 0 });
const browser = await launchBrowser();
try {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const [file, path] of SHOTS) {
    await page.goto(server.url + path);
    await page.screenshot({ path: OUT + file, fullPage: true });
    process.stdout.write(`docs/screenshots/${file}\n`);
  }
} finally {
  await browser.close();
  await server.close();
  estate.remove();
}
