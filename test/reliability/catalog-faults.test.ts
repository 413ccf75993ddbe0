// The catalog failing, through the real bin: a catalog that cannot be created stops the scan before
// any source is touched (exit 2); a catalog that fills up mid-scan (SQLite's max_page_count, as a
// full disk) stops it with every committed asset kept (exit 7), and `--resume` finishes it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { MAX_PAGES_VARIABLE, SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { jsonLines, runCli } from '../cli/run-cli.js';

const TABLES = 30;
const dir = mkdtempSync(join(tmpdir(), 'piimap-catalog-faults-'));
const estate = join(dir, 'estate.sqlite');

before(() => {
  const db = new Database(estate);
  for (let t = 0; t < TABLES; t++) {
    db.exec(
      `CREATE TABLE t${t} (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, note TEXT, city TEXT, ssn TEXT, ip TEXT, name TEXT)`,
    );
    const insert = db.prepare(
      `INSERT INTO t${t} (email, phone, note, city, ssn, ip, name) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 200; i++)
        insert.run(
          `u${i}.${t}@example.com`,
          `(202) 555-${String(i).padStart(4, '0')}`,
          `row ${i}`,
          'Springfield',
          `536-22-${1000 + i}`,
          `81.2.69.${i % 200}`,
          'Jane Doe',
        );
    })();
  }
  db.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('a catalog whose folder is a file fails before any source is contacted (exit 2)', async () => {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const notAFolder = join(dir, 'plain-file');
    writeFileSync(notAFolder, 'x');
    const result = await runCli([
      'scan',
      `postgres://scanner@127.0.0.1:${port}/crm`,
      '--catalog',
      join(notAFolder, 'piimap.db'),
    ]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /catalog .*plain-file.*piimap\.db: folder .* does not exist or is not a folder/,
    );
    assert.equal(connections, 0);
  } finally {
    server.close();
  }
});

test('a catalog that fills up mid-scan stops it (exit 7) with committed assets kept; --resume finishes it', async () => {
  const catalog = join(dir, 'full.db');
  SqliteCatalogStore.open(catalog).close();
  const empty = new Database(catalog, { readonly: true });
  const basePages = empty.pragma('page_count', { simple: true }) as number;
  empty.close();

  // Room for the scan's own rows and some assets' findings (with masked examples), not for all.
  const full = await runCli(
    ['scan', estate, '--catalog', catalog, '--workers', '0', '--examples', 'masked', '--json'],
    { env: { [MAX_PAGES_VARIABLE]: String(basePages + 4) } },
  );
  assert.equal(full.code, 7, full.stderr);
  assert.match(
    full.stderr,
    /catalog .*full\.db: cannot record asset t\d+ \(database or disk is full\); what was committed before is kept; once there is room, run piimap scan --resume/,
  );
  const committed = (jsonLines(full.stdout) as { event: string }[]).filter(
    (e) => e.event === 'asset-committed',
  ).length;
  assert.ok(
    committed >= 1 && committed < TABLES,
    `${committed} assets committed before the catalog filled up`,
  );

  const db = new Database(catalog, { readonly: true });
  try {
    const rows = db.prepare("SELECT COUNT(*) AS n FROM asset_scans WHERE status = 'committed'").get() as {
      n: number;
    };
    assert.equal(rows.n, committed, 'every asset reported committed is in the catalog, whole');
  } finally {
    db.close();
  }

  const resumed = await runCli([
    'scan',
    estate,
    '--catalog',
    catalog,
    '--workers',
    '0',
    '--examples',
    'masked',
    '--resume',
    '--json',
  ]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const events = jsonLines(resumed.stdout) as { event: string; scanId?: number }[];
  assert.equal(events.find((e) => e.event === 'scan-started')?.scanId, 1);
  assert.equal(events.filter((e) => e.event === 'asset-committed').length, TABLES - committed);
  const after = new Database(catalog, { readonly: true });
  try {
    assert.deepEqual(after.prepare('SELECT id, status FROM scans').all(), [{ id: 1, status: 'completed' }]);
    const rows = after.prepare("SELECT COUNT(*) AS n FROM asset_scans WHERE status = 'committed'").get() as {
      n: number;
    };
    assert.equal(rows.n, TABLES);
  } finally {
    after.close();
  }
});
