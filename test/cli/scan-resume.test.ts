// `--resume` through the real bin against the real Postgres: a scan SIGKILLed right after its N-th
// asset-committed event is continued and ends with the same catalog contents as a scan that was
// never interrupted (full reads, so both read the same rows), under the same scan id, with no
// finding recorded twice. A changed config is refused unless --force; nothing to resume is an error.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { streamedScan } from '../support/streamed-scan.js';
import { runCli } from './run-cli.js';

const URL_ = 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `piimap_resume_${randomBytes(4).toString('hex')}`;
const TABLES = 8;
const KILL_AFTER_COMMITS = 3;
const admin = new pg.Client({ connectionString: URL_ });
const dir = mkdtempSync(join(tmpdir(), 'piimap-resume-'));
const config = join(dir, 'estate.json');

before(async () => {
  await admin.connect();
  const tables = Array.from({ length: TABLES }, (_, t) => [
    `CREATE TABLE ${SCHEMA}.t${t} (id int, email text, phone text, note text);`,
    `INSERT INTO ${SCHEMA}.t${t} SELECT g, 'user' || g || '.${t}@example.com',
       '(201) 555-' || lpad((g % 10000)::text, 4, '0'), 'row ' || g FROM generate_series(1, 20000) g;`,
  ]).flat();
  await admin.query(`CREATE SCHEMA ${SCHEMA}; ${tables.join('\n')} ANALYZE;`);
  writeFileSync(
    config,
    JSON.stringify({
      sources: [{ name: 'crm', type: 'postgres', url: URL_, schemas: [SCHEMA], maxConnections: 2 }],
    }),
  );
});

after(async () => {
  await admin.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

/** A full scan, SIGKILLed as soon as its `afterCommits`-th asset-committed event is printed. */
async function scanAndKill(
  catalog: string,
  afterCommits: number,
): Promise<{ signal: NodeJS.Signals | null; committed: number }> {
  let committed = 0;
  const run = await streamedScan(['--config', config, '--catalog', catalog, '--full'], (event, kill) => {
    if (event.event === 'asset-committed' && ++committed === afterCommits) kill('SIGKILL');
  });
  return { signal: run.signal, committed };
}

/** The export without what differs between two runs by nature (times, scan ids). */
async function exported(catalog: string): Promise<unknown> {
  const result = await runCli(['export', '--catalog', catalog, '--format', 'json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout, (key, value: unknown) =>
    ['scannedAt', 'scanId', 'startedAt', 'finishedAt', 'generatedAt', 'at'].includes(key) ? undefined : value,
  );
}

test('a scan killed after its 3rd committed asset, resumed, equals an uninterrupted scan', async () => {
  const killed = join(dir, 'killed.db');
  const { signal, committed } = await scanAndKill(killed, KILL_AFTER_COMMITS);
  assert.equal(signal, 'SIGKILL');
  assert.ok(committed >= KILL_AFTER_COMMITS);

  const before = new Database(killed, { readonly: true });
  const left = before.prepare("SELECT COUNT(*) AS n FROM asset_scans WHERE status = 'committed'").get() as {
    n: number;
  };
  before.close();
  assert.ok(left.n >= KILL_AFTER_COMMITS && left.n < TABLES, `${left.n} assets committed before the kill`);

  const resumed = await runCli([
    'scan',
    '--config',
    config,
    '--catalog',
    killed,
    '--full',
    '--resume',
    '--json',
  ]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const events = resumed.stdout
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as { event: string; scanId?: number; resumed?: boolean; alreadyCommitted?: number },
    );
  const started = events.find((e) => e.event === 'scan-started');
  assert.deepEqual({ scanId: started?.scanId, resumed: started?.resumed }, { scanId: 1, resumed: true });
  assert.equal(events.find((e) => e.event === 'source-listed')?.alreadyCommitted, left.n);
  assert.equal(events.filter((e) => e.event === 'asset-committed').length, TABLES - left.n);

  const db = new Database(killed, { readonly: true });
  try {
    const scans = db.prepare('SELECT id, status, resumed FROM scans').all();
    assert.deepEqual(scans, [{ id: 1, status: 'completed', resumed: 1 }]);
    const duplicates = db
      .prepare(
        'SELECT COUNT(*) AS n FROM (SELECT 1 FROM findings GROUP BY field_id, path, detector HAVING COUNT(*) > 1)',
      )
      .get() as { n: number };
    assert.equal(duplicates.n, 0);
    const assets = db.prepare("SELECT COUNT(*) AS n FROM asset_scans WHERE status = 'committed'").get() as {
      n: number;
    };
    assert.equal(assets.n, TABLES);
  } finally {
    db.close();
  }

  const whole = join(dir, 'whole.db');
  const uninterrupted = await runCli(['scan', '--config', config, '--catalog', whole, '--full']);
  assert.equal(uninterrupted.code, 0, uninterrupted.stderr);
  assert.deepEqual(await exported(killed), await exported(whole));
});

test('--resume refuses a changed config unless --force, and a catalog with nothing to resume', async () => {
  const catalog = join(dir, 'changed.db');
  const { signal } = await scanAndKill(catalog, 1);
  assert.equal(signal, 'SIGKILL');

  const changed = await runCli([
    'scan',
    '--config',
    config,
    '--catalog',
    catalog,
    '--sample-size',
    '50',
    '--resume',
  ]);
  assert.equal(changed.code, 2);
  assert.match(changed.stderr, /scan 1 was started with a different config.*--force/s);

  const forced = await runCli([
    'scan',
    '--config',
    config,
    '--catalog',
    catalog,
    '--sample-size',
    '50',
    '--resume',
    '--force',
  ]);
  assert.equal(forced.code, 0, forced.stderr);

  const nothing = await runCli(['scan', '--config', config, '--catalog', catalog, '--resume']);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /latest scan \(1, .*\) is completed, not interrupted/);
});
