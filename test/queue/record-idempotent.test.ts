// The coordinator's writes are idempotent: recording an asset's record again for the same scan (a
// job collected twice — e.g. the coordinator died between writing it and removing it from Redis)
// replaces the (scan, asset) row, its fields' scans and their findings; nothing is doubled. A
// failure recorded first (an attempt before a retry) is replaced by the record.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AssetRecord, FieldRecord } from '../../src/catalog/catalog-records.js';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-record-idempotent-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function field(name: string, confidence: number): FieldRecord {
  return {
    name,
    dataType: 'text',
    position: 0,
    valuesSeen: 100,
    nonEmpty: 100,
    findings: ['email', 'person_name'].map((type) => ({
      path: '',
      type,
      detector: type,
      matched: 90,
      nonEmpty: 100,
      prevalence: 0.9,
      confidence,
      label: 'is' as const,
      evidence: { matched: 90 },
      examples: ['j***@***.com'],
    })),
  };
}

function record(confidence: number): AssetRecord {
  return {
    name: 'public.users',
    kind: 'table',
    status: 'committed',
    samplingMethod: 'full',
    rowsSampled: 100,
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:01.000Z',
    fields: [field('email', confidence), { ...field('contact', confidence), position: 1 }],
    fingerprint: 'f1',
    settingsHash: 'h1',
  };
}

function counts(store: SqliteCatalogStore, scanId: number) {
  const n = (sql: string) => (store.db.prepare(sql).get(scanId) as { n: number }).n;
  return {
    assetScans: n('SELECT COUNT(*) AS n FROM asset_scans WHERE scan_id = ?'),
    fieldScans: n('SELECT COUNT(*) AS n FROM field_scans WHERE scan_id = ?'),
    findings: n('SELECT COUNT(*) AS n FROM findings WHERE scan_id = ?'),
  };
}

test('recording the same asset twice in a scan replaces its row and findings', () => {
  const store = SqliteCatalogStore.open(join(dir, 'twice.db'));
  try {
    const scanId = store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
    const sourceId = store.source({ name: 'crm', kind: 'postgres', location: 'postgres://db/crm' });
    store.recordAsset(scanId, sourceId, record(0.9));
    const once = counts(store, scanId);
    assert.deepEqual(once, { assetScans: 1, fieldScans: 2, findings: 4 });

    store.recordAsset(scanId, sourceId, record(0.95));
    assert.deepEqual(counts(store, scanId), once);
    const confidences = store.db
      .prepare('SELECT DISTINCT confidence FROM findings WHERE scan_id = ?')
      .all(scanId) as { confidence: number }[];
    assert.deepEqual(confidences, [{ confidence: 0.95 }], 'the later write wins');
  } finally {
    store.close();
  }
});

test('a failure recorded before is replaced by the record', () => {
  const store = SqliteCatalogStore.open(join(dir, 'failed-then-done.db'));
  try {
    const scanId = store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
    const sourceId = store.source({ name: 'crm', kind: 'postgres', location: 'postgres://db/crm' });
    store.recordAssetFailure(
      scanId,
      sourceId,
      'public.users',
      'table',
      'connection reset',
      '2026-11-23T10:00:00.000Z',
    );
    store.recordAsset(scanId, sourceId, record(0.9));
    assert.deepEqual(counts(store, scanId), { assetScans: 1, fieldScans: 2, findings: 4 });
    const row = store.db.prepare('SELECT status, error FROM asset_scans WHERE scan_id = ?').get(scanId);
    assert.deepEqual(row, { status: 'committed', error: null });
  } finally {
    store.close();
  }
});
