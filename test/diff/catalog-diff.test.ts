// fieldsAsOf + diffCatalogs over a catalog written through SqliteCatalogStore across scans:
// fields that become or stop being PII, type and band changes, new and removed assets and fields,
// and the assets that carry over (skipped, failed, or a source the later scan did not reach).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fieldsAsOf } from '../../src/catalog/catalog-as-of.js';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { type CatalogDiff, diffCatalogs, hasNewPii } from '../../src/diff/catalog-diff.js';
import { asset, field, finding } from '../support/catalog-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-diff-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Scan 1 and 2 see the same estate; scan 3 is where things change. */
const users1 = asset(
  'users',
  field('email', 0, finding('email', 0.95)),
  field('notes', 1, finding('email', 0.3)),
  field('phone', 2, finding('phone', 0.6)),
  field('ssn', 3, finding('ssn', 0.9)),
  field('tags', 4, finding('email', 0.9)),
  field('profile', 5),
  field('legacy_note', 6, finding('person_name', 0.7)),
);
const users3 = asset(
  'users',
  field('email', 0, finding('email', 0.95)),
  field('notes', 1, finding('email', 0.7), { ...finding('email', 0.3), detector: 'email-name' }),
  field('phone', 2, finding('phone', 0.85)),
  field('ssn', 3, finding('ssn', 0.2)),
  field('tags', 4, finding('phone', 0.9), finding('email', 0.4)),
  field('profile', 5, finding('email', 0.9, '$.contact.email'), finding('ip_address', 0.6, '$.seen[*].ip')),
  field('backup_email', 7, finding('email', 0.99)),
  field('comment', 8),
);

let path: string;
const scans: number[] = [];

before(() => {
  path = join(dir, 'catalog.db');
  const store = SqliteCatalogStore.open(path);
  const db = store.source({ name: 'db', kind: 'sqlite', location: '/x/db.sqlite' });
  const logs = store.source({ name: 'logs', kind: 'files', location: '/var/log' });
  const start = () => store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
  for (let i = 0; i < 2; i++) {
    const scan = start();
    store.recordAsset(scan, db, users1);
    store.recordAsset(scan, db, asset('orders', field('id', 0)));
    store.recordAsset(scan, db, asset('legacy', field('name', 0, finding('person_name', 0.9))));
    store.recordAsset(scan, db, asset('archive', field('card', 0, finding('credit_card', 0.99))));
    store.recordAsset(scan, db, asset('flaky', field('contact', 0, finding('email', 0.9))));
    store.recordAsset(scan, logs, { ...asset('app.log*', field('$text', 0, finding('ip_address', 0.8))) });
    store.finishScan(scan, 'completed');
    scans.push(scan);
  }
  // Scan 3: the logs source is not reached; `legacy` is gone from the listing; `archive` is skipped
  // as unchanged; `flaky` fails; `payments` is new.
  const third = start();
  store.recordAsset(third, db, users3);
  store.recordAsset(third, db, asset('orders', field('id', 0)));
  store.recordAsset(
    third,
    db,
    asset('payments', field('iban', 0, finding('iban', 0.97)), field('amount', 1)),
  );
  store.recordAssetFailure(third, db, 'flaky', 'table', 'permission denied', '2026-11-23T12:00:00.000Z');
  store.db
    .prepare(
      `INSERT INTO asset_scans (scan_id, asset_id, status, started_at, finished_at)
       VALUES (?, (SELECT id FROM assets WHERE name = 'archive'), 'skipped', ?, ?)`,
    )
    .run(third, '2026-11-23T12:00:00.000Z', '2026-11-23T12:00:00.000Z');
  store.finishScan(third, 'completed-with-errors');
  scans.push(third);
  // Scan 4 is interrupted after one asset: it lists nothing, so nothing it did not reach is removed.
  const fourth = start();
  store.recordAsset(fourth, db, asset('orders', field('id', 0)));
  store.finishScan(fourth, 'interrupted');
  scans.push(fourth);
  // Scan 5 lists the source again without `legacy`: it was removed in scan 3 and stays gone.
  const fifth = start();
  store.recordAsset(fifth, db, users3);
  store.recordAsset(fifth, db, asset('orders', field('id', 0)));
  store.recordAsset(
    fifth,
    db,
    asset('payments', field('iban', 0, finding('iban', 0.97)), field('amount', 1)),
  );
  store.recordAsset(fifth, db, asset('archive', field('card', 0, finding('credit_card', 0.99))));
  store.recordAsset(fifth, db, asset('flaky', field('contact', 0, finding('email', 0.9))));
  store.finishScan(fifth, 'completed');
  scans.push(fifth);
  store.close();
});

function diffBetween(from: number, to: number): CatalogDiff {
  const store = SqliteCatalogStore.open(path, { readonly: true });
  try {
    return diffCatalogs(fieldsAsOf(store, from), fieldsAsOf(store, to));
  } finally {
    store.close();
  }
}

function asOf(scan: number) {
  const store = SqliteCatalogStore.open(path, { readonly: true });
  try {
    return fieldsAsOf(store, scan);
  } finally {
    store.close();
  }
}

describe('fieldsAsOf', () => {
  test('each asset as its latest committed scan at or before the scan left it', () => {
    const [, second, third] = scans as [number, number, number];
    const fields = asOf(third);
    const scanOf = (id: string) => fields.find((f) => `${f.source}.${f.asset}.${f.field}` === id)?.scanId;
    assert.equal(scanOf('db.users.email'), third);
    assert.equal(scanOf('db.archive.card'), second, 'skipped in scan 3: carried over');
    assert.equal(scanOf('db.flaky.contact'), second, 'failed in scan 3: carried over');
    assert.equal(scanOf('logs.app.log*.$text'), second, 'source not reached in scan 3: carried over');
    assert.equal(scanOf('db.legacy.name'), undefined, 'not in scan 3 listing of db: gone');
    assert.equal(scanOf('db.users.legacy_note'), undefined, 'a column scan 3 did not see: gone');
    assert.deepEqual(
      fields.find((f) => f.field === 'profile')?.findings.map((f) => f.path),
      ['$.contact.email', '$.seen[*].ip'],
    );
    // As of scan 1, scan 2's and 3's findings do not exist yet.
    assert.ok(asOf(scans[0] as number).every((f) => f.scanId === scans[0]));
  });

  test('an interrupted scan is no listing: what it did not reach stays', () => {
    const fourth = asOf(scans[3] as number);
    const third = asOf(scans[2] as number);
    assert.deepEqual(
      fourth.map((f) => `${f.source}.${f.asset}.${f.field}`),
      third.map((f) => `${f.source}.${f.asset}.${f.field}`),
    );
    assert.equal(fourth.find((f) => f.asset === 'orders')?.scanId, scans[3]);
  });
});

describe('diffCatalogs', () => {
  test('two scans of an unchanged estate: no changes, no new PII', () => {
    const diff = diffBetween(scans[0] as number, scans[1] as number);
    assert.ok(Object.values(diff).every((list: unknown[]) => list.length === 0));
    assert.equal(hasNewPii(diff), false);
  });

  test('scan 2 → 3: every kind of change, in order', () => {
    const diff = diffBetween(scans[1] as number, scans[2] as number);
    const ids = (list: { id: string }[]) => list.map((x) => x.id);
    assert.deepEqual(
      diff.becamePii.map(({ id, types, newField }) => ({ id, types, newField })),
      [
        { id: 'db.users.backup_email', types: ['email'], newField: true },
        { id: 'db.users.notes', types: ['email'], newField: false },
        { id: 'db.users.profile', types: ['email', 'ip_address'], newField: false },
      ],
    );
    assert.deepEqual(
      diff.stoppedBeingPii.map(({ id, types, removedField }) => ({ id, types, removedField })),
      [
        { id: 'db.users.legacy_note', types: ['person_name'], removedField: true },
        { id: 'db.users.ssn', types: ['ssn'], removedField: false },
      ],
    );
    assert.deepEqual(
      diff.typeChanged.map(({ id, before, after, added, removed }) => ({
        id,
        before,
        after,
        added,
        removed,
      })),
      [{ id: 'db.users.tags', before: ['email'], after: ['phone'], added: ['phone'], removed: ['email'] }],
    );
    assert.deepEqual(diff.confidenceBand, [
      {
        id: 'db.users.phone',
        source: 'db',
        asset: 'users',
        field: 'phone',
        type: 'phone',
        before: { band: 'medium', confidence: 0.6 },
        after: { band: 'high', confidence: 0.85 },
      },
    ]);
    assert.deepEqual(diff.newAssets, [
      {
        id: 'db.payments',
        source: 'db',
        asset: 'payments',
        fields: 2,
        pii: [{ id: 'db.payments.iban', source: 'db', asset: 'payments', field: 'iban', types: ['iban'] }],
      },
    ]);
    assert.deepEqual(ids(diff.removedAssets), ['db.legacy']);
    assert.deepEqual(
      diff.removedAssets[0]?.pii.map((f) => f.types),
      [['person_name']],
    );
    assert.deepEqual(ids(diff.newFields), ['db.users.backup_email', 'db.users.comment']);
    assert.deepEqual(ids(diff.removedFields), ['db.users.legacy_note']);
    assert.equal(hasNewPii(diff), true);
  });

  test('skipped, failed and unreached assets carry over: neither removed nor changed', () => {
    const diff = diffBetween(scans[1] as number, scans[2] as number);
    const assets = [...diff.newAssets, ...diff.removedAssets].map((a) => a.asset);
    for (const name of ['archive', 'flaky', 'app.log*']) assert.ok(!assets.includes(name), name);
    const fields = [...diff.becamePii, ...diff.stoppedBeingPii, ...diff.removedFields].map((f) => f.asset);
    for (const name of ['archive', 'flaky', 'app.log*']) assert.ok(!fields.includes(name), name);
  });

  test('a removal is reported once: scan 3 → 5 does not remove legacy again', () => {
    const diff = diffBetween(scans[2] as number, scans[4] as number);
    assert.ok(Object.values(diff).every((list: unknown[]) => list.length === 0));
    // Scan 1 → 5 spans the removal.
    assert.deepEqual(
      diffBetween(scans[0] as number, scans[4] as number).removedAssets.map((a) => a.id),
      ['db.legacy'],
    );
  });

  test('the order of the input does not change the output', () => {
    const store = SqliteCatalogStore.open(path, { readonly: true });
    const before = fieldsAsOf(store, scans[1] as number);
    const afterFields = fieldsAsOf(store, scans[2] as number);
    store.close();
    assert.deepEqual(
      diffCatalogs([...before].reverse(), [...afterFields].reverse()),
      diffCatalogs(before, afterFields),
    );
  });

  test('a new asset without PII is no new PII', () => {
    const diff = diffCatalogs(
      [],
      [
        {
          source: 's',
          asset: 'a',
          field: 'f',
          dataType: 'TEXT',
          scanId: 1,
          scannedAt: '',
          samplingMethod: 'full',
          valuesSeen: 1,
          nonEmpty: 1,
          skipped: null,
          objects: null,
          findings: [],
        },
      ],
    );
    assert.equal(diff.newAssets.length, 1);
    assert.equal(hasNewPii(diff), false);
  });
});

test('reviews apply to both scans: a false positive rejected after the later scan is no new PII', () => {
  const store = SqliteCatalogStore.open(join(dir, 'reviewed.db'));
  const db = store.source({ name: 'db', kind: 'sqlite', location: '/x/db.sqlite' });
  const start = () => store.startScan({ piimapVersion: 't', host: 'h', userName: 'u', options: {} });
  const first = start();
  store.recordAsset(first, db, asset('parts', field('code', 0), field('owner', 1, finding('email', 0.9))));
  store.finishScan(first, 'completed');
  const second = start();
  store.recordAsset(
    second,
    db,
    asset('parts', field('code', 0, finding('ssn', 0.7)), field('owner', 1, finding('email', 0.9))),
  );
  store.finishScan(second, 'completed');
  const diff = () => diffCatalogs(fieldsAsOf(store, first), fieldsAsOf(store, second));
  assert.deepEqual(
    diff().becamePii.map((f) => f.id),
    ['db.parts.code'],
  );
  store.recordReview({
    fieldId: store.fieldId('db', 'parts', 'code') as number,
    path: '',
    type: 'ssn',
    decision: 'rejected',
    reviewer: 'ana',
    scanId: second,
    detector: 'ssn',
    prevalence: 0.5,
    confidence: 0.7,
  });
  store.recordReview({
    fieldId: store.fieldId('db', 'parts', 'owner') as number,
    path: '',
    type: 'email',
    decision: 'retyped',
    newType: 'work_email',
    reviewer: 'ana',
    scanId: second,
    detector: 'email',
    prevalence: 0.5,
    confidence: 0.9,
  });
  const reviewed = diff();
  assert.equal(hasNewPii(reviewed), false);
  assert.ok(Object.values(reviewed).every((list: unknown[]) => list.length === 0));
  assert.equal(
    fieldsAsOf(store, first).find((f) => f.field === 'owner')?.findings[0]?.review?.type,
    'work_email',
  );
  store.close();
});
