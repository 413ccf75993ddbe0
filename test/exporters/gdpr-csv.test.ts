// `--format gdpr-csv`: one row per system × asset × category (× covering activity), formula cells
// defused. The full output is pinned by fixtures/gdpr/data-map.golden.csv (gdpr-data-map.test.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadDetectors } from '../../src/detection/detector-loader.js';
import { gdprCsv } from '../../src/exporters/gdpr-csv.js';
import { gdprDataMap } from '../../src/exporters/gdpr-data-map.js';
import type { GdprDetectorInfo } from '../../src/exporters/gdpr-records.js';
import { ACTIVITIES, FIELDS, HEALTH_DETECTOR, SOURCES } from '../../fixtures/gdpr/gdpr-estate.js';

type Row = Record<string, string>;
let detectors: GdprDetectorInfo[];

before(async () => {
  detectors = [...(await loadDetectors()).map((d) => d.definition), HEALTH_DETECTOR];
});

function rows(csv: string): Row[] {
  return parse(csv, { columns: true }) as Row[];
}

describe('gdprCsv', () => {
  test('without activities: the data map columns, one row per system × asset × category', () => {
    const csv = gdprCsv(gdprDataMap(FIELDS, detectors, SOURCES));
    assert.equal(
      csv.split('\n')[0],
      'source,kind,location,asset,category,category_label,types,fields,special_categories,sensitivity,last_scanned,confirmed_by_person',
    );
    const table = rows(csv);
    assert.deepEqual(
      table.map((r) => `${r.source}|${r.asset}|${r.category}`),
      [
        'crm|public.events|contact-details',
        'crm|public.events|online-identifiers',
        'crm|public.users|contact-details',
        'crm|public.users|government-identifiers',
        'crm|public.users|health',
        'lake|exports/dt=*/part-*.csv|identity',
        'lake|exports/dt=*/part-*.csv|other',
        "legacy|'=cmd|contact-details",
      ],
    );
    const contact = table.find((r) => r.asset === 'public.users' && r.category === 'contact-details');
    assert.equal(contact?.fields, 'crm.public.users.email (email); crm.public.users.notes (email)');
    assert.equal(contact?.sensitivity, 'medium');
    const health = table.find((r) => r.category === 'health');
    assert.equal(health?.special_categories, 'health');
    assert.equal(health?.sensitivity, 'restricted');
    assert.equal(
      table.find((r) => r.category === 'online-identifiers')?.fields,
      'crm.public.events.payload $.client.ip (ip_address)',
    );
  });

  test('with activities: a row per covering activity, and unmapped assets marked', () => {
    const table = rows(gdprCsv(gdprDataMap(FIELDS, detectors, SOURCES, ACTIVITIES)));
    const ssn = table.filter((r) => r.category === 'government-identifiers');
    assert.deepEqual(
      ssn.map((r) => [r.activity, r.lawful_basis, r.mapped]),
      [
        ['accounts', 'contract', 'yes'],
        ['analytics', 'legitimate-interests', 'yes'],
      ],
    );
    assert.equal(ssn[0]?.transfers, 'US: standard-contractual-clauses (hosting provider)');
    assert.equal(ssn[0]?.recipients, 'hosting provider');
    assert.equal(ssn[0]?.controller, 'Acme Ltd <privacy@acme.example>');
    assert.equal(ssn[1]?.dpo, 'Analytics DPO', "an activity's own DPO");
    assert.equal(ssn[1]?.data_subjects, 'customers; visitors');
    const unmapped = table.filter((r) => r.mapped === 'no');
    assert.deepEqual(
      unmapped.map((r) => `${r.source}|${r.asset}|${r.category}|${r.activity}|${r.purpose}`),
      [
        'crm|public.events|contact-details||',
        'crm|public.events|online-identifiers||',
        "legacy|'=cmd|contact-details||",
      ],
    );
  });

  test('cells that look like formulas are prefixed with a quote', () => {
    const hostile = gdprDataMap(
      FIELDS.map((f) => ({ ...f, source: '@evil', asset: '-1+1' })),
      detectors,
      [{ name: '@evil', kind: 'files', location: '=HYPERLINK("http://x")' }],
    );
    const [first] = rows(gdprCsv(hostile));
    assert.equal(first?.source, "'@evil");
    assert.equal(first?.asset, "'-1+1");
    assert.equal(first?.location, '\'=HYPERLINK("http://x")');
  });
});
