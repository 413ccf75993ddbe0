// piimap plan and check against the real MariaDB: full, key ranges and head by size, views, a user
// with SELECT on some tables only, session checks — and tripwires that fail if any row is read.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type Connection, createConnection } from 'mysql2/promise';
import type { EstateCheck, EstatePlan } from '../../src/planning/plan-records.js';
import { runCli } from '../cli/run-cli.js';

const DB = `piimap_plan_${randomBytes(6).toString('hex')}`;
const USER = DB;
const PASSWORD = randomBytes(9).toString('base64url');
const ROOT_URL = `mysql://root@127.0.0.1:3306/${DB}`;
const USER_URL = `mysql://${USER}:${PASSWORD}@127.0.0.1:3306/${DB}`;
const dir = mkdtempSync(join(tmpdir(), 'piimap-plan-my-'));
let admin: Connection;

async function fill(table: string, rows: number, row: (i: number) => unknown[]): Promise<void> {
  for (let i = 0; i < rows; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, rows - i) }, (_, k) => row(i + k + 1));
    await admin.query(`INSERT INTO ${table} VALUES ?`, [batch]);
  }
}

before(async () => {
  admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query(`USE ${DB}`);
  await admin.query('CREATE TABLE small (id INT PRIMARY KEY, email VARCHAR(100))');
  await fill('small', 50, (i) => [i, `user${i}@example.com`]);
  await admin.query('CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(20))');
  await fill('big', 20_000, (i) => [i * 3, `v${i}`]);
  await admin.query('CREATE TABLE nokey (n INT, v VARCHAR(20))');
  await fill('nokey', 5000, (i) => [i, `n${i}`]);
  await admin.query('CREATE TABLE secret (id INT PRIMARY KEY, email VARCHAR(100))');
  await fill('secret', 10, (i) => [i, `secret${i}@example.com`]);
  await admin.query('CREATE TABLE hidden (id INT)');
  await admin.query('ANALYZE TABLE small, big, nokey, secret');
  // Tripwires: reading any row of these fails.
  await admin.query('CREATE TABLE discarded (id INT PRIMARY KEY, v VARCHAR(20))');
  await fill('discarded', 100, (i) => [i, `d${i}`]);
  await admin.query('ALTER TABLE discarded DISCARD TABLESPACE');
  await admin.query(
    `CREATE FUNCTION tripwire(x INT) RETURNS INT DETERMINISTIC
     BEGIN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'tripwire: a row was read'; RETURN x; END`,
  );
  await admin.query('CREATE VIEW tripwire_view AS SELECT id, tripwire(id) AS t FROM small');
  await admin.query('CREATE VIEW small_view AS SELECT id, email FROM small');
  await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [USER, '%', PASSWORD]);
  for (const table of ['small', 'big', 'nokey', 'discarded', 'small_view', 'tripwire_view'])
    await admin.query(`GRANT SELECT ON ${DB}.${table} TO ?@?`, [USER, '%']);
  // Visible to the user (it holds a privilege on it) but not readable; `hidden` is not even visible.
  await admin.query(`GRANT INSERT ON ${DB}.secret TO ?@?`, [USER, '%']);
});

after(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query('DROP USER IF EXISTS ?@?', [USER, '%']);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

function config(name: string, estate: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(estate));
  return file;
}

function source(name: string, url: string, extra: object = {}) {
  return { name, type: 'mysql', url, views: true, ...extra };
}

test('plan: full, key-ranges and head from the estimates; views; what the user may not read; no row read', async () => {
  await assert.rejects(admin.query(`SELECT * FROM ${DB}.tripwire_view LIMIT 1`), /tripwire/);
  await assert.rejects(admin.query(`SELECT * FROM ${DB}.discarded LIMIT 1`), /discarded/);
  const file = config('plan', { sampleSize: 1000, sources: [source('shop', USER_URL)] });
  const result = await runCli(['plan', '--config', file, '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stdout, new RegExp(PASSWORD));
  const plan = JSON.parse(result.stdout) as EstatePlan;
  const [shop] = plan.sources;
  assert.equal(shop?.error, undefined);
  assert.equal(shop?.location, `mysql://${USER}:***@127.0.0.1:3306/${DB}`);
  const byName = new Map(shop?.assets.map((a) => [a.asset.slice(DB.length + 1), a]));
  assert.deepEqual(
    [...byName.keys()],
    ['big', 'discarded', 'nokey', 'secret', 'small', 'small_view', 'tripwire_view'],
    'hidden (no privilege at all) is not visible to the user',
  );
  const summary = (name: string) => {
    const a = byName.get(name);
    return [a?.kind, a?.method, a?.readable, a?.error];
  };
  assert.deepEqual(summary('small'), ['table', 'full', true, undefined]);
  assert.deepEqual(summary('big'), ['table', 'key-ranges', true, undefined]);
  assert.deepEqual(summary('nokey'), ['table', 'head', true, undefined]);
  assert.deepEqual(summary('small_view'), ['view', 'head', true, undefined]);
  assert.deepEqual(summary('tripwire_view'), ['view', 'head', true, undefined]);
  assert.deepEqual(summary('discarded'), ['table', 'full', true, undefined]);
  assert.equal(byName.get('small')?.estimatedRows, 50);
  assert.ok(Math.abs((byName.get('big')?.estimatedRows ?? 0) - 20_000) < 4000);
  assert.equal(byName.get('big')?.note, undefined);
  assert.equal(summary('secret')[2], false);
  assert.match(
    byName.get('secret')?.access ?? '',
    new RegExp(
      `^'${USER}'@'%' may not SELECT from it \\(.*\\); GRANT SELECT ON \`${DB}\`\\.\`secret\` TO '${USER}'@'%'`,
    ),
  );

  // Near the sample size the estimate is not trusted: the plan says the scan counts.
  const near = await runCli(['plan', '--config', file, '--sample-size', '40']);
  assert.equal(near.code, 0, near.stderr);
  assert.match(near.stdout, new RegExp(`shop +${DB}\\.small +table +key-ranges +~50 rows +yes\\n`));
  assert.match(
    near.stdout,
    new RegExp(
      `\\nshop ${DB}\\.small: TABLE_ROWS is an estimate near the sample size: the scan counts up to 41 rows`,
    ),
  );
});

test('check: read-only session, timeout, version, the unreadable count, an unreachable server', async () => {
  const file = config('check', {
    sources: [
      source('shop', USER_URL),
      source('root', ROOT_URL, { include: ['*.small', '*.big'] }),
      source('down', 'mysql://root@127.0.0.1:1/none'),
    ],
  });
  const json = await runCli(['check', '--config', file, '--json']);
  assert.equal(json.code, 1, json.stderr);
  assert.doesNotMatch(json.stdout, new RegExp(PASSWORD));
  const check = JSON.parse(json.stdout) as EstateCheck;
  const [shop, root, down] = check.sources;
  assert.deepEqual(
    [shop?.ok, shop?.readOnly, shop?.statementTimeoutMs, shop?.user],
    [false, true, 30000, `${USER}@%`],
  );
  assert.match(shop?.readOnlyBy ?? '', /^(tx|transaction)_read_only = 1$/);
  assert.match(shop?.server ?? '', /^(MariaDB|MySQL) \d+\.\d+\.\d+$/);
  assert.deepEqual(
    [shop?.assets?.total, shop?.assets?.readable, shop?.assets?.unreadable.map((u) => u.asset)],
    [7, 6, [`${DB}.secret`]],
  );
  assert.deepEqual([root?.ok, root?.assets?.readable, root?.problems], [true, 2, []]);
  assert.equal(down?.ok, false);
  assert.match(
    down?.problems[0] ?? '',
    /cannot connect to mysql:\/\/root@127\.0\.0\.1:1\/none \(.*ECONNREFUSED/,
  );

  const text = await runCli(['check', '--config', file]);
  assert.equal(text.code, 1, text.stderr);
  assert.match(
    text.stdout,
    new RegExp(
      `^✗ shop \\(mysql\\): (MariaDB|MySQL) [\\d.]+ as ${USER}@%, read-only, statement timeout 30 s, 6 of 7 assets readable\\n {4}✗ 1 of 7 assets cannot be read \\(${DB}\\.secret\\)`,
    ),
  );
  assert.match(
    text.stdout,
    /\n✓ root \(mysql\): .*read-only, statement timeout 30 s, 2 of 2 assets readable\n/,
  );
  assert.match(
    text.stdout,
    /\n✗ down \(mysql\): cannot connect to .*ECONNREFUSED.*; check the URL, network and credentials\n$/,
  );
});
