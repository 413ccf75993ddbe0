// The MySQL/MariaDB adapter against the real MariaDB at 127.0.0.1:3306 (root, no password): each
// run creates its own database (and a restricted user) and drops them afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { escapeId } from 'mysql2';
import { type Connection, type RowDataPacket, createConnection } from 'mysql2/promise';
import { ConfigError, SourceError } from '../../src/shared/errors.js';
import type { AssetDescriptor, FieldDescriptor, SampleOptions } from '../../src/sources/source-adapter.js';
import { mysqlEndpoint, mysqlPoolOptions } from '../../src/sources/mysql/mysql-connection.js';
import { mysqlDialect } from '../../src/sources/mysql/mysql-dialect.js';
import type { MysqlSessionPool } from '../../src/sources/mysql/mysql-session-pool.js';
import { MysqlSource, type MysqlSourceConfig } from '../../src/sources/mysql/mysql-source.js';

const DB = `piimap_t_${randomBytes(6).toString('hex')}`;
const USER = DB; // a user with SELECT on one table only
const USER_PASSWORD = randomBytes(9).toString('base64url');
const URL = `mysql://root@127.0.0.1:3306/${DB}`;
const WEIRD = 'a"; DROP TABLE x; --';
const BIG_ROWS = 20_000;

let admin: Connection;
const sources: MysqlSource[] = [];

function open(config: Partial<MysqlSourceConfig> = {}): MysqlSource {
  const source = new MysqlSource({ name: 'shop', url: URL, ...config });
  sources.push(source);
  return source;
}

async function collect(rowRuns: AsyncIterable<(string | null)[][]>): Promise<(string | null)[][]> {
  const all: (string | null)[][] = [];
  for await (const run of rowRuns) all.push(...run);
  return all;
}

async function sampleAll(source: MysqlSource, table: string, options: Partial<SampleOptions> = {}) {
  const asset = (await source.listAssets()).find((a) => a.name === `${DB}.${table}`);
  assert.ok(asset, `${table} is listed`);
  const fields = await source.describe(asset);
  const sample = await source.sample(asset, fields, {
    sampleSize: 1000,
    maxValueBytes: 1000,
    full: false,
    ...options,
  });
  return { method: sample.method, fields, rows: await collect(sample.rowRuns) };
}

async function insertRows(table: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await admin.query(`INSERT INTO ${DB}.${table} VALUES ?`, [rows.slice(i, i + 1000)]);
}

before(async () => {
  admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.query(`USE ${DB}`);
  await admin.query(`CREATE TABLE people (
    id INT PRIMARY KEY, email VARCHAR(100), ssn BIGINT, dob DATE, seen TIMESTAMP NULL, note TEXT,
    score DECIMAL(6,2), tier ENUM('a','b'), doc JSON, avatar BLOB, tiny TINYBLOB, raw VARBINARY(16),
    bin BINARY(4), flags BIT(8), loc POINT)`);
  await admin.query(
    `INSERT INTO people (id, email, ssn, dob, seen, note, score, tier, doc, avatar) VALUES
     (1, 'jane@example.com', 123456789, '1980-02-29', '2024-05-01 10:11:12', 'call me', 12.5, 'a', '{"e":"x@y.z"}', x'00ff'),
     (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  );
  await admin.query('CREATE VIEW people_view AS SELECT id, email FROM people');
  await admin.query('CREATE VIEW slow_view AS SELECT SLEEP(2) AS s');
  await admin.query('CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(20))');
  await insertRows(
    'big',
    Array.from({ length: BIG_ROWS }, (_, i) => [i * 3 + 7, `v${i * 3 + 7}`]),
  );
  await admin.query('CREATE TABLE nokey (n INT, v VARCHAR(20))');
  await insertRows(
    'nokey',
    Array.from({ length: 3000 }, (_, i) => [i, `n${i}`]),
  );
  await admin.query('CREATE TABLE uniq (code BIGINT UNSIGNED NOT NULL UNIQUE, v VARCHAR(20))');
  await insertRows(
    'uniq',
    Array.from({ length: 3000 }, (_, i) => [`${18446744073709000000n + BigInt(i * 5)}`, `u${i}`]),
  );
  await admin.query('CREATE TABLE long_values (id INT PRIMARY KEY, body MEDIUMTEXT)');
  await admin.query('INSERT INTO long_values VALUES (1, REPEAT(?, 1048576))', ['é']);
  // 120 bytes but 60 characters: over the cut in bytes, within it in characters — read whole.
  await admin.query('INSERT INTO long_values VALUES (2, REPEAT(?, 60)), (3, ?)', ['é', 'x'.repeat(100)]);
  await admin.query('CREATE TABLE x (id INT)');
  await admin.query(
    `CREATE TABLE ${escapeId(WEIRD)} (${escapeId(WEIRD)} VARCHAR(40), ${escapeId('we`ird')} INT)`,
  );
  await admin.query(`INSERT INTO ${escapeId(WEIRD)} VALUES ('jane@example.com', 1)`);
  await admin.query('ANALYZE TABLE big, nokey');
  await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [USER, '%', USER_PASSWORD]);
  await admin.query(`GRANT SELECT ON ${DB}.big TO ?@?`, [USER, '%']);
  await admin.query(`GRANT INSERT ON ${DB}.people TO ?@?`, [USER, '%']);
});

after(async () => {
  await Promise.all(sources.map((source) => source.close()));
  await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
  await admin.query('DROP USER IF EXISTS ?@?', [USER, '%']);
  await admin.end();
});

describe('mysqlDialect', () => {
  test('MariaDB bounds statements with max_statement_time, in seconds', () => {
    const dialect = mysqlDialect('10.11.19-MariaDB-0+deb12u1');
    assert.equal(dialect.server, 'mariadb');
    assert.equal(dialect.jsonByCheckConstraint, true);
    assert.deepEqual(dialect.statementTimeout(1500), { variable: 'max_statement_time', value: 1.5 });
    assert.deepEqual(dialect.sessionStatements({ statementTimeoutMs: 1500, lockWaitSeconds: 5 }), [
      { sql: 'SET SESSION TRANSACTION READ ONLY', values: [] },
      {
        sql: 'SET SESSION max_statement_time = ?, lock_wait_timeout = ?, innodb_lock_wait_timeout = ?',
        values: [1.5, 5, 5],
      },
    ]);
    assert.equal(mysqlDialect('5.5.5-10.6.12-MariaDB-log').server, 'mariadb');
  });

  test('MySQL bounds statements with max_execution_time, in milliseconds, and reads fresh statistics', () => {
    const dialect = mysqlDialect('8.0.36');
    assert.equal(dialect.server, 'mysql');
    assert.equal(dialect.jsonByCheckConstraint, false);
    assert.deepEqual(dialect.statementTimeout(1500), { variable: 'max_execution_time', value: 1500 });
    assert.deepEqual(dialect.sessionStatements({ statementTimeoutMs: 1500, lockWaitSeconds: 5 }), [
      { sql: 'SET SESSION TRANSACTION READ ONLY', values: [] },
      {
        sql: 'SET SESSION max_execution_time = ?, lock_wait_timeout = ?, innodb_lock_wait_timeout = ?',
        values: [1500, 5, 5],
      },
      { sql: 'SET SESSION information_schema_stats_expiry = 0', values: [] },
    ]);
    const old = mysqlDialect('5.7.44-log').sessionStatements({ statementTimeoutMs: 0, lockWaitSeconds: 5 });
    assert.equal(old.length, 2, 'MySQL 5.7 has no information_schema_stats_expiry');
  });
});

describe('mysql connection settings', () => {
  test('a URL gives the endpoint; its location hides the password', () => {
    const endpoint = mysqlEndpoint({ name: 's', url: 'mysql://app:p%40ss@db.example:3307/shop' });
    assert.deepEqual(endpoint, {
      host: 'db.example',
      port: 3307,
      user: 'app',
      password: 'p@ss',
      database: 'shop',
      location: 'mysql://app:***@db.example:3307/shop',
    });
    assert.equal(
      open({ url: 'mysql://app:hunter2@localhost/shop' }).location,
      'mysql://app:***@localhost/shop',
    );
  });

  test('without a URL, the MYSQL_* variables and their defaults', () => {
    assert.deepEqual(mysqlEndpoint({ name: 's' }, {}), {
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      location: 'mysql://root@127.0.0.1:3306/',
    });
    const endpoint = mysqlEndpoint(
      { name: 's' },
      { MYSQL_HOST: 'h', MYSQL_PORT: '3310', MYSQL_USER: 'u', MYSQL_PWD: 'pw', MYSQL_DATABASE: 'd' },
    );
    assert.equal(endpoint.password, 'pw');
    assert.equal(endpoint.location, 'mysql://u@h:3310/d');
  });

  test('pool options: size, program_name, TLS that verifies the host name', () => {
    const config = { name: 's', url: 'mysql://u@db.example/shop', maxConnections: 3, tls: { enabled: true } };
    const options = mysqlPoolOptions(config, mysqlEndpoint(config));
    assert.equal(options.connectionLimit, 3);
    assert.deepEqual(options.connectAttributes, { program_name: 'piimap' });
    assert.equal(options.multipleStatements, false);
    assert.deepEqual(options.ssl, { rejectUnauthorized: true, verifyIdentity: true });
    const renamed = { ...config, tls: { enabled: true, servername: 'other.example' } };
    assert.throws(() => mysqlPoolOptions(renamed, mysqlEndpoint(renamed)), ConfigError);
    assert.throws(
      () => mysqlEndpoint({ name: 's', url: 'postgres://u:pw@h/db' }),
      /source s: url postgres:\/\/u:\*\*\*@h\/db/,
    );
  });

  test('a wrong password fails in connect(), without printing it', async () => {
    const config = { name: 'shop', url: `mysql://root:wrong-secret@127.0.0.1:3306/${DB}` };
    await assert.rejects(MysqlSource.connect(config), (error: Error) => {
      assert.ok(error instanceof SourceError);
      assert.match(
        error.message,
        /^source shop: cannot connect to mysql:\/\/root:\*\*\*@127\.0\.0\.1:3306\//,
      );
      assert.doesNotMatch(error.message, /wrong-secret/);
      return true;
    });
  });
});

describe('MysqlSource', () => {
  test('lists the database’s tables with row estimates; views only when asked', async () => {
    const tables = await open().listAssets();
    assert.deepEqual(
      tables.map((a) => a.name),
      ['big', 'long_values', 'nokey', 'people', 'uniq', 'x', WEIRD].map((t) => `${DB}.${t}`).sort(),
    );
    assert.ok(tables.every((a) => a.kind === 'table'));
    const big = tables.find((a) => a.name === `${DB}.big`);
    assert.ok(
      big?.rowEstimate !== undefined && big.rowEstimate > BIG_ROWS / 2 && big.rowEstimate < BIG_ROWS * 2,
      `estimate ${big?.rowEstimate}`,
    );

    const withViews = await open({ views: true }).listAssets();
    const view = withViews.find((a) => a.name === `${DB}.people_view`);
    assert.deepEqual(view, { name: `${DB}.people_view`, kind: 'view' });
    assert.equal(withViews.length, tables.length + 2);
  });

  test('without a database in the URL, lists every non-system database (or the ones named)', async () => {
    const all = await open({ url: 'mysql://root@127.0.0.1:3306' }).listAssets();
    assert.ok(all.some((a) => a.name === `${DB}.people`));
    assert.ok(!all.some((a) => /^(mysql|information_schema|performance_schema|sys)\./.test(a.name)));
    const named = await open({ url: 'mysql://root@127.0.0.1:3306/test', databases: [DB] }).listAssets();
    assert.ok(named.every((a) => a.name.startsWith(`${DB}.`)) && named.length === 7);
  });

  test('describes columns in order: values for text, numbers and dates; json; binary skipped', async () => {
    const source = open();
    const fields = await source.describe({ name: `${DB}.people`, kind: 'table' });
    const modes = Object.fromEntries(fields.map((f) => [f.name, f.scan]));
    assert.deepEqual(
      fields.map((f) => f.name),
      [
        'id',
        'email',
        'ssn',
        'dob',
        'seen',
        'note',
        'score',
        'tier',
        'doc',
        'avatar',
        'tiny',
        'raw',
        'bin',
        'flags',
        'loc',
      ],
    );
    assert.deepEqual(modes, {
      id: 'values',
      email: 'values',
      ssn: 'values',
      dob: 'values',
      seen: 'values',
      note: 'values',
      score: 'values',
      tier: 'values',
      doc: 'json',
      avatar: 'skip',
      tiny: 'skip',
      raw: 'skip',
      bin: 'skip',
      flags: 'skip',
      loc: 'skip',
    });
    const byName = new Map(fields.map((f) => [f.name, f]));
    assert.equal(byName.get('doc')?.dataType, 'json');
    assert.equal(byName.get('email')?.dataType, 'varchar(100)');
    assert.match(byName.get('avatar')?.skipReason ?? '', /binary \(BLOB\)/);
    assert.match(byName.get('loc')?.skipReason ?? '', /spatial/);
  });

  test('samples a small table in full, every value as text, skipped fields as NULL', async () => {
    const { method, fields, rows } = await sampleAll(open(), 'people');
    assert.equal(method, 'full');
    const first = Object.fromEntries(fields.map((f, i) => [f.name, rows[0]?.[i]]));
    assert.deepEqual(first, {
      id: '1',
      email: 'jane@example.com',
      ssn: '123456789',
      dob: '1980-02-29',
      seen: '2024-05-01 10:11:12',
      note: 'call me',
      score: '12.50',
      tier: 'a',
      doc: '{"e":"x@y.z"}',
      avatar: null,
      tiny: null,
      raw: null,
      bin: null,
      flags: null,
      loc: null,
    });
    assert.ok(rows[1]?.every((value) => value === null || value === '2'));
  });

  test('samples a large table in random key ranges across the whole key, each row once', async () => {
    const { method, rows } = await sampleAll(open(), 'big', { sampleSize: 1000 });
    assert.equal(method, 'key-ranges');
    const ids = rows.map((row) => Number(row[0]));
    assert.ok(ids.length >= 500 && ids.length <= 1000, `${ids.length} rows`);
    assert.equal(new Set(ids).size, ids.length, 'no row twice');
    assert.deepEqual(
      rows.map((row) => row[1]),
      ids.map((id) => `v${id}`),
    );
    const top = (BIG_ROWS - 1) * 3 + 7;
    const tenths = new Set(ids.map((id) => Math.floor((id / top) * 10)));
    assert.ok(Math.max(...ids) - Math.min(...ids) > top / 4, 'spread across the key range');
    assert.ok(tenths.size >= 3, `ranges fall in ${tenths.size} tenths of the table`);
  });

  test('a seed makes key-range samples repeatable', async () => {
    const source = open();
    const first = await sampleAll(source, 'big', { sampleSize: 300, seed: 42 });
    const again = await sampleAll(source, 'big', { sampleSize: 300, seed: 42 });
    const other = await sampleAll(source, 'big', { sampleSize: 300, seed: 43 });
    assert.equal(first.method, 'key-ranges');
    assert.deepEqual(again.rows, first.rows);
    assert.notDeepEqual(other.rows, first.rows);
  });

  test('full: true reads every row of a large table', async () => {
    const { method, rows } = await sampleAll(open(), 'big', { sampleSize: 1000, full: true });
    assert.equal(method, 'full');
    assert.equal(rows.length, BIG_ROWS);
  });

  test('key ranges over a UNIQUE BIGINT UNSIGNED key beyond 2^53', async () => {
    const { method, rows } = await sampleAll(open(), 'uniq', { sampleSize: 1000 });
    assert.equal(method, 'key-ranges');
    const codes = rows.map((row) => BigInt(row[0] ?? '0'));
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.length >= 500 && codes.length <= 1000, `${codes.length} rows`);
    assert.ok(
      codes.every((code) => (code - 18446744073709000000n) % 5n === 0n),
      'exact keys',
    );
  });

  test('a table without an integer key, and a view, are sampled from the head', async () => {
    const nokey = await sampleAll(open(), 'nokey', { sampleSize: 1000 });
    assert.equal(nokey.method, 'head');
    assert.equal(nokey.rows.length, 1000);
    const view = await sampleAll(open({ views: true }), 'people_view', { sampleSize: 1000 });
    assert.equal(view.method, 'head');
    assert.deepEqual(view.rows, [
      ['1', 'jane@example.com'],
      ['2', null],
    ]);
  });

  test('a 1 MB value is cut by the server to maxValueBytes characters', async () => {
    const { rows } = await sampleAll(open(), 'long_values', { maxValueBytes: 100 });
    assert.deepEqual(
      rows.map((row) => row[1]),
      ['é'.repeat(100), 'é'.repeat(60), 'x'.repeat(100)],
    );
  });

  test('identifiers with quotes, semicolons and spaces are read as names, never run', async () => {
    const { method, fields, rows } = await sampleAll(open(), WEIRD);
    assert.equal(method, 'full');
    assert.deepEqual(
      fields.map((f) => f.name),
      [WEIRD, 'we`ird'],
    );
    assert.deepEqual(rows, [['jane@example.com', '1']]);
    const [tables] = await admin.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
      [DB, 'x'],
    );
    assert.equal(tables[0]?.n, 1, 'table x still exists');
  });

  test('stopping early frees the connection for the next sample', async () => {
    const source = open({ maxConnections: 1 });
    const { fields } = await sampleAll(source, 'big', { sampleSize: 5 });
    const sample = await source.sample({ name: `${DB}.big`, kind: 'table' }, fields, {
      sampleSize: 1000,
      maxValueBytes: 10,
      full: true,
    });
    for await (const _run of sample.rowRuns) break;
    const again = await sampleAll(source, 'people');
    assert.equal(again.rows.length, 2);
  });

  test('sessions are read-only and time-bounded', async () => {
    const source = open({ statementTimeoutMs: 1500 });
    // The adapter's own pool, reached past `private` on purpose: these are the sessions it samples with.
    const pool = (source as unknown as { pool: MysqlSessionPool }).pool;
    const connection = await pool.acquire();
    try {
      const [[vars]] = await connection.query<RowDataPacket[]>(
        'SELECT @@session.tx_read_only AS ro, @@session.max_statement_time AS t, @@session.lock_wait_timeout AS l, @@session.innodb_lock_wait_timeout AS il',
      );
      assert.deepEqual(Object.values(vars ?? {}).map(Number), [1, 1.5, 5, 5]);
      await assert.rejects(connection.query(`INSERT INTO ${DB}.x VALUES (1)`), { errno: 1792 });
      await assert.rejects(connection.query(`CREATE TABLE ${DB}.y (i INT)`), { errno: 1792 });
    } finally {
      connection.release();
    }
    const [[count]] = await admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${DB}.x`);
    assert.equal(count?.n, 0);
  });

  test('a statement over the time limit fails as a SourceError naming the asset', async () => {
    const source = open({ views: true, statementTimeoutMs: 300 });
    const slow = { name: `${DB}.slow_view`, kind: 'view' as const };
    const fields: FieldDescriptor[] = [{ name: 's', dataType: 'int', scan: 'values' }];
    const options = { sampleSize: 10, maxValueBytes: 10, full: false };
    // MariaDB evaluates this table-less view already while planning; either way the limit holds.
    await assert.rejects(
      async () => collect((await source.sample(slow, fields, options)).rowRuns),
      (error: Error) => {
        assert.ok(error instanceof SourceError);
        assert.match(error.message, new RegExp(`^source shop: ${DB}\\.slow_view: .*max_statement_time`));
        return true;
      },
    );
  });

  test('a table the user may not SELECT: sample() says which GRANT is missing', async () => {
    const source = open({ url: `mysql://${USER}:${USER_PASSWORD}@127.0.0.1:3306/${DB}` });
    const assets = await source.listAssets();
    assert.deepEqual(assets.map((a) => a.name).sort(), [`${DB}.big`, `${DB}.people`]);
    const people = assets.find((a) => a.name === `${DB}.people`) as AssetDescriptor;
    const fields: FieldDescriptor[] = await source.describe(people);
    await assert.rejects(
      source.sample(people, fields, { sampleSize: 10, maxValueBytes: 10, full: false }),
      (error: Error) => {
        assert.ok(error instanceof SourceError && error.permissionDenied);
        assert.match(
          error.message,
          new RegExp(`^source shop: ${DB}\\.people: the scanning user may not SELECT`),
        );
        assert.ok(error.message.includes(`GRANT SELECT ON \`${DB}\`.\`people\``), error.message);
        assert.doesNotMatch(error.message, new RegExp(USER_PASSWORD));
        return true;
      },
    );
    const big = await sampleAll(source, 'big', { sampleSize: 10 });
    assert.equal(big.rows.length, 10);
  });
});
