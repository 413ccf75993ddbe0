// buildScanReport over catalogs written through SqliteCatalogStore (plus the migration-6 rows no
// store method writes yet): counts, the PII diff against the previous completed scan, failures,
// skipped assets, the schema; writeScanReport: whole file, owner-only.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import { type ScanReport, buildScanReport, writeScanReport } from '../../src/report/scan-report-file.js';
import { compileSchema, describeSchemaErrors } from '../../src/shared/json-schema.js';
import { asset, field, finding as baseFinding } from '../support/catalog-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Findings carry a masked example: the report must not. */
const finding = (type: string, confidence: number) => baseFinding(type, confidence, '', ['j***@***.com']);
const validate = compileSchema('scan-report.schema.json');
const assertValid = (report: ScanReport) =>
  assert.ok(validate(report), describeSchemaErrors(validate.errors ?? []).join('\n'));

/**
 * Scan 1 sees the estate. Scan 2 is interrupted, resumed, then stopped by the time budget: new PII,
 * one asset and one source fail, one asset is unchanged, one deferred. Scan 3 changes nothing, does
 * not reach the logs source, and records no listing count for db (its asset rows stand in).
 */
let store: SqliteCatalogStore;
let first: number;
let second: number;
let third: number;

before(() => {
  store = SqliteCatalogStore.open(join(dir, 'catalog.db'));
  const db = store.source({ name: 'db', kind: 'sqlite', location: '/x/db.sqlite' });
  const who = { piimapVersion: '0.1.0', host: 'h', userName: 'u', options: {} };
  const users2 = asset(
    'users',
    field('email', 0, finding('email', 0.95)),
    field('ssn', 1, finding('ssn', 0.2)),
    field('tags', 2, finding('phone', 0.9)),
    field('phone', 3, finding('phone', 0.9)),
  );
  const contacts = asset('contacts', field('name', 0), field('mail', 1, finding('email', 0.99)));

  first = store.startScan(who);
  store.sourceStarted(first, 'db', 'sqlite');
  store.sourceListed(first, 'db', 3);
  store.recordAsset(
    first,
    db,
    asset(
      'users',
      field('email', 0, finding('email', 0.95)),
      field('ssn', 1, finding('ssn', 0.9)),
      field('tags', 2, finding('email', 0.9)),
    ),
  );
  store.recordAsset(first, db, asset('orders', field('note', 0)));
  store.recordAsset(first, db, asset('legacy', field('fax', 0, finding('phone', 0.8))));
  store.sourceFinished(first, 'db', 'done');
  store.finishScan(first, 'completed');

  second = store.startScan({ ...who, configHash: 'sha256:abc' });
  store.sourceStarted(second, 'db', 'sqlite');
  store.sourceListed(second, 'db', 5);
  store.recordAsset(second, db, users2);
  store.finishScan(second, 'interrupted', 'SIGINT');
  store.resumeScan(second, { ...who, configHash: 'sha256:abc' });
  store.recordAsset(
    second,
    db,
    asset('contacts', field('name', 0), field('mail', 1, finding('email', 0.99))),
  );
  store.recordAssetFailure(
    second,
    db,
    'orders',
    'table',
    'orders: permission denied',
    '2026-11-23T10:00:00.000Z',
  );
  store.recordAssetSkipped(second, db, 'legacy', 'table', 'unchanged');
  store.recordAssetSkipped(second, db, 'archive', 'table', 'time-budget');
  store.sourceFinished(second, 'db', 'done');
  store.sourceStarted(second, 'logs', 'files');
  store.sourceFinished(second, 'logs', 'failed', 'logs: cannot list /var/log: permission denied');
  store.finishScan(second, 'interrupted', 'time-budget');

  third = store.startScan(who);
  store.sourceStarted(third, 'db', 'sqlite');
  store.recordAsset(third, db, users2);
  store.recordAsset(third, db, contacts);
  store.recordAssetSkipped(third, db, 'legacy', 'table', 'unchanged');
  store.sourceFinished(third, 'db', 'done');
  store.sourceStarted(third, 'logs', 'files');
  store.sourceFinished(third, 'logs', 'deferred');
  store.finishScan(third, 'completed');
});
after(() => store.close());

describe('buildScanReport', () => {
  test('the first scan: counts, no comparison, valid', () => {
    const report = buildScanReport(store, first, 0);
    assertValid(report);
    assert.equal(validate({ ...report, rawValues: ['x'] }), false, 'the schema admits no other keys');
    assert.equal(report.comparedWith, null);
    assert.deepEqual([report.newPii, report.changedPii, report.stoppedBeingPii], [[], [], []]);
    assert.deepEqual(report.counts, {
      assetsListed: 3,
      committed: 3,
      metadataOnly: 0,
      failed: 0,
      unchanged: 0,
      deferred: 0,
    });
    assert.equal(report.stopReason, null);
    assert.equal(report.configHash, null);
    assert.deepEqual([report.failures, report.skipped], [[], []]);
  });

  test('the second scan: who, when and why it stopped, counts per scan and source', () => {
    const report = buildScanReport(store, second, 1);
    assertValid(report);
    assert.deepEqual(
      {
        scanId: report.scanId,
        status: report.status,
        stopReason: report.stopReason,
        exitCode: report.exitCode,
        piimapVersion: report.piimapVersion,
        host: report.host,
        user: report.user,
        configHash: report.configHash,
        resumed: report.resumed,
      },
      {
        scanId: second,
        status: 'interrupted',
        stopReason: 'time-budget',
        exitCode: 1,
        piimapVersion: '0.1.0',
        host: 'h',
        user: 'u',
        configHash: 'sha256:abc',
        resumed: 1,
      },
    );
    assert.ok(report.durationMs !== null && report.durationMs >= 0);
    assert.equal(report.durationMs, Date.parse(report.finishedAt ?? '') - Date.parse(report.startedAt));
    assert.deepEqual(report.counts, {
      assetsListed: 5,
      committed: 2,
      metadataOnly: 0,
      failed: 1,
      unchanged: 1,
      deferred: 1,
    });
    assert.deepEqual(report.sources, [
      {
        source: 'db',
        kind: 'sqlite',
        status: 'done',
        assetsListed: 5,
        committed: 2,
        metadataOnly: 0,
        failed: 1,
        unchanged: 1,
        deferred: 1,
        error: null,
      },
      {
        source: 'logs',
        kind: 'files',
        status: 'failed',
        assetsListed: 0,
        committed: 0,
        metadataOnly: 0,
        failed: 0,
        unchanged: 0,
        deferred: 0,
        error: 'logs: cannot list /var/log: permission denied',
      },
    ]);
  });

  test('failures (the source-level one with a null asset) and skipped assets with their reason', () => {
    const report = buildScanReport(store, second, 1);
    assert.deepEqual(report.failures, [
      { source: 'db', asset: 'orders', error: 'orders: permission denied' },
      { source: 'logs', asset: null, error: 'logs: cannot list /var/log: permission denied' },
    ]);
    assert.deepEqual(report.skipped, [
      { source: 'db', asset: 'archive', reason: 'time-budget' },
      { source: 'db', asset: 'legacy', reason: 'unchanged' },
    ]);
  });

  test('new, changed and gone PII against the previous completed scan, as piimap diff sees it', () => {
    const report = buildScanReport(store, second, 1);
    assert.equal(report.comparedWith, first);
    assert.deepEqual(report.newPii, [
      {
        id: 'db.contacts.mail',
        source: 'db',
        asset: 'contacts',
        field: 'mail',
        types: ['email'],
        newField: true,
        newAsset: true,
      },
      {
        id: 'db.users.phone',
        source: 'db',
        asset: 'users',
        field: 'phone',
        types: ['phone'],
        newField: true,
        newAsset: false,
      },
    ]);
    assert.deepEqual(report.changedPii, [
      {
        id: 'db.users.tags',
        source: 'db',
        asset: 'users',
        field: 'tags',
        before: ['email'],
        after: ['phone'],
        added: ['phone'],
        removed: ['email'],
      },
    ]);
    assert.deepEqual(report.stoppedBeingPii, [
      {
        id: 'db.users.ssn',
        source: 'db',
        asset: 'users',
        field: 'ssn',
        types: ['ssn'],
        removedField: false,
        removedAsset: false,
      },
    ]);
  });

  test('the scan before counts whatever its status: nothing new after an interrupted scan', () => {
    const report = buildScanReport(store, third, 0);
    assertValid(report);
    assert.equal(report.comparedWith, second);
    assert.deepEqual([report.newPii, report.changedPii, report.stoppedBeingPii], [[], [], []]);
    assert.deepEqual(
      report.sources.map(({ source, status, assetsListed, committed }) => ({
        source,
        status,
        assetsListed,
        committed,
      })),
      [
        { source: 'db', status: 'done', assetsListed: 3, committed: 2 },
        { source: 'logs', status: 'deferred', assetsListed: 0, committed: 0 },
      ],
    );
  });

  test('no values: masked examples the catalog keeps stay out of the report', () => {
    assert.doesNotMatch(JSON.stringify(buildScanReport(store, second, 1)), /\*\*\*/);
  });

  test('a scan that is not in the catalog is named', () => {
    assert.throws(() => buildScanReport(store, 99, 0), /scan report: no scan 99 in /);
  });
});

describe('writeScanReport', () => {
  test('writes the whole report, owner-only, replacing an older one, leaving no temporary file', async () => {
    const folder = mkdtempSync(join(dir, 'out-'));
    const path = join(folder, 'report.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    const report = buildScanReport(store, second, 1);
    await writeScanReport(path, report);
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), report);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(folder), ['report.json']);
  });

  test('a folder that does not exist is a clear error', async () => {
    await assert.rejects(
      writeScanReport(join(dir, 'no/such/folder/report.json'), buildScanReport(store, first, 0)),
      /report .*report\.json: cannot write it \(.*ENOENT/,
    );
  });
});
