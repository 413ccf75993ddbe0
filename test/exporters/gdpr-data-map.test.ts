// The GDPR data map from catalog fields built in code (fixtures/gdpr/gdpr-estate.ts): categories,
// sensitivity, special categories, reviews, last verified, ordering, schema validity, golden file.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { loadDetectors } from '../../src/detection/detector-loader.js';
import { gdprCsv } from '../../src/exporters/gdpr-csv.js';
import { gdprDataMap } from '../../src/exporters/gdpr-data-map.js';
import type { GdprAsset, GdprDataMap, GdprDetectorInfo } from '../../src/exporters/gdpr-records.js';
import { compileSchema, describeSchemaErrors } from '../../src/shared/json-schema.js';
import {
  ACTIVITIES,
  FIELDS,
  GENERATED_AT,
  HEALTH_DETECTOR,
  SOURCES,
  field,
  finding,
} from '../../fixtures/gdpr/gdpr-estate.js';

const GOLDEN_JSON = new URL('../../fixtures/gdpr/data-map.golden.json', import.meta.url);
const GOLDEN_CSV = new URL('../../fixtures/gdpr/data-map.golden.csv', import.meta.url);

let detectors: GdprDetectorInfo[];
let map: GdprDataMap;

before(async () => {
  detectors = [...(await loadDetectors()).map((d) => d.definition), HEALTH_DETECTOR];
  map = gdprDataMap(FIELDS, detectors, SOURCES, undefined, { generatedAt: GENERATED_AT });
});

function asset(dataMap: GdprDataMap, id: string): GdprAsset {
  const found = dataMap.systems.flatMap((s) => s.assets).find((a) => a.id === id);
  assert.ok(found, `asset ${id} in the data map`);
  return found;
}

function category(dataMap: GdprDataMap, assetId: string, id: string) {
  return asset(dataMap, assetId).categories.find((c) => c.category === id);
}

function assertValid(dataMap: unknown): void {
  const validate = compileSchema('gdpr.schema.json');
  assert.ok(validate(dataMap), describeSchemaErrors(validate.errors).join('\n'));
}

describe('gdprDataMap', () => {
  test('maps types to categories by detector: SSN → government identifiers (restricted), email → contact', () => {
    const ssn = category(map, 'crm.public.users', 'government-identifiers');
    assert.deepEqual(ssn?.types, ['ssn']);
    assert.equal(ssn?.highestSensitivity, 'restricted');
    assert.deepEqual(
      ssn?.fields.map((f) => f.id),
      ['crm.public.users.ssn'],
    );
    const contact = category(map, 'crm.public.users', 'contact-details');
    assert.equal(contact?.label, 'Contact details');
    assert.deepEqual(contact?.types, ['email']);
    assert.equal(contact?.highestSensitivity, 'medium');
    assert.equal(category(map, 'crm.public.events', 'online-identifiers')?.fields[0]?.path, '$.client.ip');
    assert.equal(
      category(map, 'lake.exports/dt=*/part-*.csv', 'identity')?.fields[0]?.detector,
      'person_given_name',
    );
  });

  test('flags Art. 9 special categories on the category, the asset and the system', () => {
    const health = category(map, 'crm.public.users', 'health');
    assert.deepEqual(health?.specialCategories, ['health']);
    assert.equal(health?.fields[0]?.specialCategory, 'health');
    assert.deepEqual(asset(map, 'crm.public.users').specialCategories, ['health']);
    assert.deepEqual(map.systems.find((s) => s.source === 'crm')?.specialCategories, ['health']);
    assert.deepEqual(asset(map, 'crm.public.events').specialCategories, []);
    assert.equal(category(map, 'crm.public.users', 'contact-details')?.fields[0]?.specialCategory, false);
  });

  test('reviews decide: rejected drops, confirmed keeps a candidate, retyped changes the type', () => {
    const notes = category(map, 'crm.public.users', 'contact-details')?.fields.filter(
      (f) => f.field === 'notes',
    );
    assert.deepEqual(
      notes?.map((f) => [f.type, f.review?.state]),
      [['email', 'confirmed']],
      'the confirmed 0.3 email stays; the unreviewed 0.45 phone is a candidate',
    );
    const events = asset(map, 'crm.public.events');
    assert.ok(
      !events.categories.some((c) => c.category === 'financial'),
      'rejected and needs-review < 0.5 IBANs',
    );
    const retyped = category(map, 'lake.exports/dt=*/part-*.csv', 'other')?.fields[0];
    assert.equal(retyped?.type, 'customer_number');
    assert.equal(retyped?.review?.detectedType, 'phone');
    assert.equal(retyped?.sensitivity, null, 'no detector reports the reviewer type');
  });

  test('last verified: the asset scan, and whether a person confirmed every finding', () => {
    assert.deepEqual(asset(map, 'lake.exports/dt=*/part-*.csv').lastVerified, {
      scanId: 9,
      scannedAt: '2026-01-31T06:00:00.000Z',
      confirmedByPerson: true,
      confirmedFindings: 2,
      findings: 2,
      reviewedBy: ['dana@privacy.example'],
      reviewedAt: '2026-01-29T10:00:00.000Z',
    });
    const users = asset(map, 'crm.public.users').lastVerified;
    assert.equal(users.confirmedByPerson, false);
    assert.equal(users.confirmedFindings, 1);
    assert.equal(users.findings, 4);
  });

  test('systems carry kind, location and the highest sensitivity; only assets with personal data', () => {
    assert.deepEqual(
      map.systems.map((s) => [s.source, s.kind, s.location, s.highestSensitivity]),
      [
        ['crm', 'postgres', 'postgres://app@db:5432/crm', 'restricted'],
        ['lake', 's3', 's3://acme-lake/', 'low'],
        ['legacy', null, null, 'medium'],
      ],
    );
    assert.deepEqual(
      map.systems[0]?.assets.map((a) => a.asset),
      ['public.events', 'public.users'],
    );
    assert.deepEqual(map.summary, { systemsScanned: 3, assetsScanned: 5, assetsWithPersonalData: 4 });
    assert.ok(map.categories.some((c) => c.id === 'other' && c.label === 'Other personal data'));
  });

  test('ordering does not depend on the order of the input', () => {
    const shuffled = [...FIELDS].reverse().map((f) => ({ ...f, findings: [...f.findings].reverse() }));
    const again = gdprDataMap(shuffled, [...detectors].reverse(), [...SOURCES].reverse(), undefined, {
      generatedAt: GENERATED_AT,
    });
    assert.deepEqual(again, map);
  });

  test('an estate without personal data gives an empty, valid data map', () => {
    const empty = gdprDataMap([field('crm', 't', 'id', [finding('phone', 0.1)])], detectors, SOURCES);
    assert.deepEqual(empty.systems, []);
    assert.deepEqual(empty.summary, { systemsScanned: 1, assetsScanned: 1, assetsWithPersonalData: 0 });
    assertValid(empty);
  });

  test('the output validates against catalog-schema/gdpr.schema.json, and the schema has teeth', () => {
    assertValid(map);
    assertValid(gdprDataMap(FIELDS, detectors, SOURCES, ACTIVITIES, { generatedAt: GENERATED_AT }));
    const broken = structuredClone(map) as unknown as {
      systems: { assets: { highestSensitivity: string }[] }[];
    };
    (broken.systems[0]?.assets[0] as { highestSensitivity: string }).highestSensitivity = 'secret';
    assert.equal(compileSchema('gdpr.schema.json')(broken), false);
  });

  test('matches the golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
    const full = gdprDataMap(FIELDS, detectors, SOURCES, ACTIVITIES, { generatedAt: GENERATED_AT });
    const json = `${JSON.stringify(full, null, 2)}\n`;
    const csv = gdprCsv(full);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(GOLDEN_JSON, json);
      writeFileSync(GOLDEN_CSV, csv);
    }
    assert.equal(json, readFileSync(GOLDEN_JSON, 'utf8'));
    assert.equal(csv, readFileSync(GOLDEN_CSV, 'utf8'));
  });
});
