/**
 * bench/scan-rows: full scans of the row sources — MariaDB/MySQL and SQLite — each measured side by
 * side with its own command-line client reading the same columns, in one run.
 *
 *   node --import tsx bench/scan-rows.ts [--rows 1000000] [--runs 3]
 *
 * Needs `npm run build` first, MariaDB at 127.0.0.1:3306 (root, no password; its Sequence engine
 * makes the rows), and the `mysql` and `sqlite3` clients. The table has bench/scan's mixed columns
 * (id, email, phone, ssn, amount, created_at, notes with ~5% of rows carrying an email or phone,
 * status). Everything is created in a fresh database `piimap_bench_rows_<random>` and a temporary
 * folder, both removed at the end (also on failure or Ctrl-C). For each source:
 * `piimap scan --full --workers auto` against the floor — `mysql --quick -e "SELECT …"` or
 * `sqlite3 file "SELECT …"` to /dev/null — medians of --runs, interleaved, after one untimed read.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { type PiimapScan, killRunningChildren, runPiimapScan, runProcess } from './piimap-process.js';
import { fmt, inAlternatingOrder, median, seconds } from './stats.js';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } },
});
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);
const DATABASE = `piimap_bench_rows_${randomBytes(4).toString('hex')}`;
const COLUMNS = ['id', 'email', 'phone', 'ssn', 'amount', 'created_at', 'notes', 'status'];
const SELECT = `SELECT ${COLUMNS.join(', ')} FROM mixed`;
const MYSQL_ARGS = ['--quick', '-h', '127.0.0.1', '-u', 'root', DATABASE];

/** bench/scan's mixed row, in MariaDB's SQL, from the Sequence engine's `seq`. */
const MIXED_ROW_SQL = `
  seq AS id,
  CONCAT('user', seq, '@', ELT(1 + seq % 4, 'gmail.com', 'yahoo.co.uk', 'corp-mail.io', 'web.de')) AS email,
  CONCAT('(', 201 + seq % 700, ') ', 200 + (seq * 7) % 800, '-', LPAD(seq % 10000, 4, '0')) AS phone,
  CONCAT(LPAD(1 + seq % 665, 3, '0'), '-', LPAD(1 + seq % 98, 2, '0'), '-', LPAD(1 + seq % 9998, 4, '0')) AS ssn,
  ROUND(RAND(seq) * 10000, 2) AS amount,
  TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq * 17 SECOND AS created_at,
  CASE
    WHEN seq % 40 = 0 THEN CONCAT('customer wrote from buyer', seq, '@example.org asking about the refund')
    WHEN seq % 40 = 20 THEN CONCAT('please call back on (415) ', 200 + seq % 800, '-', LPAD(seq % 10000, 4, '0'))
    ELSE CONCAT('order ', seq, ' shipped in ', 1 + seq % 9, ' boxes, no issues reported')
  END AS notes,
  ELT(1 + seq % 4, 'active', 'pending', 'closed', 'refunded') AS status`;

async function createMysqlTable(admin: mysql.Connection): Promise<void> {
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.query(
    `CREATE TABLE ${DATABASE}.mixed (PRIMARY KEY (id)) AS SELECT ${MIXED_ROW_SQL} FROM ${DATABASE}.seq_1_to_${ROWS}`,
  );
  await admin.query(`ANALYZE TABLE ${DATABASE}.mixed`);
}

/** The same rows, copied from MariaDB into a SQLite file (text as text, numbers as numbers). */
async function createSqliteFile(admin: mysql.Connection, file: string): Promise<void> {
  const db = new Database(file);
  try {
    db.exec(`CREATE TABLE mixed (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, ssn TEXT, amount REAL,
      created_at TEXT, notes TEXT, status TEXT)`);
    const insert = db.prepare('INSERT INTO mixed VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const copy = db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(...row);
    });
    for (let from = 0; from < ROWS; from += 100_000) {
      const [rows] = await admin.query<mysql.RowDataPacket[]>({
        sql: `SELECT id, email, phone, ssn, amount + 0e0, CAST(created_at AS CHAR), notes, status
          FROM ${DATABASE}.mixed WHERE id > ? ORDER BY id LIMIT 100000`,
        values: [from],
        rowsAsArray: true,
      });
      copy(rows as unknown[][]);
    }
  } finally {
    db.close();
  }
}

function dropDatabaseSync(): void {
  spawnSync('mysql', ['-h', '127.0.0.1', '-u', 'root', '-e', `DROP DATABASE IF EXISTS ${DATABASE}`], {
    stdio: 'ignore',
  });
}

async function floorRead(command: string, commandArgs: string[]): Promise<number> {
  const result = await runProcess(command, commandArgs, { discardStdout: true });
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}:\n${result.stderr}`);
  return result.ms;
}

interface Comparison {
  name: string;
  floorName: string;
  piimapMs: number;
  floorMs: number;
  rssMb: number;
}

/** piimap's full scan of `estate` against `floor`, interleaved, medians of RUNS. */
async function compare(
  name: string,
  floorName: string,
  dir: string,
  estate: object,
  floor: () => Promise<number>,
): Promise<Comparison> {
  const config = join(dir, `${name}.estate.json`);
  writeFileSync(config, JSON.stringify(estate, null, 2));
  console.log(`\n[${name}] ${fmt(ROWS)} rows, every one read`);
  await floor(); // warm-up: the table in the caches for both contenders
  const piimap: PiimapScan[] = [];
  const floors: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const catalog = join(dir, `${name}-${run}.db`);
    const [scan, floorMs] = await inAlternatingOrder(
      run,
      () => runPiimapScan(['--config', config, '--catalog', catalog, '--full', '--workers', 'auto']),
      floor,
    );
    if (scan.rows !== ROWS) throw new Error(`piimap read ${scan.rows} rows, expected ${ROWS}`);
    piimap.push(scan);
    floors.push(floorMs);
    console.log(
      `  run ${run + 1}: piimap ${seconds(scan.ms)} (peak RSS ${fmt(scan.rssMb)} MB), floor ${seconds(floorMs)}`,
    );
  }
  return {
    name,
    floorName,
    piimapMs: median(piimap.map((scan) => scan.ms)),
    floorMs: median(floors),
    rssMb: Math.max(...piimap.map((scan) => scan.rssMb)),
  };
}

const dir = await mkdtemp(join(tmpdir(), 'piimap-bench-rows-'));
const onSignal = () => {
  killRunningChildren(); // children run in their own process groups: Ctrl-C does not reach them
  dropDatabaseSync();
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
try {
  console.log(`database ${DATABASE}; ${RUNS} runs per figure, medians`);
  let setupStart = Date.now();
  await createMysqlTable(admin);
  console.log(`MariaDB table ready (${seconds(Date.now() - setupStart)})`);
  setupStart = Date.now();
  const sqliteFile = join(dir, 'mixed.sqlite');
  await createSqliteFile(admin, sqliteFile);
  console.log(`SQLite file ready (${seconds(Date.now() - setupStart)})`);

  const results = [
    await compare(
      'mysql',
      'mysql --quick -e "SELECT …"',
      dir,
      { sources: [{ name: 'bench', type: 'mysql', url: `mysql://root@127.0.0.1:3306/${DATABASE}` }] },
      () => floorRead('mysql', [...MYSQL_ARGS, '-e', SELECT]),
    ),
    await compare(
      'sqlite',
      'sqlite3 file "SELECT …"',
      dir,
      { sources: [{ name: 'bench', type: 'sqlite', path: sqliteFile }] },
      () => floorRead('sqlite3', [sqliteFile, SELECT]),
    ),
  ];

  console.log(`\n== summary (${RUNS} runs, medians) ==`);
  for (const result of results) {
    console.log(`${result.name}, full scan of ${fmt(ROWS)} rows:
  piimap scan --full --workers auto  ${seconds(result.piimapMs).padStart(9)}  ${fmt(ROWS / (result.piimapMs / 1000)).padStart(9)} rows/s  peak RSS ${fmt(result.rssMb)} MB
  floor: ${result.floorName.padEnd(27)} ${seconds(result.floorMs).padStart(9)}  ${fmt(ROWS / (result.floorMs / 1000)).padStart(9)} rows/s
  ratio piimap / floor               ${(result.piimapMs / result.floorMs).toFixed(2)}×`);
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`).catch(() => dropDatabaseSync());
  await admin.end().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
