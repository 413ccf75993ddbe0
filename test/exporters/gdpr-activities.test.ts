// Processing activities: the ajv-checked file (every problem with its JSON path), asset globs, and
// the join into Article 30 records plus the unmapped assets.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadDetectors } from '../../src/detection/detector-loader.js';
import { activityCovers, globMatches, loadActivities } from '../../src/exporters/gdpr-activities.js';
import { gdprDataMap } from '../../src/exporters/gdpr-data-map.js';
import type { GdprDataMap } from '../../src/exporters/gdpr-records.js';
import { ConfigError } from '../../src/shared/errors.js';
import { ACTIVITIES, FIELDS, HEALTH_DETECTOR, SOURCES } from '../../fixtures/gdpr/gdpr-estate.js';

const FIXTURES = new URL('../../fixtures/gdpr/', import.meta.url).pathname;
let dir: string;
let map: GdprDataMap;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-gdpr-'));
  const detectors = [...(await loadDetectors()).map((d) => d.definition), HEALTH_DETECTOR];
  map = gdprDataMap(FIELDS, detectors, SOURCES, ACTIVITIES);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('loadActivities', () => {
  test('reads a valid file; transfers default to none', async () => {
    const file = await loadActivities(join(FIXTURES, 'shop-activities.json'));
    assert.deepEqual(
      file.activities.map((a) => [a.id, a.lawfulBasis, a.transfers.length]),
      [
        ['customer-accounts', 'contract', 1],
        ['customer-support', 'legitimate-interests', 0],
        ['newsletter', 'consent', 0],
      ],
    );
    assert.equal(file.controller?.name, 'Demo Shop GmbH');
  });

  test('an invalid file: one ConfigError naming every problem by its JSON path', async () => {
    const file = join(FIXTURES, 'invalid-activities.json');
    await assert.rejects(loadActivities(file), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.code, 'CONFIG');
      const lines = error.message.split('\n').map((line) => line.trim());
      assert.match(lines[0] ?? '', /^activities .*invalid-activities\.json: 8 problem\(s\):$/);
      for (const expected of [
        'controller: missing required key "name"',
        'activities[0].dataSubjects: must NOT have fewer than 1 items',
        'activities[0].transfers[0].country: must match pattern "^[A-Z]{2}$"',
        'activities[1]: missing required key "retention"',
        'activities[1]: unknown key "purpse"; did you mean "purpose"?',
        'activities[1].id: "billing" is also the id of activities[0]',
      ]) {
        assert.ok(lines.includes(expected), `${expected}\nin:\n${error.message}`);
      }
      assert.ok(
        lines.some((l) =>
          l.startsWith('activities[0].lawfulBasis: must be equal to one of the allowed values'),
        ),
      );
      return true;
    });
  });

  test('a missing file or bad JSON is a ConfigError too', async () => {
    await assert.rejects(
      loadActivities(join(dir, 'nope.json')),
      /activities .*nope\.json: cannot read it \(ENOENT\)/,
    );
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "activities": [ }');
    await assert.rejects(
      loadActivities(bad),
      (e: unknown) => e instanceof ConfigError && /not valid JSON/.test(e.message),
    );
  });
});

describe('asset patterns', () => {
  test('`*` spans dots and slashes; a source name covers all its assets; literal names with `*` match', () => {
    assert.ok(globMatches('crm.public.*', 'crm.public.users'));
    assert.ok(globMatches('lake.logs/*', 'lake.logs/app/dt=*/part-*.jsonl.gz'));
    assert.ok(globMatches('lake.logs/app/dt=*/part-*.jsonl.gz', 'lake.logs/app/dt=*/part-*.jsonl.gz'));
    assert.ok(!globMatches('crm.public.user', 'crm.public.users'));
    assert.ok(!globMatches('crm.public.users', 'crm.public_users'), 'a dot is literal');
    assert.ok(activityCovers({ assets: ['crm'] }, 'crm', 'public.users'));
    assert.ok(!activityCovers({ assets: ['crm'] }, 'crm2', 'public.users'));
  });
});

describe('the Article 30 join', () => {
  test('each activity carries its own terms plus the categories and systems of the assets it covers', () => {
    const [accounts, analytics] = map.activities ?? [];
    assert.equal(accounts?.purpose, 'Provide the service');
    assert.equal(accounts?.lawfulBasis, 'contract');
    assert.deepEqual(accounts?.transfers, [
      { country: 'US', safeguard: 'standard-contractual-clauses', recipient: 'hosting provider' },
    ]);
    assert.deepEqual(accounts?.categories, ['contact-details', 'government-identifiers', 'health']);
    assert.deepEqual(accounts?.specialCategories, ['health']);
    assert.equal(accounts?.highestSensitivity, 'restricted');
    assert.deepEqual(
      analytics?.systems.map((s) => [s.source, s.kind, s.assets]),
      [
        ['crm', 'postgres', ['public.users']],
        ['lake', 's3', ['exports/dt=*/part-*.csv']],
      ],
      'crm.public.orders is covered but holds no personal data',
    );
    assert.deepEqual(analytics?.unmatchedPatterns, ['warehouse.*'], 'a scanned asset without PII is no typo');
    assert.deepEqual(map.controller, ACTIVITIES.controller);
  });

  test('assets learn their activities; assets with personal data that no activity covers are unmapped', () => {
    const users = map.systems[0]?.assets.find((a) => a.asset === 'public.users');
    assert.deepEqual(users?.activities, ['accounts', 'analytics']);
    assert.deepEqual(
      map.unmapped?.map((u) => [u.id, u.categories, u.highestSensitivity]),
      [
        ['crm.public.events', ['contact-details', 'online-identifiers'], 'medium'],
        ['legacy.=cmd', ['contact-details'], 'medium'],
      ],
    );
    assert.equal(map.summary.unmappedAssets, 2);
  });

  test('without activities there are no activity keys at all', () => {
    const plain = gdprDataMap(FIELDS, [HEALTH_DETECTOR], SOURCES);
    assert.equal(plain.activities, undefined);
    assert.equal(plain.unmapped, undefined);
    assert.ok(plain.systems.every((s) => s.assets.every((a) => a.activities === undefined)));
  });
});
