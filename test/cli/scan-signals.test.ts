// SIGTERM / SIGINT during a scan, through the real bin: assets in flight commit or are absent,
// the scan is recorded as interrupted, exit 143 / 130; a second signal stops at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';

const BIN = fileURLToPath(new URL('../../bin/piimap.js', import.meta.url));
const TABLES = 6;
let dir: string;
let estate: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-scan-signals-'));
  estate = join(dir, 'estate.sqlite');
  const db = new Database(estate);
  for (let t = 0; t < TABLES; t++) {
    db.exec(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, email TEXT, note TEXT)`);
    const insert = db.prepare(`INSERT INTO t${t} (email, note) VALUES (?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < 60_000; i++)
        insert.run(`user${i}@example.com`, `call (202) 555-${String(i % 10000).padStart(4, '0')}`);
    })();
  }
  db.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a full scan and sends `signals` once the first asset has committed. */
function scanAndSignal(catalog: string, signals: NodeJS.Signals[]) {
  return new Promise<{ code: number | null; ms: number; committedAtSignal: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [
      BIN,
      'scan',
      estate,
      '--catalog',
      catalog,
      '--full',
      '--workers',
      '0',
      '--json',
    ]);
    let buffered = '';
    let committed = 0;
    let signalledAt = 0;
    let committedAtSignal = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('"asset-committed"')) committed++;
        if (committed === 1 && signalledAt === 0) {
          signalledAt = Date.now();
          committedAtSignal = committed;
          for (const signal of signals) child.kill(signal);
        }
      }
    });
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Date.now() - signalledAt, committedAtSignal }));
  });
}

function catalogState(catalog: string) {
  const db = new Database(catalog, { readonly: true });
  try {
    const scan = db.prepare('SELECT status FROM scans ORDER BY id DESC LIMIT 1').get() as { status: string };
    const rows = db.prepare('SELECT status FROM asset_scans').all() as { status: string }[];
    return {
      status: scan.status,
      committed: rows.filter((r) => r.status === 'committed').length,
      rows: rows.length,
    };
  } finally {
    db.close();
  }
}

test('SIGTERM: no new asset starts, the scan is recorded as interrupted, exit 143 within 10 s', async () => {
  const catalog = join(dir, 'term.db');
  const run = await scanAndSignal(catalog, ['SIGTERM']);
  assert.equal(run.code, 143);
  assert.ok(run.ms < 10_000, `${run.ms} ms`);
  const state = catalogState(catalog);
  assert.equal(state.status, 'interrupted');
  assert.ok(state.committed >= 1 && state.committed < TABLES, `${state.committed} committed`);
  assert.equal(state.rows, state.committed, 'every recorded asset is whole: nothing half-written');
});

test('a second SIGINT stops at once, exit 130, the scan still recorded as interrupted', async () => {
  const catalog = join(dir, 'int.db');
  const run = await scanAndSignal(catalog, ['SIGINT', 'SIGINT']);
  assert.equal(run.code, 130);
  assert.ok(run.ms < 5_000, `${run.ms} ms`);
  assert.equal(catalogState(catalog).status, 'interrupted');
});
