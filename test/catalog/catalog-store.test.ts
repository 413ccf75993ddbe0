import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import type { AssetRecord, FindingRecord } from '../../src/catalog/catalog-records.js';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { MIGRATIONS } from '../../src/catalog/migrations/index.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-catalog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const asset = (fields: AssetRecord['fields']): AssetRecord => ({
  name: 'users',
  kind: 'table',
  status: 'committed',
  samplingMethod: 'full',
  rowsSampled: 10,
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:00:01.000Z',
  fields,
});
const emailField = {
  name: 'email',
  dataType: 'TEXT',
  position: 0,
  valuesSeen: 10,
  nonEmpty: 10,
  findings: [
    {
      path: '',
      type: 'email',
      detector: 'email',
      matched: 10,
      nonEmpty: 10,
      prevalence: 1,
      confidence: 1,
      label: 'is' as const,
      evidence: {},
    },
  ],
};

test('opening migrates once, in WAL mode; reopening is a no-op', () => {
  const path = join(dir, 'migrate.db');
  SqliteCatalogStore.open(path).close();
  const store = SqliteCatalogStore.open(path);
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.deepEqual(
    store.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all(),
    MIGRATIONS.map(({ version }) => ({ version })),
  );
  store.close();
});

test('a catalog written by an older piimap is migrated forward, keeping what it holds', () => {
  const path = join(dir, 'old.db');
  const old = new Database(path);
  old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  old.exec(MIGRATIONS[0]?.sql ?? '');
  old.prepare('INSERT INTO schema_migrations VALUES (1, ?)').run(new Date().toISOString());
  old.close();
  const store = SqliteCatalogStore.open(path);
  const scan = store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
  const source = store.source({ name: 's', kind: 'files', location: '/logs' });
  const objects = {
    objectCount: 3,
    totalBytes: 30,
    sampledKeys: ['a.log'],
    skipped: [],
    formats: ['text'],
    bytesRead: 30,
    incomplete: [],
    malformedRecords: 0,
  };
  store.recordAsset(scan, source, { ...asset([emailField]), objects });
  const [row] = store.db.prepare('SELECT objects FROM asset_scans').all() as { objects: string }[];
  assert.deepEqual(JSON.parse(row?.objects ?? 'null'), objects);
  store.close();
});

test('an asset that fails half-way leaves nothing of itself behind', () => {
  const store = SqliteCatalogStore.open(join(dir, 'atomic.db'));
  const scan = store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
  const source = store.source({ name: 's', kind: 'sqlite', location: '/x' });
  const broken = {
    ...emailField,
    name: 'phone',
    findings: [{ ...(emailField.findings[0] as FindingRecord), label: 'neither' as 'is' }],
  };
  assert.throws(
    () => store.recordAsset(scan, source, asset([emailField, broken])),
    /cannot record asset users/,
  );
  assert.deepEqual(store.db.prepare('SELECT count(*) AS n FROM findings').get(), { n: 0 });
  assert.deepEqual(store.db.prepare('SELECT count(*) AS n FROM asset_scans').get(), { n: 0 });
  store.recordAsset(scan, source, asset([emailField]));
  assert.deepEqual(store.db.prepare('SELECT field_id, type, confidence FROM current_findings').all(), [
    { field_id: 's.users.email', type: 'email', confidence: 1 },
  ]);
  store.close();
});

test('a failed rescan keeps the last committed findings current', () => {
  const store = SqliteCatalogStore.open(join(dir, 'failed-rescan.db'));
  const source = store.source({ name: 's', kind: 'sqlite', location: '/x' });
  const first = store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
  store.recordAsset(first, source, asset([emailField]));
  const second = store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
  store.recordAssetFailure(second, source, 'users', 'table', 'permission denied', '2026-11-23T11:00:00.000Z');
  assert.deepEqual(store.db.prepare('SELECT scan_id FROM current_findings').all(), [{ scan_id: first }]);
  store.close();
});

test('a catalog in a folder that does not exist is refused up front', () => {
  assert.throws(
    () => SqliteCatalogStore.open(join(dir, 'no/such/folder/x.db')),
    /does not exist or is not a folder/,
  );
});
