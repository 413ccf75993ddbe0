// The routes the browser reads besides lookup/fields/diff: GET /summary, /assets, /history, and
// /fields?q= — against two real scans of the demo shop, bodies checked against the OpenAPI schemas.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { AssetSummary, EstateSummary } from '../../src/catalog/estate-summary.js';
import type { FieldHistory } from '../../src/catalog/field-history.js';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { runCli } from '../cli/run-cli.js';
import { type ErrorBody, demoCatalog, getJson, scanShop } from './demo-catalog.js';

let catalog: string;
let remove: () => void;
let server: RunningServer;
let validate: (path: string, status: string, body: unknown) => void;

before(async () => {
  ({ catalog, remove } = await demoCatalog('serve-views'));
  await scanShop(catalog);
  const review = await runCli([
    'review',
    'shop.customers.phone',
    '--reject',
    '--by',
    'dpo',
    '--note',
    'test data',
    '--catalog',
    catalog,
  ]);
  assert.equal(review.code, 0, review.stderr);
  server = await startServer({ catalog, host: '127.0.0.1', port: 0 });
  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as object;
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ ...doc, $id: 'openapi' });
  validate = (path, status, body) => {
    const check = ajv.compile({
      $ref: `openapi#/paths/${path.replace(/\//g, '~1')}/get/responses/${status}/content/application~1json/schema`,
    });
    assert.ok(check(body), `${path} ${status}: ${JSON.stringify(check.errors)}`);
  };
});
after(async () => {
  await server.close();
  remove();
});

const get = <T>(path: string) => getJson<T>(server.url + path);

describe('GET /summary', () => {
  test('totals, types by sensitivity, sources; reviews applied', async () => {
    const { response, body } = await get<EstateSummary>('/summary');
    assert.equal(response.status, 200);
    validate('/summary', '200', body);
    assert.equal(body.totals.sources, 1);
    assert.ok(body.totals.assets >= 6 && body.totals.piiAssets >= 4, JSON.stringify(body.totals));
    assert.ok(body.totals.piiFields > 8 && body.totals.piiFields < body.totals.fields);
    assert.equal(body.totals.reviewed, 1);
    assert.equal(body.latestScan?.id, 2);
    const ssn = body.types.find((t) => t.type === 'ssn');
    assert.deepEqual([ssn?.sensitivity, ssn?.category, ssn?.fields], ['restricted', 'government-id', 1]);
    // The most sensitive types first.
    const ranks = body.types.map((t) => ['low', 'medium', 'high', 'restricted'].indexOf(t.sensitivity ?? ''));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => b - a),
    );
    // phone was rejected on customers: only the other fields count.
    const phone = body.types.find((t) => t.type === 'phone');
    const { body: phones } = await get<{ total: number }>('/fields?type=phone');
    assert.equal(phone?.fields, phones.total);
    const total = Object.values(body.bySensitivity).reduce((a, b) => a + b, 0);
    assert.equal(total, body.totals.piiFields);
    assert.equal(body.sources[0]?.source, 'shop');
    assert.equal(body.sources[0]?.kind, 'sqlite');
    assert.equal(body.sources[0]?.sensitivity, 'restricted');
  });
});

describe('GET /assets', () => {
  test('every asset with counts, by name; pii and type filters; sensitivity order; paging', async () => {
    const { body: all } = await get<{ items: AssetSummary[]; total: number }>('/assets');
    validate('/assets', '200', all);
    const names = all.items.map((a) => a.asset);
    assert.deepEqual(names, [...names].sort());
    const customers = all.items.find((a) => a.asset === 'customers');
    assert.equal(customers?.id, 'shop.customers');
    assert.equal(customers?.sensitivity, 'restricted');
    assert.ok((customers?.piiFields ?? 0) >= 5 && (customers?.fields ?? 0) > (customers?.piiFields ?? 0));
    const { body: none } = await get<{ items: AssetSummary[] }>('/assets?pii=false');
    assert.ok(none.items.some((a) => a.asset === 'products'));
    assert.ok(none.items.every((a) => a.piiFields === 0));
    const { body: ibans } = await get<{ items: AssetSummary[] }>('/assets?type=iban');
    assert.deepEqual(
      ibans.items.map((a) => a.asset),
      ['payouts'],
    );
    const { body: sorted } = await get<{ items: AssetSummary[] }>('/assets?pii=true&sort=sensitivity');
    assert.equal(sorted.items[0]?.sensitivity, 'restricted');
    const { body: page2 } = await get<{ items: AssetSummary[]; total: number }>('/assets?pageSize=2&page=2');
    assert.deepEqual(
      page2.items.map((a) => a.asset),
      names.slice(2, 4),
    );
    assert.equal(page2.total, all.total);
    const { body: q } = await get<{ items: AssetSummary[] }>('/assets?q=CUSTOM');
    assert.deepEqual(
      q.items.map((a) => a.asset),
      ['customers'],
    );
    const { response, body } = await get<ErrorBody>('/assets?sort=size');
    assert.equal(response.status, 400);
    assert.match(body.error.message, /sort/);
  });
});

describe('GET /history', () => {
  test("a field's classification in each scan, newest first, and its reviews", async () => {
    const { response, body } = await get<FieldHistory & { id: string }>('/history?id=shop.customers.phone');
    assert.equal(response.status, 200);
    validate('/history', '200', body);
    assert.equal(body.id, 'shop.customers.phone');
    assert.deepEqual(
      body.scans.map((s) => s.scan.id),
      [2, 1],
    );
    // The machine's view: still phone in every scan; the rejection is a review.
    assert.ok(body.scans.every((s) => s.types.includes('phone')));
    assert.equal(body.reviews.length, 1);
    assert.deepEqual(
      [body.reviews[0]?.decision, body.reviews[0]?.by, body.reviews[0]?.note],
      ['rejected', 'dpo', 'test data'],
    );
    const { body: byParts } = await get<{ id: string }>('/history?source=shop&asset=customers&field=email');
    assert.equal(byParts.id, 'shop.customers.email');
  });

  test('unknown: 404; several fields: 400; nothing named: 400', async () => {
    const missing = await get<ErrorBody>('/history?id=shop.customers.nope');
    assert.equal(missing.response.status, 404);
    validate('/history', '404', missing.body);
    const many = await get<ErrorBody>(`/history?id=${encodeURIComponent('shop.customers.*')}`);
    assert.equal(many.response.status, 400);
    assert.match(many.body.error.message, /names \d+ fields/);
    assert.equal((await get<ErrorBody>('/history')).response.status, 400);
  });
});

describe('GET /fields?q=', () => {
  test('text the field id contains, ignoring case', async () => {
    const { body } = await get<{ items: { id: string }[] }>('/fields?q=EMAIL&pageSize=500');
    assert.ok(body.items.length >= 3);
    assert.ok(body.items.every((r) => r.id.toLowerCase().includes('email')));
    assert.ok(body.items.some((r) => r.id === 'shop.customers.email_sha256'));
  });
});
