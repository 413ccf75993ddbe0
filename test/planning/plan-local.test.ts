// piimap plan and check on local sources — the demo SQLite file and a folder of files — and the
// estate handling they share with scan (no sources, duplicate names, bad flags).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { EstateCheck, EstatePlan } from '../../src/planning/plan-records.js';
import { ROOT, runCli } from '../cli/run-cli.js';

const DEMO = join(ROOT, 'fixtures/demo/shop.sqlite');
const DEMO_TABLES = [
  'audit "log"; --',
  'customers',
  'newsletter_signups',
  'orders',
  'payouts',
  'products',
  'support_tickets',
];
let dir: string;
let folder: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-plan-local-'));
  folder = join(dir, 'files');
  mkdirSync(join(folder, 'logs'), { recursive: true });
  mkdirSync(join(folder, 'users/jane.doe@example.com'), { recursive: true });
  for (let i = 0; i < 25; i++) {
    const file = join(folder, 'logs', i === 0 ? 'app.log' : `app.log.${i}`);
    writeFileSync(file, `level=info user=u${i}@example.com\n`);
    const when = new Date(Date.UTC(2026, 0, 1) - i * 86_400_000);
    utimesSync(file, when, when);
  }
  writeFileSync(
    join(folder, 'users/jane.doe@example.com/profile.json'),
    '{"email":"jane.doe@example.com"}\n',
  );
  writeFileSync(join(folder, 'empty.csv'), '');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('plan on the demo SQLite: every table, full by default, rowid ranges past the sample size', async () => {
  const result = await runCli(['plan', DEMO, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const plan = JSON.parse(result.stdout) as EstatePlan;
  const [shop] = plan.sources;
  assert.deepEqual(
    [shop?.source, shop?.kind, shop?.location, shop?.sampleSize],
    ['shop', 'sqlite', DEMO, 10000],
  );
  assert.deepEqual(
    shop?.assets.map((a) => [a.asset, a.kind, a.method, a.estimatedRows, a.readable]),
    DEMO_TABLES.map((name) => [name, 'table', 'full', 200, true]),
  );
  const sampled = await runCli(['plan', DEMO, '--sample-size', '100']);
  assert.equal(sampled.code, 0, sampled.stderr);
  assert.match(
    sampled.stdout,
    /^piimap plan: 7 asset\(s\) in 1 source\(s\); 0 not readable; nothing was sampled\n/,
  );
  assert.match(sampled.stdout, /\nshop +customers +table +rowid-ranges +~200 rows +yes\n/);
});

test('plan on SQLite: views when asked, a view that cannot be read, a WITHOUT ROWID table from the head', async () => {
  const file = join(dir, 'app.sqlite');
  const db = new Database(file);
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT);
           INSERT INTO t (email) VALUES ('a@example.com'), ('b@example.com');
           CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
           CREATE VIEW good AS SELECT email FROM t;
           CREATE VIEW broken AS SELECT * FROM nowhere;`);
  db.close();
  const config = join(dir, 'sqlite.json');
  writeFileSync(
    config,
    JSON.stringify({ sources: [{ name: 'app', type: 'sqlite', path: 'app.sqlite', views: true }] }),
  );
  const result = await runCli(['plan', '--config', config, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const assets = (JSON.parse(result.stdout) as EstatePlan).sources[0]?.assets ?? [];
  assert.deepEqual(
    assets.map((a) => [a.asset, a.kind, a.method, a.readable]),
    [
      ['broken', 'view', 'head', false],
      ['good', 'view', 'head', true],
      ['kv', 'table', 'head', true],
      ['t', 'table', 'full', true],
    ],
  );
  assert.match(assets[0]?.access ?? '', /no such table: (main\.)?nowhere/);

  const check = await runCli(['check', '--config', config]);
  assert.equal(check.code, 1);
  assert.match(
    check.stdout,
    /^✗ app \(sqlite\): SQLite [\d.]+, read-only, 3 of 4 assets readable\n {4}✗ 1 of 4 assets cannot be read \(broken\)/,
  );
});

test('plan on a folder: datasets, their object counts, the objects a scan would read (keys masked)', async () => {
  const result = await runCli(['plan', folder, '--json']);
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stdout, /jane\.doe@example\.com/);
  const [files] = (JSON.parse(result.stdout) as EstatePlan).sources;
  assert.deepEqual([files?.kind, files?.error], ['files', undefined]);
  const logs = files?.assets.find((a) => a.asset === 'logs/app.log*');
  assert.deepEqual(
    [logs?.kind, logs?.method, logs?.objectCount, logs?.objects?.length],
    ['dataset', 'newest-and-spread', 25, 20],
  );
  assert.equal(logs?.objects?.[0], 'logs/app.log', 'the newest first');
  assert.equal(logs?.readable, true);
  assert.equal(logs?.access, 'read 1 byte of logs/app.log');
  assert.match(logs?.note ?? '', /^reads the first 1048576 bytes \(at most 10000 records\) of each$/);
  const profile = files?.assets.find((a) => a.asset.endsWith('profile.json'));
  assert.ok(profile, result.stdout);
  assert.deepEqual([profile.method, profile.objectCount, profile.readable], ['all-objects', 1, true]);
  assert.match(profile.objects?.[0] ?? '', /^users\/.*\*\*\*.*\/profile\.json$/);
  const empty = files?.assets.find((a) => a.asset === 'empty.csv');
  assert.deepEqual(
    [empty?.readable, empty?.access],
    [true, 'listed; empty.csv is empty, so nothing was read'],
  );

  const text = await runCli(['plan', folder, '--full']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /\nfiles +logs\/app\.log\* +dataset +newest-and-spread +20 of 25 objects \(\d+ B\) +yes\n/,
  );
  assert.match(
    text.stdout,
    /\nfiles logs\/app\.log\*: reads each of these objects whole: logs\/app\.log, logs\/app\.log\.\d+, /,
  );
});

test('check on local sources: ✓ for the demo and the folder, ✗ for a missing file and folder', async () => {
  const missing = join(dir, 'missing');
  const config = join(dir, 'local.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: [
        { name: 'shop', type: 'sqlite', path: DEMO },
        { name: 'files', type: 'files', path: 'files' },
        { name: 'nofile', type: 'sqlite', path: 'missing.sqlite' },
        { name: 'nofolder', type: 'files', path: missing },
      ],
    }),
  );
  const json = await runCli(['check', '--config', config, '--json']);
  assert.equal(json.code, 1, json.stderr);
  const check = JSON.parse(json.stdout) as EstateCheck;
  const [shop, files, nofile, nofolder] = check.sources;
  assert.deepEqual(
    [shop?.ok, shop?.readOnly, shop?.readOnlyBy, shop?.statementTimeoutMs, shop?.assets?.readable],
    [true, true, 'opened read-only, query_only = 1', null, 7],
  );
  assert.deepEqual(
    [files?.ok, files?.server, files?.assets?.total, files?.assets?.readable],
    [true, undefined, 3, 3],
  );
  assert.match(nofile?.problems[0] ?? '', /missing\.sqlite does not exist/);
  assert.match(nofolder?.problems[0] ?? '', /no such folder; check "path" in the source/);

  const text = await runCli(['check', '--config', config]);
  assert.equal(text.code, 1);
  assert.deepEqual(text.stdout.split('\n').slice(0, -1), [
    `✓ shop (sqlite): ${shop?.server}, read-only, 7 of 7 assets readable`,
    '✓ files (files): 3 of 3 assets readable',
    `✗ nofile (sqlite): ${join(dir, 'missing.sqlite')} does not exist`,
    `✗ nofolder (files): ${missing}: no such folder; check "path" in the source`,
  ]);
});

test('plan and check: estate errors exit 2 before anything connects; an unreachable source exits 1', async () => {
  const none = await runCli(['plan']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /plan: nothing to plan; give sources as arguments or in --config/);
  const noneChecked = await runCli(['check']);
  assert.equal(noneChecked.code, 2);
  assert.match(noneChecked.stderr, /check: nothing to check/);
  const copy = join(dir, 'other', 'shop.sqlite');
  mkdirSync(join(dir, 'other'));
  copyFileSync(DEMO, copy);
  const twice = await runCli(['plan', DEMO, copy]);
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /plan: two sources are named "shop"/);
  const badSize = await runCli(['plan', DEMO, '--sample-size', '0']);
  assert.equal(badSize.code, 2);
  assert.match(badSize.stderr, /--sample-size: "0" is not a positive whole number/);
  const badConfig = await runCli(['check', '--config', join(dir, 'nope.json')]);
  assert.equal(badConfig.code, 2);
  assert.match(badConfig.stderr, /config .*nope\.json: cannot read it/);

  const unreachable = await runCli(['plan', DEMO, 'postgres://postgres@127.0.0.1:1/db', '--json']);
  assert.equal(unreachable.code, 1);
  const plan = JSON.parse(unreachable.stdout) as EstatePlan;
  assert.equal(plan.sources[0]?.assets.length, 7);
  assert.match(plan.sources[1]?.error ?? '', /^source db: cannot connect \(connect ECONNREFUSED/);
  const text = await runCli(['plan', DEMO, 'postgres://postgres@127.0.0.1:1/db']);
  assert.equal(text.code, 1);
  assert.match(
    text.stdout,
    /\n✗ db \(postgres\): cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:1\); check the URL/,
  );
});
