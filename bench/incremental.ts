/**
 * bench/incremental: what `--changed-only` saves on a nightly rescan, measured side by side.
 *
 *   node --import tsx bench/incremental.ts [--tables 200] [--changed 10] [--runs 3]
 *
 * Needs `npm run build` first, PostgreSQL at 127.0.0.1:5432 (user postgres, trust, database `test`)
 * and GNU `/usr/bin/time`. In a fresh schema `piimap_bench_inc_<random>` (dropped at the end, also
 * on Ctrl-C): --tables tables of 20,000 rows (email, phone, notes). One full sampled scan seeds a
 * catalog; then, medians of --runs each, into copies of that catalog:
 *
 *  1. a plain rescan (every table sampled again) — what a nightly scan costs without fingerprints;
 *  2. `--changed-only` with nothing changed — fingerprints only;
 *  3. `--changed-only` after --changed tables were written to — fingerprints plus those tables.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_PG_URL, createBenchSchema, createContactTables } from './bench-schema.js';
import { type PiimapScan, runPiimapScan } from './piimap-process.js';
import { median, seconds } from './stats.js';

const { values: args } = parseArgs({
  options: {
    tables: { type: 'string', default: '200' },
    changed: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
  },
});
const TABLES = Number(args.tables);
const CHANGED = Number(args.changed);
const RUNS = Number(args.runs);
const ROWS = 20_000;

const dir = await mkdtemp(join(tmpdir(), 'piimap-bench-incremental-'));
const schema = await createBenchSchema('inc');
const { client, name: SCHEMA } = schema;
try {
  const setupStart = Date.now();
  await createContactTables(schema, TABLES, ROWS);
  await client.query('SELECT pg_stat_force_next_flush()');
  console.log(
    `${TABLES} tables × ${ROWS.toLocaleString('en-US')} rows (setup ${seconds(Date.now() - setupStart)})`,
  );

  const config = join(dir, 'estate.json');
  writeFileSync(
    config,
    JSON.stringify({ sources: [{ name: 'bench', type: 'postgres', url: BENCH_PG_URL, schemas: [SCHEMA] }] }),
  );
  const seed = join(dir, 'seed.db');
  const first = await runPiimapScan(['--config', config, '--catalog', seed]);
  console.log(`seed scan: ${seconds(first.ms)}, ${first.assets} tables`);

  let copies = 0;
  /** A scan into a fresh copy of the seeded catalog, so every run starts from the same history. */
  const scanCopy = (extra: string[]): Promise<PiimapScan> => {
    const catalog = join(dir, `copy-${++copies}.db`);
    copyFileSync(seed, catalog);
    return runPiimapScan(['--config', config, '--catalog', catalog, ...extra]);
  };
  const measure = async (label: string, extra: string[], expectedTables: number) => {
    const runs: PiimapScan[] = [];
    for (let run = 0; run < RUNS; run++) {
      const scan = await scanCopy(extra);
      if (scan.assets !== expectedTables)
        throw new Error(`${label}: ${scan.assets} tables read, expected ${expectedTables}`);
      runs.push(scan);
    }
    const ms = median(runs.map((r) => r.ms));
    console.log(
      `${label}: ${seconds(ms)} (${expectedTables} tables read; runs ${runs.map((r) => seconds(r.ms)).join(', ')})`,
    );
    return ms;
  };

  const plain = await measure('plain rescan', [], TABLES);
  const unchanged = await measure('--changed-only, nothing changed', ['--changed-only'], 0);
  for (let t = 0; t < CHANGED; t++)
    await client.query(`UPDATE ${SCHEMA}.t${t} SET notes = 'moved to 536-22-8190' WHERE id % 1000 = 0`);
  await client.query('SELECT pg_stat_force_next_flush()');
  // Statistics reach the shared view once the writing session is idle.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const someChanged = await measure(`--changed-only, ${CHANGED} tables changed`, ['--changed-only'], CHANGED);

  console.log('');
  console.log(`nothing changed: ${(plain / unchanged).toFixed(1)}× faster than a plain rescan`);
  console.log(
    `${CHANGED} of ${TABLES} changed: ${(plain / someChanged).toFixed(1)}× faster than a plain rescan`,
  );
} finally {
  await schema.drop();
  await rm(dir, { recursive: true, force: true });
}
