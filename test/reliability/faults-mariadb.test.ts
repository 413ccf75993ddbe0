// Faults while piimap scans MariaDB, through the real bin with --json, on the shared server in a
// database of this file's own: piimap's connection KILLed while a table streams, and a view over
// SLEEP() that runs past statementTimeoutMs (MariaDB's max_statement_time). The fault lands on its
// own asset with a message that says what happened and what to do; the other tables are cataloged
// (on a new connection); exit 1.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { type Connection, type RowDataPacket, createConnection } from 'mysql2/promise';
import {
  type ScanEvent,
  type ScanOutcome,
  assertCommitted,
  failure,
  streamedScan,
} from '../support/streamed-scan.js';

const DB = `piimap_faults_${randomBytes(5).toString('hex')}`;
const DB_URL = `mysql://root@127.0.0.1:3306/${DB}`;

let dir: string;
let admin: Connection;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-faults-mariadb-'));
  admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root', multipleStatements: true });
  await admin.query(`
    CREATE DATABASE ${DB};
    USE ${DB};
    CREATE TABLE a_big (id INT PRIMARY KEY, email VARCHAR(100), note TEXT);
    INSERT INTO a_big SELECT seq, CONCAT('user', seq, '@example.com'), REPEAT('call (202) 555-0100 ', 100) FROM seq_1_to_20000;
    CREATE TABLE b_people (id INT PRIMARY KEY, email VARCHAR(100));
    INSERT INTO b_people SELECT seq, CONCAT('p', seq, '@example.com') FROM seq_1_to_50;
    CREATE TABLE c_orders (id INT PRIMARY KEY, contact VARCHAR(100));
    INSERT INTO c_orders SELECT seq, CONCAT('o', seq, '@example.org') FROM seq_1_to_50;
    CREATE VIEW slow AS SELECT SLEEP(5) AS x, 'a@example.com' AS email;
  `);
});

after(async () => {
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs `piimap scan --json` over one source; `onEvent` sees each event as it is printed (and may
 * act on the server meanwhile). Resolves once the bin exits and every handler has finished.
 */
async function scan(
  name: string,
  source: Record<string, unknown>,
  onEvent: (event: ScanEvent) => Promise<void> | void = () => undefined,
): Promise<ScanOutcome> {
  const config = join(dir, `${name}.json`);
  writeFileSync(
    config,
    JSON.stringify({ sources: [{ name: 'shop', type: 'mysql', url: DB_URL, ...source }] }),
  );
  const catalog = join(dir, `${name}.db`);
  const run = await streamedScan(['--config', config, '--catalog', catalog, '--workers', '0'], onEvent);
  return { ...run, assets: assetScans(catalog) };
}

/** Each asset's status and error in the catalog's (only) scan. */
function assetScans(catalog: string): Map<string, { status: string; error: string | null }> {
  const db = new Database(catalog, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT a.name, s.status, s.error FROM asset_scans s JOIN assets a ON a.id = s.asset_id')
      .all() as { name: string; status: string; error: string | null }[];
    return new Map(rows.map(({ name, ...row }) => [name, row]));
  } finally {
    db.close();
  }
}

/** The id of the connection streaming a_big, once its SELECT is running (polled, 5 s at most). */
async function streamingConnection(): Promise<number> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    const [rows] = await admin.query<RowDataPacket[]>(
      `SELECT ID AS id FROM information_schema.PROCESSLIST
       WHERE COMMAND = 'Query' AND INFO LIKE ? AND INFO NOT LIKE '%LIMIT 0%' AND INFO NOT LIKE '%COUNT(*)%'`,
      [`SELECT %FROM \`${DB}\`.\`a_big\`%`],
    );
    if (rows[0] !== undefined) return Number(rows[0].id);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no connection streaming a_big within 5 s');
}

test('a connection KILLed while a table streams: that table fails saying so; the rest commit on a new connection; exit 1', async () => {
  let killed: number | undefined;
  // 5,000 rows/s over 20,000 rows of 2 KB: a_big streams for seconds, the server blocked writing
  // to the socket piimap reads slowly, when the KILL lands.
  const run = await scan(
    'kill',
    {
      maxConnections: 1,
      sampleSize: 50_000,
      maxRowsPerSecond: 5000,
      include: ['*.a_big', '*.b_people', '*.c_orders'],
    },
    async (event) => {
      if (event.event === 'asset-started' && event.asset === `${DB}.a_big`) {
        killed = await streamingConnection();
        await admin.query('KILL CONNECTION ?', [killed]);
      }
    },
  );
  assert.ok(killed !== undefined, run.output);
  assert.equal(run.code, 1, run.output);
  assert.match(
    failure(run, `${DB}.a_big`),
    new RegExp(
      `^source shop: ${DB}\\.a_big: the connection to the server was lost while it was read \\(.+\\): the server restarted or the session was killed; .*scan again to read this one$`,
    ),
  );
  assertCommitted(run, [`${DB}.b_people`, `${DB}.c_orders`]);
});

test('a view over SLEEP() past statementTimeoutMs fails naming the timeout and the setting; exit 1', async () => {
  const run = await scan('timeout', {
    views: true,
    statementTimeoutMs: 500,
    include: ['*.b_people', '*.slow'],
  });
  assert.equal(run.code, 1, run.output);
  assert.equal(
    failure(run, `${DB}.slow`),
    `source shop: ${DB}.slow: a query ran longer than the statement timeout (500 ms) and was interrupted (Query execution was interrupted (max_statement_time exceeded)); raise statementTimeoutMs in source shop (or exclude the table) to read it`,
  );
  assertCommitted(run, [`${DB}.b_people`]);
});
