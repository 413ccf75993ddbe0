// Running scans on a schedule, through the real bin: the time budget (exit 6, the rest recorded and
// taken first by the next run), the maxRowsPerSecond ceiling, --quiet, --log-format json,
// --report, and the audit record `piimap scans --json` shows.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { jsonLines, runCli } from './run-cli.js';

const TABLES = 6;
const ROWS = 4000;
const dir = mkdtempSync(join(tmpdir(), 'piimap-operations-'));
const estate = join(dir, 'estate.sqlite');

before(() => {
  const db = new Database(estate);
  for (let t = 0; t < TABLES; t++) {
    db.exec(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, email TEXT, note TEXT)`);
    const insert = db.prepare(`INSERT INTO t${t} (email, note) VALUES (?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run(`user${i}.${t}@example.com`, `row ${i}`);
    })();
  }
  db.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** An estate config reading the SQLite file at `rowsPerSecond` at most. */
function throttledConfig(name: string, rowsPerSecond: number): string {
  const config = join(dir, `${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ name: 'app', type: 'sqlite', path: estate, maxRowsPerSecond: rowsPerSecond }],
    }),
  );
  return config;
}

interface Event {
  event: string;
  asset?: string;
  durationMs?: number;
  stopReason?: string;
}

test('the time budget stops new assets, records the rest (exit 6), and the next run takes them first', async () => {
  // 4,000 rows/s: each table takes about a second once the first second's burst is spent, so a
  // 1 s budget ends with tables left whatever the machine's speed.
  const config = throttledConfig('budget', ROWS);
  const catalog = join(dir, 'budget.db');
  const report = join(dir, 'budget-report.json');
  const cut = await runCli([
    'scan',
    '--config',
    config,
    '--catalog',
    catalog,
    '--time-budget',
    '1s',
    '--report',
    report,
    '--json',
  ]);
  assert.equal(cut.code, 6, cut.stderr);
  const events = jsonLines(cut.stdout) as Event[];
  const committed = events.filter((e) => e.event === 'asset-committed').map((e) => e.asset as string);
  const deferred = events.filter((e) => e.event === 'asset-deferred').map((e) => e.asset as string);
  assert.ok(
    committed.length >= 1 && deferred.length >= 1,
    `${committed.length} committed, ${deferred.length} left`,
  );
  assert.equal(committed.length + deferred.length, TABLES);
  assert.equal(events.at(-1)?.stopReason, 'time-budget');

  const written = JSON.parse(readFileSync(report, 'utf8')) as {
    exitCode: number;
    stopReason: string;
    counts: { deferred: number; committed: number };
    skipped: { asset: string; reason: string }[];
  };
  assert.equal(written.exitCode, 6);
  assert.equal(written.stopReason, 'time-budget');
  assert.equal(written.counts.deferred, deferred.length);
  assert.deepEqual(written.skipped.map((s) => s.asset).sort(), [...deferred].sort());
  assert.ok(written.skipped.every((s) => s.reason === 'time-budget'));
  assert.equal(statSync(report).mode & 0o777, 0o600);

  const next = await runCli(['scan', '--config', config, '--catalog', catalog, '--changed-only', '--json']);
  assert.equal(next.code, 0, next.stderr);
  const started = (jsonLines(next.stdout) as Event[])
    .filter((e) => e.event === 'asset-started')
    .map((e) => e.asset as string);
  assert.deepEqual(started.slice(0, deferred.length), deferred, 'the left-over tables go first');

  const history = await runCli(['scans', '--catalog', catalog, '--json']);
  const [latest, budgeted] = JSON.parse(history.stdout) as {
    status: string;
    stopReason: string | null;
    configHash: string;
    durationMs: number;
    assets: { deferred: number; committed: number };
    sources: { source: string; status: string; assetsListed: number; deferred: number }[];
  }[];
  assert.equal(budgeted?.status, 'interrupted');
  assert.equal(budgeted?.stopReason, 'time-budget');
  assert.equal(budgeted?.assets.deferred, deferred.length);
  assert.deepEqual(
    budgeted?.sources.map((s) => [s.source, s.status, s.assetsListed]),
    [['app', 'done', TABLES]],
  );
  assert.equal(latest?.status, 'completed');
  assert.match(latest?.configHash ?? '', /^[0-9a-f]{64}$/);
  assert.ok((latest?.durationMs ?? -1) >= 0);
});

test('maxRowsPerSecond holds a source to its ceiling', async () => {
  // 6 × 4,000 rows at 8,000 rows/s: at least (24,000 - one second's burst) / 8,000 = 2 s.
  const config = throttledConfig('rate', 2 * ROWS);
  const result = await runCli(['scan', '--config', config, '--catalog', join(dir, 'rate.db'), '--json']);
  assert.equal(result.code, 0, result.stderr);
  const summary = (jsonLines(result.stdout) as Event[]).find((e) => e.event === 'summary');
  const floorMs = ((TABLES * ROWS - 2 * ROWS) / (2 * ROWS)) * 1000;
  assert.ok((summary?.durationMs ?? 0) >= floorMs * 0.95, `${summary?.durationMs} ms < ${floorMs} ms`);
});

test('--quiet prints nothing when all is well; --log-format json logs one object per line with levels', async () => {
  const catalog = join(dir, 'logs.db');
  const quiet = await runCli(['scan', estate, '--catalog', catalog, '--quiet']);
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
  assert.equal(quiet.stdout, '');

  const logged = await runCli(['scan', estate, '--catalog', catalog, '--log-format', 'json']);
  assert.equal(logged.code, 0, logged.stderr);
  const lines = logged.stderr
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { ts: string; level: string; msg: string; event: string });
  assert.ok(lines.length >= TABLES + 2);
  assert.ok(
    lines.every(
      (l) =>
        ['info', 'warn', 'error'].includes(l.level) && l.msg.length > 0 && !Number.isNaN(Date.parse(l.ts)),
    ),
  );
  assert.equal(lines.filter((l) => l.event === 'asset-committed').length, TABLES);

  const wrong = await runCli(['scan', estate, '--catalog', catalog, '--log-format', 'xml']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /--log-format: "xml" is not text or json/);
});

test('a --report path in a missing folder fails before anything is scanned', async () => {
  const catalog = join(dir, 'no-report.db');
  const result = await runCli([
    'scan',
    estate,
    '--catalog',
    catalog,
    '--report',
    join(dir, 'missing', 'r.json'),
  ]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--report .*missing.*does not exist/);
  assert.equal(existsSync(catalog), false);
});
