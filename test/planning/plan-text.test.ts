// The human output of plan and check, from fixed records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkText } from '../../src/planning/check-text.js';
import type { EstateCheck, EstatePlan } from '../../src/planning/plan-records.js';
import { planText } from '../../src/planning/plan-text.js';

test('plan: a table of assets, then the objects datasets would read, notes, warnings and failures', () => {
  const plan: EstatePlan = {
    full: false,
    sources: [
      {
        source: 'crm',
        kind: 'postgres',
        location: 'postgres://u@db/crm',
        sampleSize: 1000,
        warnings: [],
        assets: [
          {
            asset: 'public.users',
            kind: 'table',
            method: 'tablesample-system',
            estimatedRows: 90000,
            readable: true,
          },
          {
            asset: 'public.secret',
            kind: 'table',
            method: 'full',
            estimatedRows: 3,
            readable: false,
            access:
              'role u may not SELECT from it; GRANT SELECT ON "public"."secret" TO "u" to scan its values',
          },
          { asset: 'public.v', kind: 'view', method: 'head', readable: null, note: 'a note' },
        ],
      },
      {
        source: 'logs',
        kind: 'files',
        location: '/var/log/app',
        sampleSize: 1000,
        warnings: ['/var/log/app/private: permission denied'],
        assets: [
          {
            asset: 'app.log*',
            kind: 'dataset',
            method: 'newest-and-spread',
            objectCount: 30,
            totalBytes: 3 * 1024 * 1024,
            objects: ['app.log', 'app.log.9'],
            note: 'reads the first 1048576 bytes (at most 1000 records) of each',
            readable: true,
            access: 'read 1 byte of app.log',
          },
        ],
      },
      {
        source: 'old',
        kind: 'mysql',
        sampleSize: 1000,
        warnings: [],
        assets: [],
        error: 'source old: cannot connect (x); check the URL',
      },
    ],
  };
  assert.equal(
    planText(plan),
    [
      'piimap plan: 4 asset(s) in 3 source(s); 1 not readable; nothing was sampled',
      'source  asset          kind     method              rows / objects             readable',
      'crm     public.users   table    tablesample-system  ~90000 rows                yes',
      'crm     public.secret  table    full                ~3 rows                    NO: role u may not SELECT from it; GRANT SELECT ON "public"."secret" TO "u" to scan its values',
      'crm     public.v       view     head                unknown                    unknown',
      'logs    app.log*       dataset  newest-and-spread   2 of 30 objects (3.0 MiB)  yes',
      'crm public.v: a note',
      'logs app.log*: reads the first 1048576 bytes (at most 1000 records) of each: app.log, app.log.9',
      '! logs: /var/log/app/private: permission denied',
      '✗ old (mysql): cannot connect (x); check the URL',
      '',
    ].join('\n'),
  );
});

test('check: one ✓/✗ line per source, problems and unreadable assets below it', () => {
  const check: EstateCheck = {
    ok: false,
    sources: [
      {
        source: 'crm',
        kind: 'postgres',
        location: 'postgres://u@db/crm',
        ok: false,
        server: 'PostgreSQL 15.20',
        user: 'u',
        readOnly: true,
        readOnlyBy: 'transaction_read_only = on',
        statementTimeoutMs: 1500,
        assets: { total: 3, readable: 2, unreadable: [{ asset: 'public.secret', detail: 'GRANT it' }] },
        problems: ['1 of 3 assets cannot be read (public.secret): grant …'],
        warnings: ['a warning'],
      },
      {
        source: 'app',
        kind: 'sqlite',
        ok: true,
        server: 'SQLite 3.45.1',
        readOnly: true,
        readOnlyBy: 'opened read-only, query_only = 1',
        statementTimeoutMs: null,
        assets: { total: 7, readable: 7, unreadable: [] },
        problems: [],
        warnings: [],
      },
      {
        source: 'down',
        kind: 'mysql',
        ok: false,
        problems: ['source down: cannot connect (refused); check the URL'],
        warnings: [],
      },
    ],
  };
  assert.equal(
    checkText(check),
    [
      '✗ crm (postgres): PostgreSQL 15.20 as u, read-only, statement timeout 1500 ms, 2 of 3 assets readable',
      '    ✗ 1 of 3 assets cannot be read (public.secret): grant …',
      '      public.secret: GRANT it',
      '    ! a warning',
      '✓ app (sqlite): SQLite 3.45.1, read-only, 7 of 7 assets readable',
      '✗ down (mysql): cannot connect (refused); check the URL',
      '',
    ].join('\n'),
  );
});
