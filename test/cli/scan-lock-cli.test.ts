// One writer per catalog, through the real bin: a second scan exits 3 naming the first, touching
// no source; after release scans work again; a lock left by a dead process is taken over (exit 0).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { ScanLock } from '../../src/catalog/scan-lock.js';
import { ROOT, runCli } from './run-cli.js';

const SHOP = join(ROOT, 'fixtures/demo/shop.sqlite');
let dir: string;
let big: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-scan-lock-cli-'));
  // A table big enough that a --full scan is still reading it when the test pauses it.
  big = join(dir, 'big.sqlite');
  const db = new Database(big);
  db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, note TEXT)');
  const insert = db.prepare('INSERT INTO events (note) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 200_000; i++) insert.run(`order ${i} shipped to warehouse ${i % 97}`);
  })();
  db.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

function scans(catalog: string): { id: number; status: string; options: string }[] {
  const store = SqliteCatalogStore.open(catalog, { readonly: true });
  try {
    return store.db.prepare('SELECT id, status, options FROM scans ORDER BY id').all() as {
      id: number;
      status: string;
      options: string;
    }[];
  } finally {
    store.close();
  }
}

test('a second scan while one runs exits 3 naming it; the first finishes (exit 0)', async (t) => {
  const catalog = join(dir, 'running.db');
  const first = spawn(
    process.execPath,
    [join(ROOT, 'bin/piimap.js'), 'scan', big, '--catalog', catalog, '--full', '--workers', '0', '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.after(() => {
    if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
  });
  let stderr = '';
  first.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => first.on('close', resolve));
  // Paused as soon as its scan row exists, so it is certainly running while the second one tries.
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const read = (chunk: string) => {
      out += chunk;
      if (!out.includes('"event":"scan-started"')) return;
      first.stdout.off('data', read).resume();
      first.kill('SIGSTOP');
      resolve();
    };
    first.stdout.setEncoding('utf8').on('data', read);
    first.on('close', () => reject(new Error(`the first scan ended early: ${stderr}`)));
  });
  try {
    const second = await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0']);
    assert.equal(second.code, 3, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `^piimap: catalog .*running\\.db: scan 1 is writing it \\(pid ${first.pid} on ${hostname()}, ` +
          `user ${userInfo().username}, since [^,]+, last heartbeat [^,]+, \\d+ m?s ago\\)`,
      ),
    );
  } finally {
    first.kill('SIGCONT');
  }
  assert.equal(await exited, 0, stderr);
  assert.deepEqual(
    scans(catalog).map((s) => [s.id, s.status]),
    [[1, 'completed']],
  );
});

test('a lock held by this process refuses scans; once released, the scan works', async () => {
  const catalog = join(dir, 'held.db');
  const store = SqliteCatalogStore.open(catalog);
  const lock = ScanLock.acquire(store);
  const refused = await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0']);
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(
    refused.stderr,
    new RegExp(`another piimap \\(a scan starting, or a prune\\) is writing it \\(pid ${process.pid} on`),
  );
  assert.deepEqual(scans(catalog), [], 'a refused scan records nothing');
  lock.release();
  store.close();
  const scan = await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0']);
  assert.equal(scan.code, 0, scan.stderr);
  assert.deepEqual(
    scans(catalog).map((s) => s.status),
    ['completed'],
  );
});

test('a lock whose process died is taken over (exit 0), and the takeover is recorded', async () => {
  const catalog = join(dir, 'crashed.db');
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  const store = SqliteCatalogStore.open(catalog);
  const crashed = ScanLock.acquire(
    store,
    { pid: child.pid as number, host: hostname(), user: 'gone' },
    { heartbeatEveryMs: 0 },
  );
  crashed.attach(store.startScan({ piimapVersion: 'test', host: hostname(), userName: 'gone', options: {} }));
  store.close(); // the crashed scan never releases its lock
  const scan = await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0']);
  assert.equal(scan.code, 0, scan.stderr);
  assert.match(
    scan.stderr,
    new RegExp(`took over the catalog lock of a stale scan \\(pid ${child.pid} on .* is gone\\)`),
  );
  const [old, taken] = scans(catalog);
  assert.equal(old?.status, 'interrupted');
  assert.equal(taken?.status, 'completed');
  const options = JSON.parse(taken?.options ?? '{}') as { lockTakeover?: { scanId: number; pid: number } };
  assert.deepEqual(
    { scanId: options.lockTakeover?.scanId, pid: options.lockTakeover?.pid },
    { scanId: 1, pid: child.pid },
  );
});
