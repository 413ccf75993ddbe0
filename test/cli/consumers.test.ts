// The catalog's readers, against a catalog from a real scan of the demo estate: lookup (verdict,
// evidence, globs, exit codes 0/1/5), export --format csv, and scans (the history).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { CurrentField } from '../../src/catalog/catalog-queries.js';
import { lookupFields } from '../../src/catalog/field-lookup.js';
import { catalogCsv } from '../../src/exporters/csv-exporter.js';
import { ROOT, runCli } from './run-cli.js';

const SHOP = join(ROOT, 'fixtures/demo/shop.sqlite');
let dir: string;
let catalog: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-consumers-'));
  catalog = join(dir, 'catalog.db');
  for (let i = 0; i < 2; i++) {
    const scan = await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0', '--examples', 'masked']);
    assert.equal(scan.code, 0, scan.stderr);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface LookupJson {
  id: string;
  pii: boolean;
  types: string[];
  findings: { type: string; classified: boolean; evidence: Record<string, unknown>; examples?: string[] }[];
  scan: { id: number; samplingMethod: string };
}

describe('piimap lookup', () => {
  test('a PII field: exit 0, its type, label, numbers and evidence', async () => {
    const text = await runCli(['lookup', 'shop.customers.email', '--catalog', catalog]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^shop\.customers\.email {2}\(TEXT\) {2}PII: email/);
    assert.match(text.stdout, /scan 2 at .*rowid-ranges|scan 2 at .*full/);
    assert.match(text.stdout, /validated by email-domain/);
    const json = await runCli(['lookup', 'shop.customers.email', '--catalog', catalog, '--json']);
    const [record] = JSON.parse(json.stdout) as LookupJson[];
    assert.equal(record?.pii, true);
    assert.deepEqual(record?.types, ['email']);
    assert.equal(record?.scan.id, 2);
    const email = record?.findings.find((f) => f.type === 'email');
    assert.equal(email?.classified, true);
    assert.ok(
      (email?.examples ?? []).every((e) => e.includes('*')),
      'examples are masked',
    );
  });

  test('a known field without PII: exit 1; an unknown one: exit 5, saying where to look', async () => {
    const known = await runCli(['lookup', 'shop.orders.id', '--catalog', catalog, '--json']);
    assert.equal(known.code, 1, known.stderr);
    assert.equal((JSON.parse(known.stdout) as LookupJson[])[0]?.pii, false);
    const unknown = await runCli(['lookup', 'shop.customers.nope', '--catalog', catalog]);
    assert.equal(unknown.code, 5);
    assert.match(unknown.stderr, /no such field .*piimap export lists every field's id/);
  });

  test('globs: every field of a table, exit 0 when any holds PII', async () => {
    const all = await runCli(['lookup', 'shop.customers.*', '--catalog', catalog, '--json']);
    assert.equal(all.code, 0, all.stderr);
    const records = JSON.parse(all.stdout) as LookupJson[];
    assert.ok(records.length >= 7);
    assert.ok(records.every((r) => r.id.startsWith('shop.customers.')));
    const byPart = await runCli([
      'lookup',
      '--asset',
      'customers',
      '--field',
      'ssn',
      '--catalog',
      catalog,
      '--json',
    ]);
    assert.deepEqual(
      (JSON.parse(byPart.stdout) as LookupJson[]).map((r) => r.id),
      ['shop.customers.ssn'],
    );
  });

  test('nothing named: usage error, exit 2', async () => {
    const none = await runCli(['lookup', '--catalog', catalog]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /name a field/);
  });

  test('dots inside names resolve where the split is unique, and ambiguity asks for the parts', () => {
    const field = (source: string, asset: string, name: string) =>
      ({ source, asset, field: name, findings: [] }) as unknown as CurrentField;
    const fields = [field('crm', 'public.users', 'email'), field('a.b', 'c', 'd'), field('a', 'b.c', 'd')];
    assert.equal(lookupFields(fields, { id: 'crm.public.users.email' }).length, 1);
    assert.throws(() => lookupFields(fields, { id: 'a.b.c.d' }), /--source a\.b --asset c --field d/);
    assert.equal(lookupFields(fields, { id: 'a.b.c.d', source: 'a' }).length, 1);
  });
});

describe('piimap export --format csv', () => {
  test('one row per field and type, every field listed, valid CSV', async () => {
    const out = await runCli(['export', '--format', 'csv', '--catalog', catalog]);
    assert.equal(out.code, 0, out.stderr);
    const rows = parse(out.stdout, { columns: true }) as Record<string, string>[];
    const notes = rows.filter((r) => r.id === 'shop.customers.notes' && r.classified === 'yes');
    assert.deepEqual(notes.map((r) => r.type).sort(), ['email', 'phone']);
    const orderId = rows.filter((r) => r.id === 'shop.orders.id');
    assert.equal(orderId.length, 1);
    assert.equal(orderId[0]?.type, '');
    assert.equal(rows[0]?.scan_id, '2');
  });

  test('a field name a spreadsheet would run as a formula is defused', () => {
    const csv = catalogCsv([
      {
        source: 's',
        asset: 't',
        field: '=HYPERLINK("x")',
        dataType: 'TEXT',
        scanId: 1,
        scannedAt: '2026-11-23T00:00:00Z',
        samplingMethod: 'full',
        valuesSeen: 1,
        nonEmpty: 1,
        skipped: null,
        objects: null,
        findings: [],
      },
    ]);
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    assert.equal(row?.field, `'=HYPERLINK("x")`);
  });
});

describe('piimap scans', () => {
  test('the history, newest first, with who, where and asset counts', async () => {
    const out = await runCli(['scans', '--catalog', catalog, '--json']);
    assert.equal(out.code, 0, out.stderr);
    const scans = JSON.parse(out.stdout) as { id: number; status: string; assets: { committed: number } }[];
    assert.deepEqual(
      scans.map((s) => s.id),
      [2, 1],
    );
    assert.ok(scans.every((s) => s.status === 'completed' && s.assets.committed >= 7));
    const text = await runCli(['scans', '--catalog', catalog]);
    assert.match(text.stdout, /^scan +status/);
  });
});

describe('piimap review', () => {
  interface Exported {
    id: string;
    classifications: { type: string; review?: { state: string; by: string; note?: string } }[];
    candidates: { type: string; review?: { state: string } }[];
  }
  const exportedField = async (id: string) => {
    const out = await runCli(['export', '--catalog', catalog]);
    return (JSON.parse(out.stdout) as { fields: Exported[] }).fields.find((f) => f.id === id);
  };

  test('a rejection takes the type out of the classifications, and holds across a rescan', async () => {
    const review = await runCli([
      'review',
      'shop.customers.notes',
      '--type',
      'phone',
      '--reject',
      '--note',
      'support test numbers',
      '--by',
      'dpo',
      '--catalog',
      catalog,
    ]);
    assert.equal(review.code, 0, review.stderr);
    assert.match(review.stdout, /shop\.customers\.notes phone: rejected/);
    const lookup = JSON.parse(
      (await runCli(['lookup', 'shop.customers.notes', '--catalog', catalog, '--json'])).stdout,
    ) as LookupJson[];
    assert.deepEqual(lookup[0]?.types, ['email']);
    const rescan = await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0']);
    assert.equal(rescan.code, 0, rescan.stderr);
    const field = await exportedField('shop.customers.notes');
    assert.deepEqual(
      field?.classifications.map((c) => c.type),
      ['email'],
    );
    const phone = field?.candidates.find((c) => c.type === 'phone');
    assert.equal(phone?.review?.state, 'rejected');
  });

  test('a retype changes the type consumers see; the decision names who and why', async () => {
    const review = await runCli([
      'review',
      'shop.customers.ssn',
      '--set-type',
      'tax_id',
      '--note',
      'ITINs',
      '--catalog',
      catalog,
    ]);
    assert.equal(review.code, 0, review.stderr);
    const field = await exportedField('shop.customers.ssn');
    assert.deepEqual(
      field?.classifications.map((c) => c.type),
      ['tax_id'],
    );
    assert.equal(field?.classifications[0]?.review?.note, 'ITINs');
    assert.equal((field?.classifications[0]?.review as { detectedType?: string }).detectedType, 'ssn');
  });

  test('bad requests are usage errors that say what to do', async () => {
    const both = await runCli([
      'review',
      'shop.customers.email',
      '--confirm',
      '--reject',
      '--catalog',
      catalog,
    ]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /exactly one of --confirm, --reject or --set-type/);
    const several = await runCli(['review', 'shop.customers.notes', '--confirm', '--catalog', catalog]);
    assert.equal(several.code, 2);
    assert.match(several.stderr, /several types \(email, phone\); name one with --type/);
  });
});
