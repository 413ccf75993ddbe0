// `piimap prune --keep N`: older history goes, what the catalog says now (and what each kept scan
// says) stays: current findings (also an unchanged asset's from an old scan), reviews, running scans.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { fieldsAsOf } from '../../src/catalog/catalog-as-of.js';
import { currentFields } from '../../src/catalog/catalog-queries.js';
import type { AssetRecord } from '../../src/catalog/catalog-records.js';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { pruneScans, reclaimSpace } from '../../src/catalog/prune-scans.js';
import { ScanLock, currentProcess } from '../../src/catalog/scan-lock.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-prune-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const asset = (name: string, field: string, type: string): AssetRecord => ({
  name,
  kind: 'table',
  status: 'committed',
  samplingMethod: 'full',
  rowsSampled: 10,
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:00:01.000Z',
  fields: [
    {
      name: field,
      dataType: 'TEXT',
      position: 0,
      valuesSeen: 10,
      nonEmpty: 10,
      findings: [
        {
          path: '',
          type,
          detector: type,
          matched: 10,
          nonEmpty: 10,
          prevalence: 1,
          confidence: 1,
          label: 'is',
          evidence: {},
        },
      ],
    },
  ],
});
const scanRecord = { piimapVersion: 't', host: 'h', userName: 'u', options: {} };

/**
 * Six completed scans of source `s`: `users` (scanned every time), `orders` (scanned in scan 1, then
 * skipped as unchanged) and `logs` (failing in scan 5); a review of users.email made on scan 2. Scan
 * 1 also had a source `retired`, gone since.
 */
function catalog(name: string): string {
  const path = join(dir, name);
  const store = SqliteCatalogStore.open(path);
  const source = store.source({ name: 's', kind: 'sqlite', location: '/s.sqlite' });
  const skipped = store.db.prepare(
    `INSERT INTO asset_scans (scan_id, asset_id, status, skip_reason, started_at, finished_at)
     VALUES (?, (SELECT id FROM assets WHERE name = 'orders'), 'skipped', 'unchanged', ?, ?)`,
  );
  for (let i = 1; i <= 6; i++) {
    const scan = store.startScan(scanRecord);
    store.sourceStarted(scan, 's', 'sqlite');
    if (i === 1) store.sourceStarted(scan, 'retired', 'sqlite'); // never scanned again
    store.recordAsset(scan, source, asset('users', 'email', 'email'));
    if (i === 1) store.recordAsset(scan, source, asset('orders', 'note', 'iban'));
    else skipped.run(scan, '2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z');
    if (i === 5) store.recordAssetFailure(scan, source, 'logs', 'table', 'permission denied', '2026-11-23');
    else store.recordAsset(scan, source, asset('logs', 'msg', 'phone'));
    store.finishScan(scan, 'completed');
    if (i === 2) {
      store.recordReview({
        fieldId: store.fieldId('s', 'users', 'email') as number,
        path: '',
        type: 'email',
        decision: 'confirmed',
        reviewer: 'ana',
        scanId: scan,
        detector: 'email',
        prevalence: 1,
        confidence: 1,
      });
    }
  }
  store.close();
  return path;
}

/** Everything the catalog says now and as of scans 5 and 6, the scans `--keep 2` keeps. */
function views(store: SqliteCatalogStore): unknown {
  return {
    current: store.db.prepare('SELECT * FROM current_findings ORDER BY field_id, detector').all(),
    fields: currentFields(store),
    asOf5: fieldsAsOf(store, 5),
    asOf6: fieldsAsOf(store, 6),
    reviews: store.db.prepare('SELECT * FROM reviews ORDER BY id').all(),
  };
}

function withStore<T>(path: string, work: (store: SqliteCatalogStore) => T): T {
  const store = SqliteCatalogStore.open(path);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

const findingScans = (store: SqliteCatalogStore, assetName: string): number[] =>
  store.db
    .prepare(
      `SELECT fi.scan_id FROM findings fi JOIN fields f ON f.id = fi.field_id JOIN assets a ON a.id = f.asset_id
       WHERE a.name = ? ORDER BY fi.scan_id`,
    )
    .pluck()
    .all(assetName) as number[];

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [stdout, stderr] = [new PassThrough(), new PassThrough()];
  let [out, err] = ['', ''];
  stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const code = await main(['node', 'piimap', ...args], {
    stdin: Readable.from([]),
    stdout,
    stderr,
    stdoutIsTTY: false,
  });
  return { code, stdout: out, stderr: err };
}

test('prune keeps the current findings, each kept scan, reviews and an unchanged asset’s old findings', () => {
  const path = catalog('prune.db');
  withStore(path, (store) => {
    const before = views(store);
    const result = pruneScans(store, { keep: 2 });
    assert.deepEqual(result, {
      dryRun: false,
      keep: 2,
      kept: { count: 2, first: 5, last: 6 },
      // 1: orders' findings (skipped as unchanged ever since) and the latest record of source
      // `retired`; 4: logs' findings, which scan 5 (failing on logs) carries over.
      stillInUse: [1, 4],
      reviewed: [2],
      running: [],
      // Scans 1–4: users, logs but scan 4's, orders skipped in 2–4.
      deleted: { scans: 1, assetScans: 10, fieldScans: 7, findings: 7, scanSources: 4 },
    });
    assert.deepEqual(views(store), before);
    assert.deepEqual(store.db.prepare('SELECT id FROM scans ORDER BY id').pluck().all(), [1, 2, 4, 5, 6]);
    assert.deepEqual(findingScans(store, 'users'), [5, 6]);
    assert.deepEqual(findingScans(store, 'logs'), [4, 6]);
    assert.deepEqual(findingScans(store, 'orders'), [1]);
    assert.deepEqual(
      store.db.prepare('SELECT scan_id, source FROM scan_sources ORDER BY scan_id, source').all(),
      [
        { scan_id: 1, source: 'retired' },
        { scan_id: 5, source: 's' },
        { scan_id: 6, source: 's' },
      ],
    );
    assert.deepEqual(
      store.db.prepare("SELECT scan_id FROM current_findings WHERE asset = 'orders'").pluck().all(),
      [1],
    );
    // Pruning again with the same N finds nothing more to delete.
    assert.deepEqual(pruneScans(store, { keep: 2 }).deleted, {
      scans: 0,
      assetScans: 0,
      fieldScans: 0,
      findings: 0,
      scanSources: 0,
    });
    assert.deepEqual(reclaimSpace(store), { vacuumed: true, walTruncated: true, notes: [] });
    assert.deepEqual(views(store), before);
  });
});

test('an asset gone from its source stays gone as of the kept scans', () => {
  const path = join(dir, 'gone.db');
  withStore(path, (store) => {
    const source = store.source({ name: 's', kind: 'sqlite', location: '/s.sqlite' });
    const scan = (status: 'completed' | 'interrupted', assets: string[]) => {
      const id = store.startScan(scanRecord);
      for (const name of assets) store.recordAsset(id, source, asset(name, 'email', 'email'));
      store.finishScan(id, status);
    };
    scan('completed', ['a', 'b']);
    scan('completed', ['a']); // b is gone from the source
    scan('interrupted', ['a']);
    scan('interrupted', []);
    const asOf4 = fieldsAsOf(store, 4);
    assert.deepEqual(
      asOf4.map((f) => f.asset),
      ['a'],
    );
    const result = pruneScans(store, { keep: 1 });
    // 1: b's last findings (current: nothing rescanned it); 2: the listing without b; 3: a's findings.
    assert.deepEqual(result.stillInUse, [1, 2, 3]);
    assert.deepEqual(fieldsAsOf(store, 4), asOf4);
    assert.deepEqual(findingScans(store, 'a'), [2, 3]);
  });
});

test('a dry run counts exactly what prune deletes, and deletes nothing', () => {
  const path = catalog('dry-run.db');
  withStore(path, (store) => {
    const count = () => store.db.prepare('SELECT COUNT(*) FROM findings').pluck().get();
    const findings = count();
    const dry = pruneScans(store, { keep: 3, dryRun: true });
    assert.equal(count(), findings);
    const real = pruneScans(store, { keep: 3 });
    assert.deepEqual({ ...dry, dryRun: false }, real);
    assert.equal(count(), (findings as number) - real.deleted.findings);
  });
});

test('--keep larger than the number of scans deletes nothing', () => {
  const path = catalog('keep-all.db');
  withStore(path, (store) => {
    const before = store.db.prepare('SELECT * FROM findings ORDER BY id').all();
    const result = pruneScans(store, { keep: 10 });
    assert.deepEqual(result.kept, { count: 6, first: 1, last: 6 });
    assert.deepEqual(result.deleted, { scans: 0, assetScans: 0, fieldScans: 0, findings: 0, scanSources: 0 });
    assert.deepEqual(store.db.prepare('SELECT * FROM findings ORDER BY id').all(), before);
  });
});

test('a running scan older than the kept ones is never pruned', () => {
  const path = join(dir, 'running.db');
  withStore(path, (store) => {
    const source = store.source({ name: 's', kind: 'sqlite', location: '/s.sqlite' });
    const running = store.startScan(scanRecord);
    store.recordAsset(running, source, asset('users', 'email', 'email'));
    for (let i = 0; i < 2; i++) {
      const scan = store.startScan(scanRecord);
      store.recordAsset(scan, source, asset('users', 'email', 'email'));
      store.finishScan(scan, 'completed');
    }
    const result = pruneScans(store, { keep: 1 });
    assert.deepEqual(result.running, [running]);
    assert.equal(result.deleted.scans, 1);
    assert.deepEqual(findingScans(store, 'users'), [running, 3]);
  });
});

test('VACUUM is skipped with a note while another connection writes', () => {
  const path = catalog('busy.db');
  withStore(path, (store) => {
    pruneScans(store, { keep: 1 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      store.db.pragma('busy_timeout = 50');
      const result = reclaimSpace(store);
      assert.equal(result.vacuumed, false);
      assert.match(result.notes[0] ?? '', /^VACUUM skipped: another connection is writing the catalog/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

test('piimap prune: text and JSON summaries, --dry-run, and --keep checked', async () => {
  const path = catalog('cli.db');
  const dry = await cli(['prune', '--keep', '2', '--catalog', path, '--dry-run']);
  assert.deepEqual(dry, {
    code: 0,
    stdout:
      'would prune 1 scan (7 findings); kept scans 5–6 and 2 older scans still in use; ' +
      '1 older scan kept for reviews (findings pruned)\n',
    stderr: '',
  });
  const run = await cli(['prune', '--keep', '2', '--catalog', path, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(json.deleted, { scans: 1, assetScans: 10, fieldScans: 7, findings: 7, scanSources: 4 });
  assert.deepEqual(json.space, { vacuumed: true, walTruncated: true, notes: [] });
  for (const keep of ['0', '-1', '1.5', 'all']) {
    const bad = await cli(['prune', '--keep', keep, '--catalog', path]);
    assert.equal(bad.code, 2, keep);
    assert.match(bad.stderr, new RegExp(`^piimap: --keep: "${keep.replace('.', '\\.')}" is not a positive`));
  }
  assert.equal((await cli(['prune', '--catalog', path])).code, 2);
});

test('piimap prune while a scan holds the catalog exits 3 and deletes nothing', async () => {
  const path = catalog('locked.db');
  const store = SqliteCatalogStore.open(path);
  const lock = ScanLock.acquire(store, currentProcess(), { heartbeatEveryMs: 0 });
  try {
    const findings = store.db.prepare('SELECT COUNT(*) FROM findings').pluck().get();
    const result = await cli(['prune', '--keep', '1', '--catalog', path]);
    assert.equal(result.code, 3);
    assert.match(
      result.stderr,
      /^piimap: catalog .*locked\.db: another piimap \(a scan starting, or a prune\) is writing it \(pid /,
    );
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM findings').pluck().get(), findings);
  } finally {
    lock.release();
    store.close();
  }
  assert.equal((await cli(['prune', '--keep', '1', '--catalog', path])).code, 0);
});
