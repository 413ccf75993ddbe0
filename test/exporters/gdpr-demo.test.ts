// End to end-ish: the real CLI scans the bundled demo shop into a temp catalog and records a few
// reviews; the GDPR export is built from what the catalog then holds, joined with
// fixtures/gdpr/shop-activities.json.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { currentFields } from '../../src/catalog/catalog-queries.js';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { loadDetectors } from '../../src/detection/detector-loader.js';
import { loadActivities } from '../../src/exporters/gdpr-activities.js';
import { gdprCsv } from '../../src/exporters/gdpr-csv.js';
import { gdprDataMap } from '../../src/exporters/gdpr-data-map.js';
import type { GdprDataMap, GdprSource } from '../../src/exporters/gdpr-records.js';
import { compileSchema, describeSchemaErrors } from '../../src/shared/json-schema.js';
import { ROOT, runCli } from '../cli/run-cli.js';

let dir: string;
let map: GdprDataMap;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-gdpr-demo-'));
  const catalog = join(dir, 'catalog.db');
  const scan = await runCli([
    'scan',
    join(ROOT, 'fixtures/demo/shop.sqlite'),
    '--catalog',
    catalog,
    '--workers',
    '0',
  ]);
  assert.equal(scan.code, 0, scan.stderr);
  for (const review of [
    ['shop.orders.card_number', '--confirm'],
    ['shop.orders.shipping_address', '--confirm'],
    ['shop.payouts.iban', '--reject'],
  ]) {
    const result = await runCli(['review', ...review, '--by', 'dana', '--catalog', catalog]);
    assert.equal(result.code, 0, result.stderr);
  }
  const store = SqliteCatalogStore.open(catalog, { readonly: true });
  try {
    const sources = store.db.prepare('SELECT name, kind, location FROM sources').all() as GdprSource[];
    map = gdprDataMap(
      currentFields(store),
      (await loadDetectors()).map((d) => d.definition),
      sources,
      await loadActivities(join(ROOT, 'fixtures/gdpr/shop-activities.json')),
    );
  } finally {
    store.close();
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

function category(assetId: string, id: string) {
  const asset = map.systems.flatMap((s) => s.assets).find((a) => a.id === assetId);
  return asset?.categories.find((c) => c.category === id);
}

test('the demo shop: a sqlite system whose SSN column is a restricted government identifier', () => {
  const [shop] = map.systems;
  assert.equal(shop?.source, 'shop');
  assert.equal(shop?.kind, 'sqlite');
  assert.equal(shop?.highestSensitivity, 'restricted');
  const ssn = category('shop.customers', 'government-identifiers');
  assert.deepEqual(ssn?.types, ['ssn']);
  assert.equal(ssn?.highestSensitivity, 'restricted');
  assert.ok(ssn?.fields.some((f) => f.id === 'shop.customers.ssn'));
  const contact = category('shop.customers', 'contact-details');
  assert.ok(contact?.fields.some((f) => f.id === 'shop.customers.email' && f.type === 'email'));
  assert.deepEqual(category('shop.orders', 'financial')?.types, ['credit_card']);
  assert.deepEqual(category('shop.support_tickets', 'online-identifiers')?.types, ['ip_address']);
  assert.deepEqual(shop?.specialCategories, [], 'no built-in detector finds Art. 9 data');
});

test('reviews made with piimap review: a confirmed asset is verified by a person, a rejection drops', () => {
  const orders = map.systems.flatMap((s) => s.assets).find((a) => a.id === 'shop.orders');
  assert.equal(orders?.lastVerified.confirmedByPerson, true);
  assert.deepEqual(orders?.lastVerified.reviewedBy, ['dana']);
  assert.equal(category('shop.orders', 'financial')?.fields[0]?.review?.state, 'confirmed');
  assert.equal(category('shop.payouts', 'financial'), undefined, 'the rejected IBAN');
  const customers = map.systems.flatMap((s) => s.assets).find((a) => a.id === 'shop.customers');
  assert.equal(customers?.lastVerified.confirmedByPerson, false);
});

test('the demo shop joined with its activities: Article 30 records and the unmapped assets', () => {
  const accounts = map.activities?.find((a) => a.id === 'customer-accounts');
  assert.deepEqual(accounts?.systems[0]?.assets, ['customers', 'orders']);
  assert.ok(accounts?.categories.includes('government-identifiers'));
  assert.ok(accounts?.categories.includes('financial'));
  const newsletter = map.activities?.find((a) => a.id === 'newsletter');
  assert.deepEqual(newsletter?.unmatchedPatterns, ['crm.contacts']);
  assert.deepEqual(
    map.unmapped?.map((u) => u.asset),
    ['audit "log"; --', 'payouts'],
  );
  assert.deepEqual(map.unmapped?.find((u) => u.asset === 'payouts')?.categories, ['identity']);
  const validate = compileSchema('gdpr.schema.json');
  assert.ok(validate(map), describeSchemaErrors(validate.errors).join('\n'));
});

test('the demo shop as CSV: a row per asset × category × activity', () => {
  const rows = parse(gdprCsv(map), { columns: true }) as Record<string, string>[];
  const ssn = rows.find((r) => r.asset === 'customers' && r.category === 'government-identifiers');
  assert.equal(ssn?.activity, 'customer-accounts');
  assert.equal(ssn?.lawful_basis, 'contract');
  assert.equal(ssn?.sensitivity, 'restricted');
  assert.ok(rows.some((r) => r.asset === 'payouts' && r.mapped === 'no'));
  assert.equal(rows.find((r) => r.asset === 'orders')?.confirmed_by_person, 'yes');
});
