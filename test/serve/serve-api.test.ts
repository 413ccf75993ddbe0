// GET routes of piimap serve against a real scan of the demo shop: lookup, fields (filters and
// paging), export, scans, diff, and the answers to wrong requests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { LookupRecord } from '../../src/report/lookup-output.js';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { schemaValidator } from '../../src/shared/json-schema.js';
import { runCli } from '../cli/run-cli.js';
import { type ErrorBody, demoCatalog, getJson, scanShop } from './demo-catalog.js';

interface FieldPage {
  items: LookupRecord[];
  page: number;
  pageSize: number;
  total: number;
}

let catalog: string;
let remove: () => void;
let server: RunningServer;

before(async () => {
  ({ catalog, remove } = await demoCatalog('serve-api'));
  server = await startServer({ catalog, host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  remove();
});

const get = <T>(path: string, init?: RequestInit) => getJson<T>(server.url + path, init);

function assertSafeHeaders(response: Response): void {
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(response.headers.get('content-type'));
}

describe('GET /lookup', () => {
  test('a PII field: the record lookup --json prints', async () => {
    const { response, body } = await get<LookupRecord[]>('/lookup?id=shop.customers.email');
    assert.equal(response.status, 200);
    assertSafeHeaders(response);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(body.length, 1);
    assert.equal(body[0]?.id, 'shop.customers.email');
    assert.equal(body[0]?.pii, true);
    assert.deepEqual(body[0]?.types, ['email']);
    assert.equal(body[0]?.findings.find((f) => f.type === 'email')?.classified, true);
  });

  test('an unknown field: 404 with a JSON error', async () => {
    const { response, body } = await get<ErrorBody>('/lookup?id=shop.customers.nope');
    assert.equal(response.status, 404);
    assertSafeHeaders(response);
    assert.equal(body.error.status, 404);
    assert.match(body.error.message, /shop\.customers\.nope: no such field/);
  });

  test('globs and parts', async () => {
    const { body: all } = await get<LookupRecord[]>(`/lookup?id=${encodeURIComponent('shop.customers.*')}`);
    assert.ok(all.length >= 7);
    assert.ok(all.every((r) => r.id.startsWith('shop.customers.')));
    const { body: parts } = await get<LookupRecord[]>('/lookup?asset=cust*&field=ssn');
    assert.deepEqual(
      parts.map((r) => [r.id, r.types]),
      [['shop.customers.ssn', ['ssn']]],
    );
  });

  test('nothing named: 400', async () => {
    const { response, body } = await get<ErrorBody>('/lookup');
    assert.equal(response.status, 400);
    assert.match(body.error.message, /name a field/);
  });
});

describe('GET /fields', () => {
  test('defaults: page 1 of 100, total, a stable order by source, asset, field', async () => {
    const { response, body } = await get<FieldPage>('/fields');
    assert.equal(response.status, 200);
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 100);
    assert.ok(body.total > 20 && body.total <= 100, `total ${body.total}`);
    assert.equal(body.items.length, body.total);
    const keys = body.items.map((r) => [r.source, r.asset, r.field].join('\0'));
    assert.deepEqual(keys, [...keys].sort());
  });

  test('pages cover every field once', async () => {
    const { body: all } = await get<FieldPage>('/fields?pageSize=500');
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const { body } = await get<FieldPage>(`/fields?pageSize=7&page=${page}`);
      assert.equal(body.total, all.total);
      if (body.items.length === 0) break;
      assert.ok(body.items.length <= 7);
      ids.push(...body.items.map((r) => r.id));
    }
    assert.deepEqual(
      ids,
      all.items.map((r) => r.id),
    );
  });

  test('pii=true&type=email: only fields classified as email', async () => {
    const { body } = await get<FieldPage>('/fields?pii=true&type=email');
    assert.ok(body.total >= 3, `total ${body.total}`);
    assert.ok(body.items.every((r) => r.pii && r.types.includes('email')));
    assert.ok(body.items.some((r) => r.id === 'shop.customers.email'));
    const { body: notPii } = await get<FieldPage>('/fields?pii=false&pageSize=500');
    assert.ok(notPii.total > 0 && notPii.items.every((r) => !r.pii));
    const { body: everything } = await get<FieldPage>('/fields?pageSize=500');
    const { body: pii } = await get<FieldPage>('/fields?pii=true&pageSize=500');
    assert.equal(pii.total + notPii.total, everything.total);
  });

  test('source/asset globs, label, minConfidence', async () => {
    const { body: customers } = await get<FieldPage>('/fields?source=sh*&asset=customers');
    assert.ok(customers.total >= 7);
    assert.ok(customers.items.every((r) => r.asset === 'customers'));
    const { body: none } = await get<FieldPage>('/fields?source=crm');
    assert.equal(none.total, 0);
    const { body: sure } = await get<FieldPage>('/fields?minConfidence=0.95&pageSize=500');
    assert.ok(sure.total > 0);
    assert.ok(sure.items.every((r) => r.findings.some((f) => f.confidence >= 0.95)));
    const { body: contains } = await get<FieldPage>('/fields?label=contains&pageSize=500');
    assert.ok(contains.items.every((r) => r.findings.some((f) => f.label === 'contains' && f.classified)));
  });

  test('review and changedSince follow a review made while the server runs', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const { body: before } = await get<FieldPage>(`/fields?changedSince=${future}`);
    assert.equal(before.total, 0);
    const { body: unreviewed } = await get<FieldPage>('/fields?review=rejected');
    assert.equal(unreviewed.total, 0);

    const startedAt = new Date().toISOString();
    const review = await runCli([
      'review',
      'shop.customers.phone',
      '--reject',
      '--by',
      'test',
      '--catalog',
      catalog,
    ]);
    assert.equal(review.code, 0, review.stderr);

    const { body: rejected } = await get<FieldPage>('/fields?review=rejected');
    assert.deepEqual(
      rejected.items.map((r) => r.id),
      ['shop.customers.phone'],
    );
    assert.equal(rejected.items[0]?.pii, false);
    const { body: changed } = await get<FieldPage>(`/fields?changedSince=${encodeURIComponent(startedAt)}`);
    assert.deepEqual(
      changed.items.map((r) => r.id),
      ['shop.customers.phone'],
    );
    const { body: phones } = await get<FieldPage>('/fields?type=phone&review=none&pageSize=500');
    assert.ok(phones.items.every((r) => r.id !== 'shop.customers.phone'));
  });

  test('wrong parameters: 400 naming the parameter', async () => {
    for (const [query, message] of [
      ['pageSize=501', /pageSize: "501" is above the maximum 500/],
      ['pageSize=0', /pageSize: "0" is below the minimum 1/],
      ['page=two', /page: "two" is not an integer/],
      ['pii=yes', /pii: "yes" is not true or false/],
      ['minConfidence=1.5', /minConfidence: "1.5" is above the maximum 1/],
      ['review=maybe', /review: "maybe" is not one of confirmed, rejected/],
      ['changedSince=yesterday', /changedSince: "yesterday" is not an ISO 8601 date/],
      ['changedSince=2024-05-01T12:00:00', /changedSince: .* with Z or an offset/],
      ['pagesize=10', /pagesize: not a parameter of this route; it takes source, .*pageSize/],
      ['type=email&type=phone', /type: given 2 times/],
    ] as const) {
      const { response, body } = await get<ErrorBody>(`/fields?${query}`);
      assert.equal(response.status, 400, query);
      assert.match(body.error.message, message, query);
    }
  });
});

describe('GET /export', () => {
  test('json (the default) validates against catalog.schema.json', async () => {
    const response = await fetch(`${server.url}/export`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const body = (await response.json()) as { fields: unknown[] };
    const validate = schemaValidator('catalog.schema.json');
    assert.ok(validate(body), JSON.stringify(validate.errors));
    const { body: page } = await get<FieldPage>('/fields?pageSize=500');
    assert.equal(body.fields.length, page.total);
  });

  test('csv as text/csv; unknown formats: 400', async () => {
    const response = await fetch(`${server.url}/export?format=csv`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assertSafeHeaders(response);
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    assert.ok(rows.some((r) => r.id === 'shop.customers.email' && r.type === 'email'));
    const { response: bad, body } = await get<ErrorBody>('/export?format=xml');
    assert.equal(bad.status, 400);
    assert.match(body.error.message, /format: "xml" is not one of csv, json/);
  });
});

describe('GET /scans and /diff, and a scan while serving', () => {
  test('one scan: history, nothing to diff; after a second scan both show it', async () => {
    const { body: one } = await get<{ id: number; status: string }[]>('/scans');
    assert.deepEqual(
      one.map((s) => [s.id, s.status]),
      [[1, 'completed']],
    );
    const { response: alone, body: why } = await get<ErrorBody>('/diff');
    assert.equal(alone.status, 404);
    assert.match(why.error.message, /1 completed scan\(s\); nothing to compare/);

    await scanShop(catalog);
    const { body: two } = await get<{ id: number }[]>('/scans');
    assert.deepEqual(
      two.map((s) => s.id),
      [2, 1],
    );
    const { body: email } = await get<LookupRecord[]>('/lookup?id=shop.customers.email');
    assert.equal(email[0]?.scan.id, 2);
    const { response, body } = await get<{ from: { id: number }; to: { id: number }; newPii: boolean }>(
      '/diff',
    );
    assert.equal(response.status, 200);
    assert.deepEqual([body.from.id, body.to.id, body.newPii], [1, 2, false]);
    const { response: backwards, body: error } = await get<ErrorBody>('/diff?from=2&to=1');
    assert.equal(backwards.status, 400);
    assert.match(error.error.message, /--from must be an earlier scan/);
    const { response: unknown } = await get<ErrorBody>('/diff?from=1&to=9');
    assert.equal(unknown.status, 400);
  });
});

describe('wrong requests', () => {
  test('POST, PUT, DELETE: 405 with Allow: GET', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) {
      const response = await fetch(`${server.url}/fields`, { method });
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'GET');
      assertSafeHeaders(response);
      if (method !== 'HEAD') assert.equal(((await response.json()) as ErrorBody).error.status, 405);
    }
  });

  test('an unknown route: 404', async () => {
    const { response, body } = await get<ErrorBody>('/admin');
    assert.equal(response.status, 404);
    assert.match(body.error.message, /no such route/);
  });

  test('/healthz', async () => {
    const { response, body } = await get<{ status: string }>('/healthz');
    assert.equal(response.status, 200);
    assert.deepEqual(body, { status: 'ok' });
  });
});
