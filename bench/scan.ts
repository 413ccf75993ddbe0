/**
 * bench/scan: `piimap scan` against PostgreSQL, measured side by side in one run.
 *
 *   node --import tsx bench/scan.ts [--rows 1000000] [--runs 3]
 *
 * Needs `npm run build` first, PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth, database
 * `test`), `psql` and GNU `/usr/bin/time`. Everything is created in a fresh schema
 * `piimap_bench_<random>`, dropped at the end (also on failure or Ctrl-C). It measures:
 *
 *  1. A full scan of one table of --rows rows (id, email, phone, ssn, amount, created_at, notes with
 *     ~5% of rows carrying an email or phone, status): `piimap scan --full --workers auto --json`
 *     next to the floor, `psql \copy (SELECT the same columns) TO '/dev/null'` — medians of --runs,
 *     interleaved (the order alternates run by run), after one untimed warm-up read.
 *  2. Peak RSS of the piimap process (`/usr/bin/time -f %M`) at --rows and again at 2 × --rows.
 *  3. A sampled scan (default sampling, sampleSize 10,000) of 200 tables × 20,000 rows.
 *
 * Throughput in MB/s uses the text size of the rows (the sum of each row's text form), so it is
 * "MB-ish": the same yardstick for piimap and the floor, not the bytes on the wire.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type PiimapScan, killRunningChildren, runPiimapScan, runProcess } from './piimap-process.js';
import { fmt, inAlternatingOrder, mbPerSecond, median, seconds } from './stats.js';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } },
});
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);
const SAMPLED_TABLES = 200;
const SAMPLED_TABLE_ROWS = 20_000;
const SAMPLE_SIZE = 10_000;

const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const PSQL_ARGS = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'test'];
const SCHEMA = `piimap_bench_${randomBytes(4).toString('hex')}`;
const BIG_TABLE = 'mixed';
const COLUMNS = ['id', 'email', 'phone', 'ssn', 'amount', 'created_at', 'notes', 'status'];

/** The estate config: one postgres source limited to the bench schema and to `include`. */
function writeEstateConfig(dir: string, name: string, include: string[]): string {
  const path = join(dir, `${name}.estate.json`);
  const config = {
    sampleSize: SAMPLE_SIZE,
    sources: [
      {
        name: 'bench',
        type: 'postgres',
        url: PG_URL,
        schemas: [SCHEMA],
        include,
      },
    ],
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

let catalogCount = 0;

/** One `piimap scan --json` of `configPath` into a fresh catalog (see piimap-process.ts). */
function runScanOf(dir: string, configPath: string, extraArgs: string[]): Promise<PiimapScan> {
  const catalog = join(dir, `catalog-${++catalogCount}.db`);
  return runPiimapScan(['--config', configPath, '--catalog', catalog, '--workers', 'auto', ...extraArgs]);
}

/** The floor: psql reading the same columns of the table and writing them to /dev/null. */
async function runFloorCopy(table: string): Promise<number> {
  const copy = `\\copy (SELECT ${COLUMNS.join(', ')} FROM ${SCHEMA}.${table}) TO '/dev/null'`;
  const result = await runProcess('psql', [...PSQL_ARGS, '-c', copy]);
  if (result.status !== 0) throw new Error(`psql \\copy exited ${result.status}:\n${result.stderr}`);
  return result.ms;
}

/**
 * The SELECT list of a mixed row numbered `i`: realistic PII in email/phone/ssn, and notes with an
 * email (2.5% of rows) or a phone number (2.5%) in free text, the rest plain prose.
 */
const MIXED_ROW_SQL = `
  i::bigint AS id,
  'user' || i || '@' || (ARRAY['gmail.com','yahoo.co.uk','corp-mail.io','web.de'])[1 + i % 4] AS email,
  '(' || (201 + i % 700) || ') ' || (200 + (i * 7) % 800) || '-' || lpad((i % 10000)::text, 4, '0') AS phone,
  lpad((1 + i % 665)::text, 3, '0') || '-' || lpad((1 + i % 98)::text, 2, '0') || '-'
    || lpad((1 + i % 9998)::text, 4, '0') AS ssn,
  round((random() * 10000)::numeric, 2) AS amount,
  timestamptz '2024-01-01 00:00:00+00' + i * interval '17 seconds' AS created_at,
  CASE
    WHEN i % 40 = 0 THEN 'customer wrote from buyer' || i || '@example.org asking about the refund'
    WHEN i % 40 = 20 THEN 'please call back on (415) ' || (200 + i % 800) || '-' || lpad((i % 10000)::text, 4, '0')
    ELSE 'order ' || i || ' shipped in ' || (1 + i % 9) || ' boxes, no issues reported'
  END AS notes,
  (ARRAY['active','pending','closed','refunded'])[1 + i % 4] AS status`;

async function createMixedTable(client: pg.Client, table: string, rows: number): Promise<void> {
  await client.query(
    `CREATE TABLE ${SCHEMA}.${table} AS SELECT ${MIXED_ROW_SQL} FROM generate_series(1, $1) AS i`,
    [rows],
  );
  await vacuumAnalyze(client, table);
}

async function appendMixedRows(
  client: pg.Client,
  table: string,
  fromId: number,
  rows: number,
): Promise<void> {
  await client.query(
    `INSERT INTO ${SCHEMA}.${table} SELECT ${MIXED_ROW_SQL} FROM generate_series($1::bigint, $2::bigint) AS i`,
    [fromId, fromId + rows - 1],
  );
  await vacuumAnalyze(client, table);
}

/** VACUUM as well as ANALYZE, so hint bits are set now and not by the first timed read. */
async function vacuumAnalyze(client: pg.Client, table: string): Promise<void> {
  await client.query(`VACUUM (ANALYZE) ${SCHEMA}.${table}`);
}

/**
 * 200 small mixed tables, copied in one DO block from a template generated once (copying is ~4×
 * faster than generating each), each analyzed so piimap sees its row estimate.
 */
async function createSampledTables(client: pg.Client): Promise<void> {
  await client.query(
    `CREATE TABLE ${SCHEMA}.template_sampled AS SELECT ${MIXED_ROW_SQL} FROM generate_series(1, $1) AS i`,
    [SAMPLED_TABLE_ROWS],
  );
  await client.query(`
    DO $$
    BEGIN
      FOR t IN 1..${SAMPLED_TABLES} LOOP
        EXECUTE 'CREATE TABLE ${SCHEMA}.sampled_' || lpad(t::text, 3, '0')
             || ' AS SELECT * FROM ${SCHEMA}.template_sampled';
        EXECUTE 'ANALYZE ${SCHEMA}.sampled_' || lpad(t::text, 3, '0');
      END LOOP;
    END $$`);
  await client.query(`DROP TABLE ${SCHEMA}.template_sampled`);
}

/** Rows and their text size (the sum of each row's text form) — the MB-ish yardstick. */
async function tableSize(client: pg.Client, table: string): Promise<{ rows: number; bytes: number }> {
  const { rows } = await client.query<{ rows: string; bytes: string }>(
    `SELECT count(*)::text AS rows, sum(octet_length(t::text))::text AS bytes FROM ${SCHEMA}.${table} t`,
  );
  return { rows: Number(rows[0]?.rows), bytes: Number(rows[0]?.bytes) };
}

function dropSchemaSync(): void {
  spawnSync('psql', [...PSQL_ARGS, '-c', `DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`], { stdio: 'ignore' });
}

/** Full scan vs floor at the current table size, interleaved, medians of RUNS. */
async function measureFullScan(dir: string, configPath: string, expectedRows: number) {
  await runFloorCopy(BIG_TABLE); // warm-up: the table in the OS cache for both contenders
  const piimap: PiimapScan[] = [];
  const floor: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const [last, floorMs] = await inAlternatingOrder(
      run,
      () => runScanOf(dir, configPath, ['--full']),
      () => runFloorCopy(BIG_TABLE),
    );
    piimap.push(last);
    floor.push(floorMs);
    if (last.rows !== expectedRows || !last.methods.has('full'))
      throw new Error(
        `piimap read ${last.rows} rows (${[...last.methods]}), expected ${expectedRows} (full)`,
      );
    console.log(
      `  run ${run + 1}: piimap ${seconds(last.ms)} (peak RSS ${fmt(last.rssMb)} MB), floor ${seconds(floorMs)}`,
    );
  }
  return {
    piimapMs: median(piimap.map((r) => r.ms)),
    floorMs: median(floor),
    rssMb: piimap.map((r) => r.rssMb),
  };
}

const dir = await mkdtemp(join(tmpdir(), 'piimap-bench-scan-'));
const onSignal = () => {
  killRunningChildren(); // children run in their own process groups: Ctrl-C does not reach them
  dropSchemaSync();
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
const client = new pg.Client({ connectionString: PG_URL });
await client.connect();
try {
  await client.query(`CREATE SCHEMA ${SCHEMA}`);
  console.log(`schema ${SCHEMA}; ${RUNS} runs per figure, medians`);

  // 1. Full scan of one big table vs the psql floor, and peak RSS.
  let setupStart = Date.now();
  await createMixedTable(client, BIG_TABLE, ROWS);
  const size1 = await tableSize(client, BIG_TABLE);
  console.log(
    `\n[full scan] ${SCHEMA}.${BIG_TABLE}: ${fmt(size1.rows)} rows, ${fmt(size1.bytes / 1e6, 1)} MB of text (setup ${seconds(Date.now() - setupStart)})`,
  );
  const bigConfig = writeEstateConfig(dir, 'big', [`${SCHEMA}.${BIG_TABLE}`]);
  const full1 = await measureFullScan(dir, bigConfig, size1.rows);

  // 2. The same table at twice the rows: peak RSS should stay flat.
  setupStart = Date.now();
  await appendMixedRows(client, BIG_TABLE, ROWS + 1, ROWS);
  const size2 = await tableSize(client, BIG_TABLE);
  console.log(
    `\n[full scan, doubled] ${fmt(size2.rows)} rows, ${fmt(size2.bytes / 1e6, 1)} MB of text (setup ${seconds(Date.now() - setupStart)})`,
  );
  await runFloorCopy(BIG_TABLE); // warm-up
  const scan2 = await runScanOf(dir, bigConfig, ['--full']);
  if (scan2.rows !== size2.rows) throw new Error(`piimap read ${scan2.rows} rows, expected ${size2.rows}`);
  const floor2Ms = await runFloorCopy(BIG_TABLE);
  console.log(
    `  1 run: piimap ${seconds(scan2.ms)} (peak RSS ${fmt(scan2.rssMb)} MB), floor ${seconds(floor2Ms)}`,
  );
  await client.query(`DROP TABLE ${SCHEMA}.${BIG_TABLE}`);

  // 3. Sampled scan of many small tables.
  setupStart = Date.now();
  await createSampledTables(client);
  console.log(
    `\n[sampled scan] ${SAMPLED_TABLES} tables × ${fmt(SAMPLED_TABLE_ROWS)} rows, sampleSize ${fmt(SAMPLE_SIZE)} (setup ${seconds(Date.now() - setupStart)})`,
  );
  const sampledConfig = writeEstateConfig(dir, 'sampled', [`${SCHEMA}.sampled_*`]);
  const sampled: PiimapScan[] = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await runScanOf(dir, sampledConfig, []);
    if (result.assets !== SAMPLED_TABLES)
      throw new Error(`piimap committed ${result.assets} assets, expected ${SAMPLED_TABLES}`);
    sampled.push(result);
    console.log(
      `  run ${run + 1}: ${seconds(result.ms)}, ${fmt(result.rows)} rows sampled (${[...result.methods].join(', ')}), peak RSS ${fmt(result.rssMb)} MB`,
    );
  }
  const sampledMs = median(sampled.map((r) => r.ms));
  const sampledRows = median(sampled.map((r) => r.rows));

  // Summary.
  const piimapRowsPerS = size1.rows / (full1.piimapMs / 1000);
  const floorRowsPerS = size1.rows / (full1.floorMs / 1000);
  const ratio = full1.piimapMs / full1.floorMs;
  const rss1 = Math.max(...full1.rssMb);
  console.log(`
== summary (${RUNS} runs, medians; 2 × rows: 1 run) ==
full scan, ${fmt(size1.rows)} rows, ${fmt(size1.bytes / 1e6, 1)} MB of text:
  piimap scan --full --workers auto  ${seconds(full1.piimapMs).padStart(9)}  ${fmt(piimapRowsPerS).padStart(9)} rows/s  ${fmt(mbPerSecond(size1.bytes, full1.piimapMs), 1).padStart(6)} MB/s
  floor: psql \\copy to /dev/null     ${seconds(full1.floorMs).padStart(9)}  ${fmt(floorRowsPerS).padStart(9)} rows/s  ${fmt(mbPerSecond(size1.bytes, full1.floorMs), 1).padStart(6)} MB/s
  ratio piimap / floor               ${ratio.toFixed(2)}×  (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'})
peak RSS of piimap:
  at ${fmt(size1.rows)} rows  ${fmt(rss1)} MB (max over runs; ${full1.rssMb.map((r) => fmt(r)).join(', ')})
  at ${fmt(size2.rows)} rows  ${fmt(scan2.rssMb)} MB  (${fmt(scan2.ms / 1000, 2)} s, ${fmt(size2.rows / (scan2.ms / 1000))} rows/s; floor ${fmt(floor2Ms / 1000, 2)} s, ratio ${(scan2.ms / floor2Ms).toFixed(2)}×)
  target ≤ 300 MB and flat: ${Math.max(rss1, scan2.rssMb) <= 300 ? 'met' : 'NOT met'} (growth ${fmt(scan2.rssMb - rss1)} MB)
sampled scan, ${SAMPLED_TABLES} tables × ${fmt(SAMPLED_TABLE_ROWS)} rows, sampleSize ${fmt(SAMPLE_SIZE)}:
  wall ${seconds(sampledMs)}, ${fmt(sampledRows)} rows sampled, ${fmt(sampledRows / (sampledMs / 1000))} rows/s, ${fmt(SAMPLED_TABLES / (sampledMs / 1000), 1)} tables/s`);
} finally {
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => dropSchemaSync());
  await client.end().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
