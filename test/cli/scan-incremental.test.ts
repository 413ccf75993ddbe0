// Incremental scans through the real bin: `--changed-only` skips what is unchanged since its last
// scan and re-detects what changed — files, S3, Postgres and MariaDB against the real services —
// and unchanged assets keep their findings. Settings changes and `--max-age` force a rescan.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { type S3Server, startS3Server, uniqueBucketName } from '../support/s3-server.js';
import { jsonLines, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-incremental-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface ScanOutcome {
  code: number | null;
  committed: string[];
  unchanged: string[];
  stderr: string;
}

async function scan(args: string[], env?: Record<string, string>): Promise<ScanOutcome> {
  const result = await runCli(['scan', ...args, '--json'], env ? { env } : {});
  const events = jsonLines(result.stdout) as { event: string; asset?: string }[];
  const assets = (event: string) =>
    events
      .filter((e) => e.event === event)
      .map((e) => e.asset as string)
      .sort();
  return {
    code: result.code,
    committed: assets('asset-committed'),
    unchanged: assets('asset-unchanged'),
    stderr: result.stderr,
  };
}

/** Field ids holding the given type in the catalog's export. */
async function fieldsOfType(catalog: string, type: string): Promise<string[]> {
  const result = await runCli(['export', '--catalog', catalog, '--format', 'json']);
  assert.equal(result.code, 0, result.stderr);
  const { fields } = JSON.parse(result.stdout) as {
    fields: { id: string; classifications: { type: string }[] }[];
  };
  return fields
    .filter((f) => f.classifications.some((c) => c.type === type))
    .map((f) => f.id)
    .sort();
}

describe('files', () => {
  const folder = join(dir, 'logs');
  const catalog = join(dir, 'files.db');

  before(() => {
    mkdirSync(join(folder, 'app'), { recursive: true });
    writeFileSync(
      join(folder, 'app', 'users.jsonl'),
      '{"email":"ann@example.com"}\n{"email":"bob@example.com"}\n',
    );
    writeFileSync(join(folder, 'app', 'audit.log'), 'level=info msg=started\n');
  });

  test('unchanged datasets are skipped with their findings kept; a changed one is rescanned', async () => {
    const first = await scan([folder, '--catalog', catalog]);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(first.committed, ['app/audit.log*', 'app/users.jsonl']);

    const again = await scan([folder, '--catalog', catalog, '--changed-only']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(again.committed, []);
    assert.deepEqual(again.unchanged, ['app/audit.log*', 'app/users.jsonl']);
    assert.deepEqual(await fieldsOfType(catalog, 'email'), ['logs.app/users.jsonl.$.email']);

    appendFileSync(join(folder, 'app', 'audit.log'), 'level=info ssn=536-22-8190 msg=lookup\n'.repeat(3));
    const changed = await scan([folder, '--catalog', catalog, '--changed-only']);
    assert.equal(changed.code, 0, changed.stderr);
    assert.deepEqual(changed.committed, ['app/audit.log*']);
    assert.deepEqual(changed.unchanged, ['app/users.jsonl']);
    assert.deepEqual(await fieldsOfType(catalog, 'ssn'), ['logs.app/audit.log*.ssn']);
    assert.deepEqual(await fieldsOfType(catalog, 'email'), ['logs.app/users.jsonl.$.email']);
  });

  test('other settings or an age past --max-age rescan unchanged assets', async () => {
    const settled = await scan([folder, '--catalog', catalog, '--changed-only']);
    assert.deepEqual(settled.committed, []);
    const otherSample = await scan([folder, '--catalog', catalog, '--changed-only', '--sample-size', '7']);
    assert.deepEqual(otherSample.committed, ['app/audit.log*', 'app/users.jsonl']);
    const tooOld = await scan([
      folder,
      '--catalog',
      catalog,
      '--changed-only',
      '--sample-size',
      '7',
      '--max-age',
      '0h',
    ]);
    assert.deepEqual(tooOld.committed, ['app/audit.log*', 'app/users.jsonl']);
    const badAge = await runCli([
      'scan',
      folder,
      '--catalog',
      catalog,
      '--changed-only',
      '--max-age',
      'soon',
    ]);
    assert.equal(badAge.code, 2);
    assert.match(badAge.stderr, /--max-age: "soon" is not a duration/);
  });
});

describe('S3', () => {
  let server: S3Server;
  const bucket = uniqueBucketName('piimap-incremental');
  const catalog = join(dir, 's3.db');
  const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  let config: string;

  before(async () => {
    server = await startS3Server();
    await server.createBucket(bucket);
    await server.putObject(bucket, 'events/dt=2026-11-01/part-0.jsonl', '{"ip":"10.0.0.1"}\n');
    await server.putObject(bucket, 'exports/customers.csv', 'email\nann@example.com\n');
    config = join(dir, 's3.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [{ name: 'lake', type: 's3', bucket, endpoint: server.endpoint, forcePathStyle: true }],
      }),
    );
  });
  after(async () => {
    await server.deleteBucket(bucket);
    await server.close();
  });

  test('a dataset with a new object is rescanned, the others are not', async () => {
    const first = await scan(['--config', config, '--catalog', catalog], env);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(first.committed, ['events/dt=*/part-*.jsonl', 'exports/customers.csv']);
    const again = await scan(['--config', config, '--catalog', catalog, '--changed-only'], env);
    assert.deepEqual(again.unchanged, ['events/dt=*/part-*.jsonl', 'exports/customers.csv']);

    await server.putObject(
      bucket,
      'events/dt=2026-11-02/part-0.jsonl',
      '{"ip":"10.0.0.2","email":"cy@example.com"}\n',
    );
    const changed = await scan(['--config', config, '--catalog', catalog, '--changed-only'], env);
    assert.equal(changed.code, 0, changed.stderr);
    assert.deepEqual(changed.committed, ['events/dt=*/part-*.jsonl']);
    assert.deepEqual(changed.unchanged, ['exports/customers.csv']);
  });
});

describe('Postgres', () => {
  const URL_ = 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `piimap_incr_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: URL_ });
  const catalog = join(dir, 'pg.db');
  let config: string;

  before(async () => {
    await admin.connect();
    await admin.query(`
      CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.customers (id int, email text);
      INSERT INTO ${schema}.customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 100) g;
      CREATE TABLE ${schema}.notes (id int, body text);
      INSERT INTO ${schema}.notes SELECT g, 'note ' || g FROM generate_series(1, 100) g;
      CREATE VIEW ${schema}.customer_view AS SELECT * FROM ${schema}.customers;
      ANALYZE ${schema}.customers; ANALYZE ${schema}.notes;
    `);
    await admin.query('SELECT pg_stat_force_next_flush()');
    config = join(dir, 'pg.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [
          { name: 'crm', type: 'postgres', url: URL_, schemas: [schema], views: true, incremental: true },
        ],
      }),
    );
  });
  after(async () => {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  });

  test('a source with incremental: true skips unchanged tables; a write makes a table changed; views are always read', async () => {
    const first = await scan(['--config', config, '--catalog', catalog]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.committed.length, 3);
    const again = await scan(['--config', config, '--catalog', catalog]);
    assert.deepEqual(again.unchanged, [`${schema}.customers`, `${schema}.notes`]);
    assert.deepEqual(again.committed, [`${schema}.customer_view`]);

    await admin.query(`UPDATE ${schema}.notes SET body = 'call 536-22-8190 re ssn' WHERE id <= 60`);
    await admin.query('SELECT pg_stat_force_next_flush()');
    const changed = await scan(['--config', config, '--catalog', catalog]);
    assert.deepEqual(changed.committed, [`${schema}.customer_view`, `${schema}.notes`]);
    assert.deepEqual(changed.unchanged, [`${schema}.customers`]);
    assert.deepEqual(await fieldsOfType(catalog, 'ssn'), [`crm.${schema}.notes.body`]);
  });
});

describe('MariaDB', () => {
  const database = `piimap_incr_${randomBytes(4).toString('hex')}`;
  const catalog = join(dir, 'mysql.db');
  let admin: mysql.Connection;
  let config: string;

  before(async () => {
    admin = await mysql.createConnection({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      multipleStatements: true,
    });
    await admin.query(`
      CREATE DATABASE ${database};
      CREATE TABLE ${database}.customers (id int primary key, email text);
      INSERT INTO ${database}.customers VALUES (1, 'ann@example.com'), (2, 'bob@example.com'), (3, 'cy@example.com');
      CREATE TABLE ${database}.notes (id int primary key, body text);
      INSERT INTO ${database}.notes VALUES (1, 'hello'), (2, 'world'), (3, 'again');
    `);
    // A table written in the last 2 s counts as changed, in whole seconds (UPDATE_TIME and NOW()
    // both drop the fraction: up to 3 s of wall time). Wait until neither table is that recent, so
    // the first scan stores their fingerprints; a fixed 2.5 s wait failed about one run in three.
    for (let waited = 0; ; waited += 200) {
      const [[row]] = await admin.query<mysql.RowDataPacket[]>(
        `SELECT COUNT(*) AS n FROM information_schema.TABLES
          WHERE TABLE_SCHEMA = ? AND UPDATE_TIME >= NOW() - INTERVAL 2 SECOND`,
        [database],
      );
      if (Number(row?.n) === 0) break;
      assert.ok(waited < 10_000, 'the tables still read as just written after 10 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    config = join(dir, 'mysql.json');
    writeFileSync(
      config,
      JSON.stringify({
        sources: [{ name: 'shop', type: 'mysql', url: 'mysql://root@127.0.0.1:3306', databases: [database] }],
      }),
    );
  });
  after(async () => {
    await admin.query(`DROP DATABASE ${database}`);
    await admin.end();
  });

  test('--changed-only skips unchanged tables and rescans an updated one', async () => {
    const first = await scan(['--config', config, '--catalog', catalog]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.committed.length, 2);
    const again = await scan(['--config', config, '--catalog', catalog, '--changed-only']);
    assert.deepEqual(again.unchanged, [`${database}.customers`, `${database}.notes`]);

    await admin.query(`UPDATE ${database}.notes SET body = 'mail dee@example.com' WHERE id IN (1, 2, 3)`);
    const changed = await scan(['--config', config, '--catalog', catalog, '--changed-only']);
    assert.deepEqual(changed.committed, [`${database}.notes`]);
    assert.deepEqual(changed.unchanged, [`${database}.customers`]);
  });
});
