// Masked views against the real servers: each dialect's run creates its own schema (Postgres) or
// database (MariaDB) with customers and orders sharing an email, scans it with the real CLI, builds
// the policy and the SQL from that catalog, applies the SQL with the key set as its header says,
// and reads the views back: every masked value has its shape and equals the reference masking
// (masking-values.ts), untouched columns are equal, hashed emails still join, and the key appears
// in nothing piimap wrote.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { escapeId } from 'mysql2';
import { type Connection, createConnection } from 'mysql2/promise';
import pg from 'pg';
import { currentFields } from '../../src/catalog/catalog-queries.js';
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import {
  type MaskingPolicy,
  type MaskingPolicyOptions,
  catalogSourceKinds,
  maskingPolicy,
} from '../../src/exporters/masking-policy.js';
import { maskingSql } from '../../src/exporters/masking-sql.js';
import { maskValue } from '../../src/exporters/masking-values.js';
import { runCli } from '../cli/run-cli.js';

const KEY = `k-${randomBytes(16).toString('hex')}`;
/** Longer than HMAC's 64-byte block, and not ASCII: the servers must hash it first, as UTF-8. */
const LONG_KEY = `schlüssel-${randomBytes(40).toString('hex')}`;

const CUSTOMERS: [number, string, string | null, string, string, string | null][] = [
  [
    1,
    'ana.lopez@example.com',
    '(202) 555-0143',
    '536-22-8190',
    '4111 1111 1111 1111',
    'Prefers email; backup ana.l@example.org',
  ],
  [
    2,
    'b.nguyen@example.org',
    '(415) 555-0132',
    '412-71-3305',
    '5555 5555 5555 4444',
    'Gold customer since 2019',
  ],
  [
    3,
    'chen.wei@mail.example.net',
    '(312) 555-0190',
    '288-44-9012',
    '4012888888881881',
    'Call (312) 555-0199 after 5pm',
  ],
  [4, 'd.okafor@example.com', '(617) 555-0155', '155-63-2478', '3782 822463 10005', null],
  [
    5,
    'emma.schmidt@example.org',
    '(212) 555-0147',
    '601-18-7734',
    '6011111111111117',
    'Asked to be contacted at emma@example.net',
  ],
  [6, 'f.rossi@example.com', '(303) 555-0166', '349-52-6610', '5105 1051 0510 5100', 'Returned one item'],
  [7, 'g.kim@example.net', null, '509-37-1184', '4242 4242 4242 4242', 'VIP'],
  [8, 'h.patel@example.com', '(206) 555-0111', '223-90-4467', '3530111333300000', 'Wants paper invoices'],
  [9, 'i.ivanova@example.org', '(512) 555-0127', '470-15-3329', '4000056655665556', 'Moved to Austin'],
  [10, 'j.smith@example.com', '(404) 555-0183', '314-68-5021', '5200 8282 8282 8210', 'No notes'],
];
const ORDERS: [number, string, string][] = [
  [101, 'ana.lopez@example.com', '19.99'],
  [102, 'ana.lopez@example.com', '5.00'],
  [103, 'chen.wei@mail.example.net', '120.50'],
  [104, 'emma.schmidt@example.org', '42.00'],
  [105, 'g.kim@example.net', '7.25'],
  [106, 'j.smith@example.com', '310.00'],
  [107, 'h.patel@example.com', '64.10'],
  [108, 'b.nguyen@example.org', '15.75'],
];
const HOSTILE_PG = 'a"; DROP TABLE x; --';
const HOSTILE_MY = 'a`; DROP TABLE x; --';

type Row = Record<string, unknown>;

/** What the checks need from a server: statements, reads, the key, and a fresh session. */
interface Server {
  container: string;
  sourceUrl: string;
  estateSource: Record<string, unknown>;
  dialect: 'postgres' | 'mysql';
  exec(sql: string): Promise<void>;
  rows(table: string, orderBy: string): Promise<Row[]>;
  join(): Promise<Row[]>;
  setKey(key: string): Promise<void>;
  /** A new session without the key, reading the hashed customers view. */
  readWithoutKey(): Promise<Row[] | Error>;
  tableExists(table: string): Promise<boolean>;
  close(): Promise<void>;
}

async function postgres(): Promise<Server> {
  const schema = `piimap_mask_${randomBytes(5).toString('hex')}`;
  const url = 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = (name: string) => `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
  await client.query(`CREATE SCHEMA ${client.escapeIdentifier(schema)}`);
  await client.query(
    `CREATE TABLE ${q('customers')} (id int PRIMARY KEY, email text, phone text, ssn varchar(11), card text, notes text)`,
  );
  await client.query(
    `CREATE TABLE ${q('orders')} (id int PRIMARY KEY, customer_email varchar(200), total numeric(10,2))`,
  );
  await client.query(`CREATE TABLE ${q(HOSTILE_PG)} (email text)`);
  await client.query(`CREATE TABLE ${q('x')} (id int)`);
  for (const row of CUSTOMERS)
    await client.query(`INSERT INTO ${q('customers')} VALUES ($1, $2, $3, $4, $5, $6)`, row);
  for (const row of ORDERS) await client.query(`INSERT INTO ${q('orders')} VALUES ($1, $2, $3)`, row);
  for (const [, email] of CUSTOMERS) await client.query(`INSERT INTO ${q(HOSTILE_PG)} VALUES ($1)`, [email]);
  return {
    container: schema,
    sourceUrl: url,
    estateSource: { name: 'pgshop', type: 'postgres', url, schemas: [schema] },
    dialect: 'postgres',
    exec: async (sql) => void (await client.query(sql)),
    rows: async (table, orderBy) =>
      (await client.query(`SELECT * FROM ${q(table)} ORDER BY ${client.escapeIdentifier(orderBy)}`))
        .rows as Row[],
    join: async () =>
      (
        await client.query(
          `SELECT o.id, c.id AS customer FROM ${q('orders_masked')} o JOIN ${q('customers_masked')} c ON c.email = o.customer_email ORDER BY o.id`,
        )
      ).rows as Row[],
    setKey: async (key) =>
      void (await client.query(`SELECT set_config('piimap.masking_key', $1, false)`, [key])),
    readWithoutKey: async () => {
      const fresh = new pg.Client({ connectionString: url });
      await fresh.connect();
      try {
        return (await fresh.query(`SELECT email FROM ${q('customers_masked')}`)).rows as Row[];
      } catch (error) {
        return error as Error;
      } finally {
        await fresh.end();
      }
    },
    tableExists: async (table) =>
      (
        await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [
          schema,
          table,
        ])
      ).rowCount === 1,
    close: async () => {
      await client.query(`DROP SCHEMA ${client.escapeIdentifier(schema)} CASCADE`);
      await client.end();
    },
  };
}

async function mysql(): Promise<Server> {
  const db = `piimap_mask_${randomBytes(5).toString('hex')}`;
  const options = { host: '127.0.0.1', port: 3306, user: 'root' };
  const conn: Connection = await createConnection({ ...options, multipleStatements: true });
  const q = (name: string) => `${escapeId(db, true)}.${escapeId(name, true)}`;
  await conn.query(`CREATE DATABASE ${escapeId(db)} CHARACTER SET utf8mb4`);
  await conn.query(
    `CREATE TABLE ${q('customers')} (id INT PRIMARY KEY, email VARCHAR(200), phone VARCHAR(40), ssn CHAR(11), card VARCHAR(30), notes TEXT)`,
  );
  // A different character set than customers: the hash reads both as UTF-8, so they still join.
  await conn.query(
    `CREATE TABLE ${q('orders')} (id INT PRIMARY KEY, customer_email VARCHAR(200) CHARACTER SET latin1, total DECIMAL(10,2))`,
  );
  await conn.query(`CREATE TABLE ${q(HOSTILE_MY)} (email VARCHAR(200))`);
  await conn.query(`CREATE TABLE ${q('x')} (id INT)`);
  await conn.query(`INSERT INTO ${q('customers')} VALUES ?`, [CUSTOMERS]);
  await conn.query(`INSERT INTO ${q('orders')} VALUES ?`, [ORDERS]);
  await conn.query(`INSERT INTO ${q(HOSTILE_MY)} VALUES ?`, [CUSTOMERS.map(([, email]) => [email])]);
  const url = `mysql://root@127.0.0.1:3306/${db}`;
  return {
    container: db,
    sourceUrl: url,
    estateSource: { name: 'myshop', type: 'mysql', url, databases: [db] },
    dialect: 'mysql',
    exec: async (sql) => void (await conn.query(sql)),
    rows: async (table, orderBy) =>
      (await conn.query(`SELECT * FROM ${q(table)} ORDER BY ${escapeId(orderBy)}`))[0] as Row[],
    join: async () =>
      (
        await conn.query(
          `SELECT o.id, c.id AS customer FROM ${q('orders_masked')} o JOIN ${q('customers_masked')} c ON c.email = o.customer_email ORDER BY o.id`,
        )
      )[0] as Row[],
    setKey: async (key) => void (await conn.query('SET @piimap_masking_key = ?', [key])),
    readWithoutKey: async () => {
      const fresh = await createConnection(options);
      try {
        return (await fresh.query(`SELECT email FROM ${q('customers_masked')}`))[0] as Row[];
      } catch (error) {
        return error as Error;
      } finally {
        await fresh.end();
      }
    },
    tableExists: async (table) =>
      (
        (
          await conn.query(
            'SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
            [db, table],
          )
        )[0] as Row[]
      ).length === 1,
    close: async () => {
      await conn.query(`DROP DATABASE ${escapeId(db)}`);
      await conn.end();
    },
  };
}

const digitsOf = (value: unknown) => String(value).replace(/[^0-9]/g, '');

for (const open of [postgres, mysql]) {
  describe(`masked views on ${open.name}`, () => {
    let server: Server;
    let dir: string;
    let catalog: string;
    const policyOf = (options: MaskingPolicyOptions = {}): MaskingPolicy => {
      const store = SqliteCatalogStore.open(catalog, { readonly: true });
      try {
        return maskingPolicy(currentFields(store), catalogSourceKinds(store), options);
      } finally {
        store.close();
      }
    };
    const asset = (table: string) => `${server.container}.${table}`;
    /** Builds the SQL with the key in the environment, as a user would, and checks it is absent. */
    const applied = async (policy: MaskingPolicy): Promise<string> => {
      const before = process.env.PIIMAP_MASKING_KEY;
      process.env.PIIMAP_MASKING_KEY = KEY;
      try {
        const sql = await maskingSql(policy, server.dialect);
        for (const text of [sql, JSON.stringify(policy)]) {
          assert.ok(!text.includes(KEY), 'the key is in nothing piimap writes');
          assert.ok(!text.includes(LONG_KEY));
        }
        await server.exec(sql);
        return sql;
      } finally {
        if (before === undefined) delete process.env.PIIMAP_MASKING_KEY;
        else process.env.PIIMAP_MASKING_KEY = before;
      }
    };

    before(async () => {
      server = await open();
      dir = mkdtempSync(join(tmpdir(), 'piimap-masking-'));
      catalog = join(dir, 'catalog.db');
      const config = join(dir, 'estate.json');
      writeFileSync(config, JSON.stringify({ sources: [server.estateSource] }));
      const scan = await runCli(['scan', '--config', config, '--catalog', catalog, '--workers', '0']);
      assert.equal(scan.code, 0, scan.stderr);
    });

    after(async () => {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('the policy from the scan: partial email, card, SSN and phone; notes redacted', () => {
      const policy = policyOf();
      const source = Object.values(policy.sources)[0];
      assert.equal(source?.kind, server.dialect);
      const customers = source?.assets[asset('customers')];
      assert.deepEqual(customers?.columns, ['id', 'email', 'phone', 'ssn', 'card', 'notes']);
      const strategies = Object.fromEntries(
        Object.entries(customers?.fields ?? {}).map(([name, rule]) => [name, [rule.strategy, rule.partial]]),
      );
      assert.deepEqual(strategies, {
        email: ['partial', { keep: 'email-domain' }],
        phone: ['partial', { keep: 'last-digits', digits: 2 }],
        ssn: ['partial', { keep: 'last-digits', digits: 4 }],
        card: ['partial', { keep: 'last-digits', digits: 4 }],
        notes: ['redact', undefined],
      });
      assert.ok(customers?.fields.notes?.types.every((t) => t.label === 'contains'));
      assert.deepEqual(Object.keys(source?.assets[asset('orders')]?.fields ?? {}), ['customer_email']);
    });

    test('applied views mask each value to its shape; other columns pass through', async () => {
      const policy = policyOf();
      const sql = await applied(policy);
      assert.ok(
        !sql.includes('CREATE FUNCTION') && !sql.includes('CREATE OR REPLACE FUNCTION'),
        'nothing hashed',
      );
      const base = await server.rows('customers', 'id');
      const masked = await server.rows('customers_masked', 'id');
      const rules =
        policy.sources[Object.keys(policy.sources)[0] ?? '']?.assets[asset('customers')]?.fields ?? {};
      assert.equal(masked.length, base.length);
      for (const [i, row] of masked.entries()) {
        const original = base[i] as Row;
        assert.equal(row.id, original.id);
        assert.equal(row.email, `***@${String(original.email).split('@')[1]}`);
        assert.equal(digitsOf(row.card), digitsOf(original.card).slice(-4), `card ${String(row.card)}`);
        assert.equal(String(row.card).length, String(original.card).length);
        assert.equal(row.ssn, `***-**-${String(original.ssn).slice(-4)}`);
        if (original.phone === null) assert.equal(row.phone, null);
        else {
          assert.equal(digitsOf(row.phone), digitsOf(original.phone).slice(-2));
          assert.match(String(row.phone), /^\(\*\*\*\) \*\*\*-\*\*\d\d$/);
        }
        assert.equal(row.notes, original.notes === null ? null : '[redacted]');
        for (const column of ['email', 'phone', 'ssn', 'card', 'notes'] as const) {
          const rule = rules[column];
          assert.ok(rule);
          const value = original[column] === null ? null : String(original[column]);
          assert.equal(row[column], maskValue(rule, value, KEY), `${column} as the reference masks it`);
        }
      }
      const orders = await server.rows('orders_masked', 'id');
      const baseOrders = await server.rows('orders', 'id');
      assert.deepEqual(
        orders.map((o) => [o.id, o.total]),
        baseOrders.map((o) => [o.id, o.total]),
      );
      assert.equal(orders[0]?.customer_email, '***@example.com');
    });

    test('hashed emails join across tables; HMAC as the reference; no key: no hashes', async () => {
      const policy = policyOf({ strategies: { email: 'hash' } });
      await applied(policy);
      await server.setKey(KEY);
      const customers = await server.rows('customers_masked', 'id');
      for (const [i, row] of customers.entries())
        assert.equal(row.email, maskValue({ strategy: 'hash' }, CUSTOMERS[i]?.[1] ?? null, KEY));
      const orders = await server.rows('orders_masked', 'id');
      assert.match(String(orders[0]?.customer_email), /^[0-9a-f]{64}$/);
      const joined = await server.join();
      const expected = ORDERS.map(([id, email]) => [id, CUSTOMERS.find((c) => c[1] === email)?.[0]]);
      assert.deepEqual(
        joined.map((r) => [r.id, r.customer]),
        expected,
      );
      await server.setKey(LONG_KEY);
      const long = await server.rows('orders_masked', 'id');
      assert.equal(
        long[0]?.customer_email,
        maskValue({ strategy: 'hash' }, ORDERS[0]?.[1] ?? null, LONG_KEY),
      );
      assert.equal((await server.join()).length, ORDERS.length);
      const unkeyed = await server.readWithoutKey();
      if (server.dialect === 'postgres') assert.match(String(unkeyed), /piimap\.masking_key is not set/);
      else assert.ok(Array.isArray(unkeyed) && unkeyed.every((r) => r.email === null));
    });

    test('a hostile table name is one quoted identifier: its view exists, table x survives', async () => {
      await applied(policyOf());
      const hostile = server.dialect === 'postgres' ? HOSTILE_PG : HOSTILE_MY;
      assert.ok(await server.tableExists('x'));
      const rows = await server.rows(`${hostile}_masked`, 'email');
      assert.equal(rows.length, CUSTOMERS.length);
      assert.ok(rows.every((r) => String(r.email).startsWith('***@')));
    });
  });
}
