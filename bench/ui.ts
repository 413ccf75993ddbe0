/**
 * bench/ui: the catalog browser and the API at scale.
 *
 *   node --import tsx bench/ui.ts [--fields 100000] [--runs 7]
 *
 * Writes a generated catalog of --fields fields (assets of 50, a third holding PII; the same
 * generator as test/ui/ui-scale.test.ts) into a temp folder, serves it on 127.0.0.1, and prints,
 * medians of --runs each: the first request (reads and aggregates every field once), pages of the
 * browser (size and time), filtered pages of the JSON API, and `piimap report --html` in-process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogSources, currentFields } from '../src/catalog/catalog-queries.js';
import { SqliteCatalogStore } from '../src/catalog/catalog-store.js';
import { PiiTaxonomy } from '../src/catalog/pii-taxonomy.js';
import { loadDetectors } from '../src/detection/detector-loader.js';
import { renderEstateReport } from '../src/report/html/estate-report.js';
import { startServer } from '../src/serve/index.js';
import { writeLargeCatalog } from '../test/ui/large-catalog.js';
import { median } from './stats.js';

const { values: args } = parseArgs({
  options: { fields: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' } },
});
const FIELDS = Number(args.fields);
const RUNS = Number(args.runs);

const dir = mkdtempSync(join(tmpdir(), 'piimap-bench-ui-'));
const catalog = join(dir, 'catalog.db');
try {
  let start = performance.now();
  writeLargeCatalog(catalog, { fields: FIELDS });
  console.log(
    `catalog of ${FIELDS.toLocaleString('en-US')} fields written in ${(performance.now() - start).toFixed(0)} ms`,
  );

  const server = await startServer({ catalog, host: '127.0.0.1', port: 0 });
  const get = async (path: string) => {
    const begin = performance.now();
    const response = await fetch(server.url + path);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`);
    return { ms: performance.now() - begin, bytes: Buffer.byteLength(text) };
  };
  try {
    const first = await get('/summary');
    console.log(`first request (reads and aggregates every field): ${first.ms.toFixed(0)} ms`);
    const paths = [
      '/ui/',
      '/ui/fields?pageSize=200',
      '/ui/fields?type=ssn&pii=true&pageSize=200&page=3',
      '/ui/fields?q=table_0123',
      '/ui/assets?pageSize=200',
      '/ui/asset?source=db1&asset=public.table_00000',
      '/ui/field?source=db1&asset=public.table_00000&field=email_0',
      '/fields?type=email&source=db2&pageSize=200',
      '/fields?minConfidence=0.9&pageSize=200&page=10',
      '/assets?pii=true&sort=sensitivity&pageSize=200',
      '/history?id=db1.public.table_00000.email_0',
    ];
    console.log(`\n${'path'.padEnd(64)} ${'median ms'.padStart(10)} ${'KiB'.padStart(8)}`);
    for (const path of paths) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await get(path));
      const ms = median(runs.map((r) => r.ms));
      console.log(
        `${path.padEnd(64)} ${ms.toFixed(1).padStart(10)} ${((runs[0]?.bytes ?? 0) / 1024).toFixed(0).padStart(8)}`,
      );
    }
  } finally {
    await server.close();
  }

  start = performance.now();
  const store = SqliteCatalogStore.open(catalog, { readonly: true });
  const html = renderEstateReport({
    fields: currentFields(store),
    taxonomy: new PiiTaxonomy((await loadDetectors()).map((d) => d.definition)),
    kinds: new Map(catalogSources(store).map((s) => [s.name, s.kind])),
    catalogName: 'catalog.db',
    generatedAt: new Date().toISOString(),
    version: 'bench',
  });
  store.close();
  console.log(
    `\nreport --html: ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(1)} MiB in ${(performance.now() - start).toFixed(0)} ms (PII fields listed, the others counted)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
