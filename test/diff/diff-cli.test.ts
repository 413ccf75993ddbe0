// piimap diff end to end: scans of a copy of the demo shop, then a column of emails added to it.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { DiffReport } from '../../src/diff/diff-report.js';
import { ROOT, runCli } from '../cli/run-cli.js';

let dir: string;
let shop: string;
let catalog: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-diff-cli-'));
  shop = join(dir, 'shop.sqlite');
  catalog = join(dir, 'catalog.db');
  copyFileSync(join(ROOT, 'fixtures/demo/shop.sqlite'), shop);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function scan(): Promise<void> {
  const result = await runCli(['scan', shop, '--catalog', catalog, '--workers', '0']);
  assert.equal(result.code, 0, result.stderr);
}

test('diff: nothing to compare, no changes, then a new email column fails --fail-on-new', async () => {
  await scan();
  const alone = await runCli(['diff', '--catalog', catalog, '--fail-on-new']);
  assert.equal(alone.code, 0, alone.stderr);
  assert.match(alone.stderr, /1 completed scan\(s\); nothing to compare/);

  await scan();
  const same = await runCli(['diff', '--catalog', catalog, '--fail-on-new']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /^piimap diff: scan 1 .* → scan 2 .*\nno changes\n$/);

  const db = new Database(shop);
  db.exec('ALTER TABLE customers ADD COLUMN backup_email TEXT; UPDATE customers SET backup_email = email');
  db.close();
  await scan();
  const grown = await runCli(['diff', '--catalog', catalog, '--fail-on-new']);
  assert.equal(grown.code, 4, grown.stderr);
  assert.match(grown.stdout, /Became PII\n.*\n {2}shop\.customers\.backup_email +email +new field/);
  assert.match(grown.stderr, /new PII since scan 2/);

  const json = await runCli(['diff', '--catalog', catalog, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as DiffReport;
  assert.deepEqual([report.from.id, report.to.id, report.newPii], [2, 3, true]);
  assert.deepEqual(
    report.becamePii.map(({ id, types, newField }) => ({ id, types, newField })),
    [{ id: 'shop.customers.backup_email', types: ['email'], newField: true }],
  );
  assert.deepEqual(report.newAssets, []);
  assert.deepEqual(report.removedAssets, []);

  // The unchanged pair, named explicitly, still passes.
  const earlier = await runCli(['diff', '--catalog', catalog, '--from', '1', '--to', '2', '--fail-on-new']);
  assert.equal(earlier.code, 0, earlier.stderr);

  const missing = await runCli(['diff', '--catalog', catalog, '--from', '9']);
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /--from 9: no such scan .*scans: 1 \(completed\), 2 \(completed\), 3 \(completed\)/,
  );
});
