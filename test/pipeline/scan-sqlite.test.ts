// piimap scan on the bundled SQLite estate, end to end through the real bin: classifications
// against the fixture's labels, the export against catalog.schema.json, nothing raw at rest.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { schemaValidator } from '../../src/shared/json-schema.js';
import { ROOT, jsonLines, runCli } from '../cli/run-cli.js';

const SHOP = join(ROOT, 'fixtures/demo/shop.sqlite');
const LABELS = JSON.parse(readFileSync(join(ROOT, 'fixtures/demo/shop.labels.json'), 'utf8')) as Record<
  string,
  string[]
>;

interface ExportedField {
  id: string;
  asset: string;
  field: string;
  classifications: {
    type: string;
    label: string;
    confidence: number;
    prevalence: number;
    examples?: string[];
  }[];
  candidates: { type: string; confidence: number }[];
  scan: { id: number; samplingMethod: string | null; valuesSeen: number };
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-scan-sqlite-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function scanAndExport(args: string[], catalog: string) {
  const scan = await runCli(['scan', ...args, '--catalog', catalog, '--workers', '0']);
  const exported = await runCli(['export', '--catalog', catalog]);
  assert.equal(exported.code, 0, exported.stderr);
  return { scan, catalog: JSON.parse(exported.stdout) as { fields: ExportedField[] } };
}

describe('piimap scan (SQLite)', () => {
  test('classifies every column of the demo estate as labelled, and nothing else', async () => {
    const { scan, catalog } = await scanAndExport([SHOP], join(dir, 'labels.db'));
    assert.equal(scan.code, 0, scan.stderr);
    const found = Object.fromEntries(
      catalog.fields
        .filter((f) => f.classifications.length > 0)
        .map((f) => [`${f.asset}.${f.field}`, f.classifications.map((c) => c.type).sort()]),
    );
    const expected = Object.fromEntries(
      Object.entries(LABELS).map(([field, types]) => [field, [...types].sort()]),
    );
    assert.deepEqual(found, expected);
  });

  test('prevalence and confidence are different numbers: minority PII in free text', async () => {
    const { catalog } = await scanAndExport([SHOP], join(dir, 'notes.db'));
    const notes = catalog.fields.find((f) => f.id === 'shop.customers.notes');
    const email = notes?.classifications.find((c) => c.type === 'email');
    assert.equal(email?.label, 'contains');
    assert.ok((email?.prevalence ?? 1) < 0.2, `prevalence ${email?.prevalence}`);
    assert.ok((email?.confidence ?? 0) >= 0.9, `confidence ${email?.confidence}`);
  });

  test('columns named like PII: hashes are not emails; all-NULL columns are only candidates', async () => {
    const { catalog } = await scanAndExport([SHOP], join(dir, 'names.db'));
    const field = (id: string) => catalog.fields.find((f) => f.id === id);
    assert.deepEqual(field('shop.customers.email_sha256')?.classifications, []);
    assert.deepEqual(field('shop.customers.email_sha256')?.candidates, []);
    const nullEmail = field('shop.newsletter_signups.email');
    assert.deepEqual(nullEmail?.classifications, []);
    assert.deepEqual(
      nullEmail?.candidates.map((c) => [c.type, c.confidence]),
      [['email', 0.3]],
    );
    for (const id of [
      'shop.orders.order_number',
      'shop.orders.tracking_number',
      'shop.products.app_version',
      'shop.products.isbn',
    ]) {
      assert.deepEqual(field(id)?.classifications, [], id);
    }
  });

  test('the export is valid against catalog.schema.json and records the sampling method', async () => {
    const { catalog } = await scanAndExport([SHOP], join(dir, 'schema.db'));
    const validate = schemaValidator('catalog.schema.json');
    assert.ok(validate(catalog), JSON.stringify(validate.errors));
    assert.ok(catalog.fields.length >= 40);
    assert.ok(catalog.fields.every((f) => f.scan.samplingMethod === 'full'));
  });

  test('large tables are sampled across the table in rowid ranges, not read whole', async () => {
    const file = join(dir, 'big.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT)');
    const insert = db.prepare('INSERT INTO people (email) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 50_000; i++) insert.run(`user${i}@example.com`);
    })();
    db.close();
    const { scan, catalog } = await scanAndExport(
      [file, '--sample-size', '1000', '--json'],
      join(dir, 'big.db'),
    );
    const committed = jsonLines(scan.stdout).find(
      (e) => (e as { event: string }).event === 'asset-committed',
    ) as {
      samplingMethod: string;
      rowsSampled: number;
    };
    assert.equal(committed.samplingMethod, 'rowid-ranges');
    assert.ok(committed.rowsSampled >= 900 && committed.rowsSampled <= 1000, String(committed.rowsSampled));
    assert.equal(catalog.fields.find((f) => f.id === 'big.people.email')?.classifications[0]?.type, 'email');
  });

  test('no raw PII or credentials in the catalog file, even with masked examples', async () => {
    const catalog = join(dir, 'raw.db');
    const { scan, catalog: exported } = await scanAndExport([SHOP, '--examples', 'masked'], catalog);
    assert.equal(scan.code, 0);
    const examples = exported.fields.flatMap((f) => f.classifications.flatMap((c) => c.examples ?? []));
    assert.ok(examples.length > 10 && examples.every((e) => e.includes('*')), examples.slice(0, 5).join(' '));
    const shop = new Database(SHOP, { readonly: true });
    const raw = [
      ...(shop.prepare('SELECT email, phone, ssn FROM customers').raw().all() as string[][]).flat(),
      ...(
        shop.prepare('SELECT card_number, iban FROM orders JOIN payouts USING (id)').raw().all() as string[][]
      ).flat(),
    ];
    shop.close();
    const bytes = readdirSync(dir)
      .filter((name) => name.startsWith('raw.db'))
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('');
    const digitsOnly = (value: string) => value.replace(/\D/g, '');
    const leaked = raw.filter(
      (value) =>
        bytes.includes(value) || (digitsOnly(value).length >= 6 && bytes.includes(digitsOnly(value))),
    );
    assert.ok(raw.length > 500);
    assert.deepEqual(leaked.slice(0, 3), []);
  });

  test('a missing source is recorded and the rest goes on: exit 1', async () => {
    const copy = join(dir, 'copy.sqlite');
    copyFileSync(SHOP, copy);
    const { scan, catalog } = await scanAndExport(
      [join(dir, 'missing.sqlite'), copy, '--json'],
      join(dir, 'partial.db'),
    );
    assert.equal(scan.code, 1);
    const events = jsonLines(scan.stdout) as { event: string; source?: string; error?: string }[];
    assert.match(
      events.find((e) => e.event === 'source-failed')?.error ?? '',
      /missing\.sqlite does not exist/,
    );
    assert.ok(catalog.fields.some((f) => f.id === 'copy.customers.email'));
    assert.equal(events.at(-1)?.event, 'summary');
  });

  test('usage and catalog errors exit 2 before anything is scanned', async () => {
    const notAFolder = join(dir, 'file');
    writeFileSync(notAFolder, '');
    const bad = await runCli(['scan', SHOP, '--catalog', join(notAFolder, 'x.db')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /catalog .*x\.db: folder .* does not exist or is not a folder/);
    assert.equal((await runCli(['scan'])).code, 2);
    assert.equal((await runCli(['scan', 'oracle://db/x'])).code, 2);
  });

  test('a rescan replaces the current view; history stays in the catalog', async () => {
    const catalog = join(dir, 'twice.db');
    await scanAndExport([SHOP], catalog);
    const { catalog: second } = await scanAndExport([SHOP], catalog);
    assert.ok(second.fields.every((f) => f.scan.id === 2));
    const db = new Database(catalog, { readonly: true });
    const scans = db.prepare('SELECT id, status FROM scans ORDER BY id').all();
    const current = db
      .prepare("SELECT count(*) AS n FROM current_findings WHERE field_id = 'shop.customers.email'")
      .get();
    db.close();
    assert.deepEqual(scans, [
      { id: 1, status: 'completed' },
      { id: 2, status: 'completed' },
    ]);
    assert.deepEqual(current, { n: 1 });
  });
});
