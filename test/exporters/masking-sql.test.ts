// Masked-view SQL as text: hostile identifiers are quoted by the drivers' escaping, names cannot
// end a comment line, other source kinds are skipped with the reason, unknown rules mask fully.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CurrentField, CurrentFinding } from '../../src/catalog/catalog-queries.js';
import { type MaskingPolicy, maskingPolicy } from '../../src/exporters/masking-policy.js';
import { maskingSql } from '../../src/exporters/masking-sql.js';

const HOSTILE = 'a"; DROP TABLE x; --';
const HOSTILE_MYSQL = 'a`; DROP TABLE x; --';

function finding(type: string): CurrentFinding {
  return {
    path: '',
    type,
    detector: type,
    confidence: 0.9,
    prevalence: 1,
    label: 'is',
    matched: 5,
    evidence: {},
    examples: null,
  };
}

function field(source: string, asset: string, name: string, types: string[]): CurrentField {
  return {
    source,
    asset,
    field: name,
    dataType: 'text',
    findings: types.map(finding),
  } as unknown as CurrentField;
}

const SOURCES = [
  { name: 'pg', kind: 'postgres' },
  { name: 'my', kind: 'mysql' },
  { name: 'app', kind: 'sqlite' },
  { name: 'logs', kind: 'files' },
  { name: 'lake', kind: 's3' },
];

function policy(): MaskingPolicy {
  return maskingPolicy(
    [
      field('pg', `s.${HOSTILE}`, 'id', []),
      field('pg', `s.${HOSTILE}`, `we"ird\ncol`, ['email']),
      field('pg', `s.${HOSTILE}`, 'nino', ['uk_nino']),
      field('my', `shop.${HOSTILE_MYSQL}`, 'id', []),
      field('my', `shop.${HOSTILE_MYSQL}`, 'ssn`x', ['ssn']),
      field('app', 'users', 'email', ['email']),
      field('logs', 'app.log*', 'email', ['email']),
      field('lake', 'events/dt=*/part-*.jsonl', '$.email', ['email']),
    ],
    SOURCES,
  );
}

describe('maskingSql', () => {
  test('postgres: identifiers quoted by pg, a hostile table name stays one identifier', async () => {
    const sql = await maskingSql(policy(), 'postgres');
    assert.ok(sql.includes('CREATE OR REPLACE VIEW "s"."a""; DROP TABLE x; --_masked" AS'), sql);
    assert.ok(sql.includes('FROM "s"."a""; DROP TABLE x; --";'));
    assert.ok(sql.includes(`AS "we""ird\ncol"`), 'a newline inside a quoted identifier is part of the name');
    assert.ok(sql.includes('"s".piimap_hmac_sha256("nino"::text) AS "nino"'));
    assert.ok(!sql.includes('`'), 'no MySQL quoting');
    // The my source's table is only named in a comment, JSON-escaped.
    assert.match(
      sql,
      /^-- source "my" \("mysql"\)\n-- skipped: not a postgres source: generate its views with --sql mysql$/m,
    );
  });

  test('mysql: identifiers quoted by mysql2 escapeId', async () => {
    const sql = await maskingSql(policy(), 'mysql');
    assert.ok(sql.includes('CREATE OR REPLACE VIEW `shop`.`a``; DROP TABLE x; --_masked` AS'), sql);
    assert.ok(sql.includes('FROM `shop`.`a``; DROP TABLE x; --`;'));
    assert.ok(sql.includes('AS `ssn``x`'));
    assert.ok(!sql.includes('CREATE FUNCTION'), 'no hash function where nothing is hashed');
  });

  test('sqlite, files and s3 are skipped with the reason; no name ends a comment line', async () => {
    const sql = await maskingSql(policy(), 'postgres');
    for (const kind of ['sqlite', 'files', 's3'])
      assert.match(sql, new RegExp(`-- skipped: a ${kind} source is not a SQL database with views`));
    const hostile = maskingPolicy(
      [
        field('pg\nDROP TABLE y; --', 's.t', 'email', ['email']),
        field('pg', 'no_schema', 'email', ['email']),
      ],
      [
        { name: 'pg', kind: 'postgres' },
        { name: 'pg\nDROP TABLE y; --', kind: 'sqlite\u2028x' },
      ],
    );
    const text = await maskingSql(hostile, 'postgres');
    assert.ok(text.includes('-- source "pg\\nDROP TABLE y; --" ("sqlite\\u2028x")'));
    assert.ok(text.includes('-- "no_schema": skipped: not <schema>.<table>'));
    for (const line of text.split('\n')) assert.ok(!/^DROP/.test(line), line);
  });

  test('a rule this code does not know masks as redact; an unknown dialect is refused', async () => {
    const p = policy();
    const rules = p.sources.pg?.assets[`s.${HOSTILE}`]?.fields ?? {};
    Object.assign(rules, {
      nino: { strategy: 'scramble', types: [] },
      [`we"ird\ncol`]: {
        strategy: 'partial',
        partial: { keep: 'last-digits', digits: '1}); DROP' },
        types: [],
      },
    });
    const sql = await maskingSql(p, 'postgres');
    assert.ok(sql.includes(`CASE WHEN "nino" IS NULL THEN NULL ELSE '[redacted]' END AS "nino"`));
    assert.ok(!sql.includes('DROP)'));
    await assert.rejects(maskingSql(p, 'oracle' as 'mysql'), /--sql: "oracle" is not a dialect/);
  });
});
