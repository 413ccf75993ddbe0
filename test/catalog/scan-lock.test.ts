// The catalog's one-writer lock: refusal naming the holder, takeover of dead or stale locks,
// a real race between processes, and reviews written while a scan holds the lock.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { ScanLock, type ScanLockHolder } from '../../src/catalog/scan-lock.js';
import { CatalogLockedError } from '../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-scan-lock-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let catalogs = 0;
const openCatalog = () => SqliteCatalogStore.open(join(dir, `catalog-${++catalogs}.db`));
const me: ScanLockHolder = { pid: process.pid, host: hostname(), user: 'tester' };
const quiet = { heartbeatEveryMs: 0 };

function startScan(store: SqliteCatalogStore): number {
  return store.startScan({ piimapVersion: 'test', host: hostname(), userName: 'tester', options: {} });
}

function scanRow(store: SqliteCatalogStore, id: number): { status: string; options: string } {
  return store.db.prepare('SELECT status, options FROM scans WHERE id = ?').get(id) as {
    status: string;
    options: string;
  };
}

function lockedBy(fn: () => unknown): CatalogLockedError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CatalogLockedError, String(error));
    assert.equal(error.code, 'LOCKED');
    return error;
  }
  assert.fail('expected CatalogLockedError');
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(child.pid !== undefined);
  return child.pid;
}

test('acquire, attach and release; after release the next scan gets the lock', () => {
  const store = openCatalog();
  const lock = ScanLock.acquire(store, me, quiet);
  assert.equal(lock.takenOver, undefined);
  const scanId = startScan(store);
  lock.attach(scanId);
  const row = store.db.prepare('SELECT scan_id, pid, host, user_name FROM scan_lock').get();
  assert.deepEqual(row, { scan_id: scanId, pid: process.pid, host: hostname(), user_name: 'tester' });
  store.finishScan(scanId, 'completed');
  assert.equal(lock.release(), true);
  assert.equal((store.db.prepare('SELECT COUNT(*) AS n FROM scan_lock').get() as { n: number }).n, 0);
  assert.equal(scanRow(store, scanId).status, 'completed');
  ScanLock.acquire(store, me, quiet).release();
  store.close();
});

test('a second acquire is refused, naming the holder: scan, pid, host, user, since, heartbeat', () => {
  const store = openCatalog();
  const lock = ScanLock.acquire(store, { ...me, user: 'alice' }, quiet);
  lock.attach(startScan(store));
  const other = SqliteCatalogStore.open(store.path);
  const error = lockedBy(() => ScanLock.acquire(other, me, quiet));
  assert.equal(error.holder.scanId, 1);
  assert.equal(error.holder.pid, process.pid);
  assert.match(
    error.message,
    new RegExp(
      `^catalog .*catalog-\\d+\\.db: scan 1 is writing it \\(pid ${process.pid} on ${hostname()}, user alice, ` +
        'since \\d{4}-\\d\\d-\\d\\dT[^,]+, last heartbeat \\d{4}-[^,]+, \\d+ m?s ago\\); wait for it to finish',
    ),
  );
  other.close();
  lock.release();
  store.close();
});

test('a live pid on this host with a fresh heartbeat is refused, however old the lock', async () => {
  const store = openCatalog();
  const lock = ScanLock.acquire(store, me, quiet);
  await sleep(60);
  lock.heartbeat();
  lockedBy(() => ScanLock.acquire(store, me, { ...quiet, staleAfterMs: 50 }));
  lock.release();
  store.close();
});

test('a lock whose pid is gone on this host is taken over; its running scan is marked interrupted', async () => {
  const store = openCatalog();
  const pid = await deadPid();
  const crashed = ScanLock.acquire(store, { ...me, pid }, quiet);
  const oldScan = startScan(store);
  crashed.attach(oldScan);
  // The crashed scan's heartbeat is fresh: the dead pid alone decides.
  const lock = ScanLock.acquire(store, me, quiet);
  assert.equal(lock.takenOver?.scanId, oldScan);
  assert.equal(lock.takenOver?.pid, pid);
  assert.match(lock.takenOver?.reason ?? '', new RegExp(`pid ${pid} on .* is gone`));
  assert.equal(scanRow(store, oldScan).status, 'interrupted');
  const newScan = startScan(store);
  lock.attach(newScan);
  const options = JSON.parse(scanRow(store, newScan).options) as { lockTakeover?: { scanId: number } };
  assert.equal(options.lockTakeover?.scanId, oldScan);
  // The old holder, should it come back, cannot beat or release the new holder's lock.
  assert.equal(crashed.heartbeat(), false);
  assert.equal(crashed.release(), false);
  lockedBy(() => ScanLock.acquire(store, me, quiet));
  lock.release();
  store.close();
});

test('a live pid on another host is taken over once its heartbeat passes the stale limit', async () => {
  const store = openCatalog();
  const elsewhere = ScanLock.acquire(store, { ...me, host: 'elsewhere.example' }, quiet);
  const scanId = startScan(store);
  elsewhere.attach(scanId);
  lockedBy(() => ScanLock.acquire(store, me, { ...quiet, staleAfterMs: 100 }));
  await sleep(150);
  const lock = ScanLock.acquire(store, me, { ...quiet, staleAfterMs: 100 });
  assert.equal(lock.takenOver?.host, 'elsewhere.example');
  assert.match(lock.takenOver?.reason ?? '', /last heartbeat is \d+ ms old \(stale after 100 ms\)/);
  assert.equal(scanRow(store, scanId).status, 'interrupted');
  lock.release();
  store.close();
});

test('the heartbeat timer keeps the lock fresh', async () => {
  const store = openCatalog();
  const lock = ScanLock.acquire(store, { ...me, host: 'elsewhere.example' }, { heartbeatEveryMs: 20 });
  await sleep(200);
  lockedBy(() => ScanLock.acquire(store, me, { ...quiet, staleAfterMs: 100 }));
  lock.release();
  store.close();
});

test('release marks a scan that never finished interrupted', () => {
  const store = openCatalog();
  const lock = ScanLock.acquire(store, me, quiet);
  const scanId = startScan(store);
  lock.attach(scanId);
  lock.release();
  assert.equal(scanRow(store, scanId).status, 'interrupted');
  store.close();
});

test('processes racing for the lock: exactly one wins', async () => {
  const path = join(dir, 'race.db');
  SqliteCatalogStore.open(path).close();
  const moduleUrl = (file: string) =>
    pathToFileURL(join(import.meta.dirname, '../../src/catalog', file)).href;
  // Each racer names this test process as the holder, so the winner's lock stays live after it exits.
  const racer = `
    import { hostname } from 'node:os';
    import { SqliteCatalogStore } from '${moduleUrl('catalog-store.ts')}';
    import { ScanLock } from '${moduleUrl('scan-lock.ts')}';
    const store = SqliteCatalogStore.open(${JSON.stringify(path)});
    process.stdout.write('ready\\n');
    process.stdin.once('data', () => {
      let result = 'won';
      try {
        ScanLock.acquire(store, { pid: process.ppid, host: hostname(), user: 'racer' }, { heartbeatEveryMs: 0 });
      } catch (error) {
        result = error.code;
      }
      store.close();
      process.stdout.write(result + '\\n');
      process.exit(0);
    });`;
  const racers = Array.from({ length: 6 }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', racer], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const ready = new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.startsWith('ready\n')) resolve();
      }),
    );
    const done = new Promise<string>((resolve) => child.on('close', () => resolve(out)));
    return { child, ready, done };
  });
  await Promise.all(racers.map((r) => r.ready));
  for (const { child } of racers) child.stdin.write('go\n');
  const results = (await Promise.all(racers.map((r) => r.done))).map((out) => out.split('\n')[1]);
  assert.deepEqual(results.toSorted(), ['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED', 'LOCKED', 'won']);
});

test('reviews are written, and the catalog read, while a scan holds the lock', () => {
  const store = openCatalog();
  const lock = ScanLock.acquire(store, me, quiet);
  const scanId = startScan(store);
  lock.attach(scanId);
  const sourceId = store.source({ name: 'app', kind: 'sqlite', location: 'app.sqlite' });
  store.recordAsset(scanId, sourceId, {
    name: 'users',
    kind: 'table',
    status: 'committed',
    samplingMethod: 'full',
    rowsSampled: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    fields: [{ name: 'email', dataType: 'TEXT', position: 0, valuesSeen: 1, nonEmpty: 1, findings: [] }],
  });
  const reviewer = SqliteCatalogStore.open(store.path);
  const fieldId = reviewer.fieldId('app', 'users', 'email');
  assert.ok(fieldId !== undefined);
  reviewer.recordReview({
    fieldId,
    path: '',
    type: 'email',
    decision: 'confirmed',
    reviewer: 'bob',
    scanId,
    detector: null,
    prevalence: null,
    confidence: null,
  });
  reviewer.close();
  const reader = SqliteCatalogStore.open(store.path, { readonly: true });
  assert.equal((reader.db.prepare('SELECT COUNT(*) AS n FROM reviews').get() as { n: number }).n, 1);
  reader.close();
  lock.release();
  store.close();
});
