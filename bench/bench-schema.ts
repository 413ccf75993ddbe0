/**
 * A Postgres schema of a bench's own (DESIGN.md, "Local services"): a unique name, dropped when the
 * bench ends — also on Ctrl-C, when the child processes it started are ended first.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { killRunningChildren } from './piimap-process.js';

export const BENCH_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const PSQL_ARGS = [
  '-X',
  '-q',
  '-v',
  'ON_ERROR_STOP=1',
  '-h',
  '127.0.0.1',
  '-U',
  'postgres',
  '-d',
  'test',
];

export interface BenchSchema {
  name: string;
  client: pg.Client;
  /** Drops the schema, closes the client and stops listening for signals. */
  drop(): Promise<void>;
}

/** Creates `piimap_bench_<label>_<random>`; `onInterrupt` runs before the drop on SIGINT/SIGTERM. */
export async function createBenchSchema(
  label: string,
  onInterrupt: () => void = () => undefined,
): Promise<BenchSchema> {
  const name = `piimap_bench_${label}_${randomBytes(4).toString('hex')}`;
  const dropSync = () =>
    spawnSync('psql', [...PSQL_ARGS, '-c', `DROP SCHEMA IF EXISTS ${name} CASCADE`], { stdio: 'ignore' });
  const onSignal = () => {
    killRunningChildren(); // children run in their own process groups: Ctrl-C does not reach them
    onInterrupt();
    dropSync();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const client = new pg.Client({ connectionString: BENCH_PG_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${name}`);
  return {
    name,
    client,
    async drop() {
      await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => dropSync());
      await client.end();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** `tables` tables t0… of `rows` rows: an email and a phone column, and notes with ~5% call-backs. */
export async function createContactTables(schema: BenchSchema, tables: number, rows: number): Promise<void> {
  for (let t = 0; t < tables; t++)
    await schema.client.query(`
      CREATE TABLE ${schema.name}.t${t} (id int, email text, phone text, notes text);
      INSERT INTO ${schema.name}.t${t} SELECT g, 'user' || g || '@example.com', '(201) 555-' || lpad((g % 10000)::text, 4, '0'),
        CASE WHEN g % 20 = 0 THEN 'call back ' || g ELSE 'ok' END FROM generate_series(1, ${rows}) g;`);
  await schema.client.query('ANALYZE');
}
