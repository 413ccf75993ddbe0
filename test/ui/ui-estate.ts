// A two-scan estate for the browser tests: the demo shop scanned with masked examples, then changed
// (a new PII column, a table whose names hold markup and quotes) and scanned again, then reviewed.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../cli/run-cli.js';
import { SHOP } from '../serve/demo-catalog.js';

/** A table and a column whose names would run script if a page did not escape them. */
export const NASTY_TABLE = `vendors "quoted" 'n <b>bold</b>`;
export const NASTY_COLUMN = '<script>alert(1)</script>';

export interface UiEstate {
  dir: string;
  catalog: string;
  remove: () => void;
}

/** `hostileNames: false` leaves the markup table out (the README's screenshots). */
export async function uiEstate(prefix: string, { hostileNames = true } = {}): Promise<UiEstate> {
  const dir = mkdtempSync(join(tmpdir(), `piimap-${prefix}-`));
  const shop = join(dir, 'shop.sqlite');
  const catalog = join(dir, 'catalog.db');
  copyFileSync(SHOP, shop);
  await scan(shop, catalog);
  const db = new Database(shop);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  db.exec(`ALTER TABLE customers ADD COLUMN backup_email TEXT;
    UPDATE customers SET backup_email = 'backup.' || id || '@example.org';`);
  if (hostileNames) {
    db.exec(
      `CREATE TABLE ${quote(NASTY_TABLE)} (id INTEGER PRIMARY KEY, ${quote(NASTY_COLUMN)} TEXT, city TEXT);`,
    );
    const insert = db.prepare(
      `INSERT INTO ${quote(NASTY_TABLE)} (${quote(NASTY_COLUMN)}, city) VALUES (?, ?)`,
    );
    for (let i = 0; i < 50; i++) insert.run(`vendor${i}@example.com`, i % 2 ? 'Lyon' : 'Porto');
  }
  db.close();
  await scan(shop, catalog);
  const review = await runCli([
    'review',
    'shop.customers.phone',
    '--reject',
    '--by',
    'auditor',
    '--note',
    'test numbers <only>',
    '--catalog',
    catalog,
  ]);
  assert.equal(review.code, 0, review.stderr);
  return { dir, catalog, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function scan(shop: string, catalog: string): Promise<void> {
  const result = await runCli(['scan', shop, '--catalog', catalog, '--workers', '0', '--examples', 'masked']);
  assert.equal(result.code, 0, result.stderr);
}
