// piimap plan and check against the real PostgreSQL: sampling methods by size, views, a role that
// may not read every table, filters, session checks — and no table row read by either command.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { EstateCheck, EstatePlan } from '../../src/planning/plan-records.js';
import { runCli } from '../cli/run-cli.js';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
const suffix = randomBytes(4).toString('hex');
const SCHEMA = `piimap_plan_${suffix}`;
const ROLE = `piimap_planner_${suffix}`;
const ROLE_URL = `postgres://${ROLE}@127.0.0.1:5432/test`;
const admin = new pg.Client({ connectionString: ADMIN_URL });
const dir = mkdtempSync(join(tmpdir(), 'piimap-plan-pg-'));

before(async () => {
  await admin.connect();
  await admin.query(`
    CREATE SCHEMA ${SCHEMA};
    SET search_path TO ${SCHEMA};
    CREATE TABLE small (id int, email text);
    INSERT INTO small SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;
    CREATE TABLE medium (id int, phone text);
    INSERT INTO medium SELECT g, '(201) 555-0100' FROM generate_series(1, 5000) g;
    CREATE TABLE large (id int, note text);
    INSERT INTO large SELECT g, 'row ' || g FROM generate_series(1, 50000) g;
    CREATE TABLE secret (id int, email text);
    INSERT INTO secret SELECT g, 'secret' || g || '@example.com' FROM generate_series(1, 10) g;
    CREATE TABLE partial (id int, ssn text);
    INSERT INTO partial SELECT g, '536-22-1234' FROM generate_series(1, 10) g;
    CREATE VIEW small_view AS SELECT * FROM small;
    -- Any row read through this view fails: plan and check must never read one.
    CREATE FUNCTION tripwire(int) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'tripwire: a row was read'; END $$;
    CREATE VIEW tripwire_view AS SELECT id, tripwire(id) AS t FROM large;
    CREATE ROLE ${ROLE} LOGIN;
    GRANT USAGE ON SCHEMA ${SCHEMA} TO ${ROLE};
    GRANT SELECT ON small, medium, large, small_view, tripwire_view TO ${ROLE};
    GRANT SELECT (id) ON partial TO ${ROLE};
    ANALYZE small, medium, large, secret, partial;
  `);
});

after(async () => {
  await admin.query(`DROP SCHEMA ${SCHEMA} CASCADE; DROP ROLE IF EXISTS ${ROLE}`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

function config(name: string, estate: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(estate));
  return file;
}

function source(name: string, url: string, extra: object = {}) {
  return { name, type: 'postgres', url, schemas: [SCHEMA], views: true, ...extra };
}

/** Rows read from the schema's tables so far, by sequential and index scans, as the statistics say. */
async function rowsRead(): Promise<number> {
  await admin.query('SELECT pg_stat_force_next_flush()');
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ n: string }>(
    `SELECT COALESCE(sum(COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)), 0)::text AS n
     FROM pg_stat_user_tables WHERE schemaname = $1`,
    [SCHEMA],
  );
  return Number(rows[0]?.n);
}

test('plan: methods by size, estimates, views, and what the role may not read; no row is read', async () => {
  await assert.rejects(admin.query(`SELECT * FROM ${SCHEMA}.tripwire_view LIMIT 1`), /tripwire/);
  const before = await rowsRead();
  const file = config('plan', { sampleSize: 1000, sources: [source('crm', ROLE_URL)] });
  const result = await runCli(['plan', '--config', file, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const plan = JSON.parse(result.stdout) as EstatePlan;
  const [crm] = plan.sources;
  assert.ok(crm);
  assert.equal(crm.error, undefined);
  assert.equal(crm.sampleSize, 1000);
  assert.equal(crm.location, ROLE_URL);
  const byName = new Map(crm.assets.map((a) => [a.asset.slice(SCHEMA.length + 1), a]));
  assert.deepEqual(
    [...byName.keys()],
    ['large', 'medium', 'partial', 'secret', 'small', 'small_view', 'tripwire_view'],
  );
  const summary = (name: string) => {
    const a = byName.get(name);
    return [a?.kind, a?.method, a?.estimatedRows, a?.readable];
  };
  assert.deepEqual(summary('small'), ['table', 'full', 50, true]);
  assert.deepEqual(summary('medium'), ['table', 'tablesample-bernoulli', 5000, true]);
  assert.deepEqual(summary('large'), ['table', 'tablesample-system', 50000, true]);
  assert.deepEqual(summary('small_view'), ['view', 'head', undefined, true]);
  assert.deepEqual(summary('tripwire_view'), ['view', 'head', undefined, true]);
  assert.deepEqual(summary('secret'), ['table', 'full', 10, false]);
  assert.match(
    byName.get('secret')?.access ?? '',
    new RegExp(`may not SELECT from it; GRANT SELECT ON "${SCHEMA}"\\."secret" TO "${ROLE}"`),
  );
  assert.equal(byName.get('partial')?.readable, false);
  assert.match(byName.get('partial')?.access ?? '', /it may SELECT 1 of its 2 columns/);

  const text = await runCli(['plan', '--config', file, '--full', '--seed', '7']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /^piimap plan: 7 asset\(s\) in 1 source\(s\), --full: every row, seed 7; 2 not readable/,
  );
  assert.match(text.stdout, new RegExp(`crm +${SCHEMA}\\.large +table +full +~50000 rows +yes\\n`));
  assert.match(
    text.stdout,
    new RegExp(`crm +${SCHEMA}\\.secret +table +full +~10 rows +NO: role ${ROLE} may not SELECT`),
  );

  await sleep(300); // the CLI's sessions have ended; their statistics are flushed at exit
  assert.equal(await rowsRead(), before, 'plan read no table rows');
  await admin.query(`SELECT count(*) FROM ${SCHEMA}.small`);
  assert.equal(await rowsRead(), before + 50, 'the statistics do count reads');
});

test('plan: the scan’s include/exclude globs and allow.assets select the same assets', async () => {
  const file = config('filtered', {
    allow: { assets: [`crm.${SCHEMA}.medium`] },
    sources: [
      source('crm', ADMIN_URL, { include: [`${SCHEMA}.*`], exclude: [`${SCHEMA}.*_view`, '*.large'] }),
    ],
  });
  const result = await runCli(['plan', '--config', file, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const plan = JSON.parse(result.stdout) as EstatePlan;
  assert.deepEqual(
    plan.sources[0]?.assets.map((a) => a.asset),
    ['partial', 'secret', 'small'].map((t) => `${SCHEMA}.${t}`),
  );
  assert.ok(plan.sources[0]?.assets.every((a) => a.readable === true));
});

test('check: read-only session, timeout, version, unreadable assets, an unreachable server; no row is read', async () => {
  const before = await rowsRead();
  const file = config('check', {
    sources: [
      source('crm', ROLE_URL),
      source('owner', ADMIN_URL, { exclude: ['*.secret', '*.partial'] }),
      // Session options in the URL come before piimap's own, which win: still read-only and bounded.
      source('overridden', `${ROLE_URL}?options=-c%20statement_timeout%3D0`, { include: ['*.small'] }),
      source('down', 'postgres://postgres@127.0.0.1:1/test'),
    ],
  });
  const json = await runCli(['check', '--config', file, '--json']);
  assert.equal(json.code, 1, json.stderr);
  const check = JSON.parse(json.stdout) as EstateCheck;
  assert.equal(check.ok, false);
  const [crm, owner, overridden, down] = check.sources;
  assert.deepEqual(
    [crm?.ok, crm?.readOnly, crm?.readOnlyBy, crm?.statementTimeoutMs, crm?.user],
    [false, true, 'transaction_read_only = on', 30000, ROLE],
  );
  assert.match(crm?.server ?? '', /^PostgreSQL 1\d/);
  assert.deepEqual(
    [crm?.assets?.total, crm?.assets?.readable, crm?.assets?.unreadable.map((u) => u.asset)],
    [7, 5, [`${SCHEMA}.partial`, `${SCHEMA}.secret`]],
  );
  assert.match(crm?.problems[0] ?? '', /^2 of 7 assets cannot be read .*grant the scanning user SELECT/);
  assert.deepEqual(crm?.warnings, []);
  assert.deepEqual([owner?.ok, owner?.assets?.readable, owner?.problems], [true, 5, []]);
  assert.match(owner?.warnings[0] ?? '', /role postgres is a superuser/);
  assert.deepEqual([overridden?.readOnly, overridden?.statementTimeoutMs], [true, 30000]);
  assert.equal(down?.ok, false);
  assert.equal(down?.server, undefined);
  assert.match(
    down?.problems[0] ?? '',
    /cannot connect \(.*ECONNREFUSED.*\); check the URL, network and credentials/,
  );

  const text = await runCli(['check', '--config', file]);
  assert.equal(text.code, 1, text.stderr);
  const lines = text.stdout.split('\n');
  assert.match(
    lines[0] ?? '',
    new RegExp(
      `^✗ crm \\(postgres\\): PostgreSQL .* as ${ROLE}, read-only, statement timeout 30 s, 5 of 7 assets readable$`,
    ),
  );
  assert.match(text.stdout, /\n {4}✗ 2 of 7 assets cannot be read/);
  assert.match(
    text.stdout,
    new RegExp(`\\n {6}${SCHEMA}\\.secret: role ${ROLE} may not SELECT from it; GRANT SELECT`),
  );
  assert.match(
    text.stdout,
    /\n✓ owner \(postgres\): .*5 of 5 assets readable\n {4}! role postgres is a superuser/,
  );
  assert.match(
    text.stdout,
    /\n✓ overridden \(postgres\): .*read-only, statement timeout 30 s, 1 of 1 assets readable\n/,
  );
  assert.match(
    text.stdout,
    /\n✗ down \(postgres\): cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:1\); check the URL/,
  );

  await sleep(300);
  assert.equal(await rowsRead(), before, 'check read no table rows');
});

test('check: an estate with no problems exits 0', async () => {
  const ok = await runCli([
    'check',
    '--config',
    config('ok', { sources: [source('crm', ROLE_URL, { include: ['*.small', '*.medium'] })] }),
  ]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(
    ok.stdout,
    /^✓ crm \(postgres\): .*read-only, statement timeout 30 s, 2 of 2 assets readable\n$/,
  );
});
