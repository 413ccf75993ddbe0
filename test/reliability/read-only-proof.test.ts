// Proof, from the servers' own statement logs, that piimap only reads. A throwaway PostgreSQL
// (log_statement = 'all', every line tagged with its session and application_name) and a
// throwaway MariaDB (general log) each hold a small schema with PII; `piimap scan`, `plan` and
// `check` run through the real bin as a user that may only SELECT, and every statement their
// sessions sent is checked against an allow-list of reads and a deny-list of writes. The sessions
// must also be read-only and time-bounded before they read anything: Postgres through the startup
// options (proved from inside the scan by a view whose function logs the session's settings and
// tries a write), MariaDB through SET statements the log shows before the first read (and, from
// inside the scan, a view whose function checks them and one whose function tries a write).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliResult, jsonLines, runCli } from '../cli/run-cli.js';
import {
  type ThrowawayMariadb,
  startThrowawayMariadb,
  throwawayMariadbUnavailable,
} from '../support/throwaway-mariadb.js';
import {
  type ThrowawayPostgres,
  startThrowawayPostgres,
  throwawayPostgresUnavailable,
} from '../support/throwaway-postgres.js';

const ROLE = 'piimap_ro';
const PASSWORD = 'ro-secret-4711';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-read-only-'));
});

after(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** The SQL with string literals, quoted identifiers and comments blanked out: only code is left. */
function sqlCode(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length;) {
    const rest = sql.slice(i);
    const token =
      /^'(?:[^'\\]|''|\\.)*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      /^`(?:[^`]|``)*`/.exec(rest) ??
      /^--[^\n]*/.exec(rest) ??
      /^#[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest);
    if (token === null) {
      out += sql[i];
      i += 1;
    } else {
      out += token[0].startsWith("'")
        ? "''"
        : token[0].startsWith('"') || token[0].startsWith('`')
          ? 'x'
          : ' ';
      i += token[0].length;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Statements that write, lock, change the session's safety settings or have side effects. */
const WRITES: [string, RegExp][] = [
  [
    'a writing or DDL statement',
    /\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|RENAME|GRANT|REVOKE|TRUNCATE|COPY|LOAD|CALL|DO|VACUUM|ANALYZE|ANALYSE|OPTIMIZE|REPAIR|LOCK|UNLOCK|CLUSTER|REINDEX|REFRESH|COMMENT|SECURITY|IMPORT|LISTEN|NOTIFY|CHECKPOINT|REASSIGN|FLUSH|PURGE|KILL|INSTALL|UNINSTALL|HANDLER|RESET|EXECUTE|PREPARE)\b/i,
  ],
  ['a row lock', /\bFOR (NO KEY UPDATE|UPDATE|SHARE|KEY SHARE)\b|\bLOCK IN SHARE MODE\b/i],
  ['a write to a file or variable', /\bINTO (OUTFILE|DUMPFILE|@)/i],
  ['a read-write transaction', /\bREAD WRITE\b/i],
  ['read-only turned off', /\b(default_)?(transaction_read_only|tx_read_only)\b\s*(=|TO)/i],
  ['a change of identity', /\bSESSION AUTHORIZATION\b|\bSET (SESSION |LOCAL )?ROLE\b|\bSET PASSWORD\b/i],
  ['a global setting', /\bSET (GLOBAL|PERSIST)\b|@@global\./i],
  [
    'a limit turned off',
    /\b(statement_timeout|lock_timeout|max_statement_time|max_execution_time|lock_wait_timeout|innodb_lock_wait_timeout)\b\s*(=|TO)\s*'?0\b/i,
  ],
  [
    'a function with side effects',
    /\b(nextval|setval|lastval|set_config|pg_advisory\w*|pg_try_advisory\w*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_switch_wal|pg_stat_reset\w*|lo_\w+|dblink\w*|txid_current|pg_current_xact_id|pg_notify|pg_logical_emit_message|pg_read_file|pg_read_binary_file|pg_ls_dir|get_lock|release_lock|release_all_locks|load_file|sleep|benchmark|pg_sleep\w*)\s*\(/i,
  ],
  ['more than one statement', /;\s*\S/],
];

/**
 * What piimap may send: reads, session settings, transaction control, cursor handling and
 * `COPY (query) TO STDOUT` (full reads; checked below to copy a query out, never in or to a file).
 */
const PG_READS =
  /^(SELECT|WITH|VALUES|TABLE|SHOW|SET|BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT|DECLARE|FETCH|MOVE|CLOSE|COPY)\b/i;

/** A statement that reads rows: a cursor's DECLARE or a COPY of a query out. */
const READS_ROWS = /^(DECLARE|COPY)\b/i;
const MYSQL_READS =
  /^(SELECT|WITH|VALUES|TABLE|SHOW|SET|DESCRIBE|DESC|EXPLAIN|USE|BEGIN|START TRANSACTION|COMMIT|ROLLBACK)\b/i;

/** Why `sql` is not a plain read (undefined when it is one). */
function notARead(sql: string, reads: RegExp): string | undefined {
  let code = sqlCode(sql).replace(/^\(+\s*/, '');
  if (!reads.test(code)) return `not on the allow-list of reads: ${sql}`;
  if (/^COPY\b/i.test(code)) {
    // Only a query copied out to the client; the query itself is then checked like any other.
    const query = /^COPY \(((?:SELECT|WITH|VALUES|TABLE)\b.*)\) TO STDOUT$/is.exec(code)?.[1];
    if (query === undefined) return `a COPY other than of a query to the client: ${sql}`;
    code = query;
  }
  for (const [what, pattern] of WRITES) if (pattern.test(code)) return `${what}: ${sql}`;
  const cursor = /^DECLARE\b.*?\bCURSOR\b.*?\bFOR (.*)$/i.exec(code);
  if (
    /^DECLARE\b/i.test(code) &&
    (cursor === null || !/^(SELECT|WITH|VALUES|TABLE)\b/i.test(cursor[1] ?? ''))
  )
    return `a cursor over something other than a query: ${sql}`;
  return undefined;
}

test('the read check itself: writes, locks and lifted limits are caught, reads pass', () => {
  const caught = [
    'INSERT INTO t VALUES (1)',
    'update t set a = 1',
    'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d',
    'SELECT * FROM t FOR UPDATE',
    'SELECT * FROM t LOCK IN SHARE MODE',
    "COPY t FROM '/tmp/x'",
    "COPY (SELECT 1) TO '/tmp/x'",
    'COPY t TO STDOUT',
    'COPY (SELECT 1) TO PROGRAM $$rm -rf /$$',
    'COPY t FROM STDIN',
    'DO $$ BEGIN END $$',
    'CALL p()',
    'VACUUM t',
    'ANALYZE t',
    'LOCK TABLE t',
    'TRUNCATE t',
    'GRANT SELECT ON t TO u',
    'BEGIN READ WRITE',
    'SET SESSION TRANSACTION READ WRITE',
    'SET default_transaction_read_only = off',
    'SET SESSION tx_read_only = 0',
    'SET statement_timeout = 0',
    'SET SESSION max_statement_time = 0',
    "SELECT set_config('transaction_read_only', 'off', false)",
    'SELECT pg_advisory_lock(1)',
    "SELECT * FROM t INTO OUTFILE '/tmp/x'",
    'DECLARE c CURSOR FOR UPDATE t SET a = 1',
    'SELECT 1; DROP TABLE t',
    'REPLACE INTO t VALUES (1)',
  ];
  for (const sql of caught) assert.ok(notARead(sql, PG_READS) ?? notARead(sql, MYSQL_READS), sql);
  const reads = [
    'SELECT \'DROP TABLE x; INSERT\' AS "update" FROM t -- DELETE',
    'BEGIN READ ONLY',
    'DECLARE piimap_sample NO SCROLL CURSOR FOR SELECT left(("a")::text, $1) FROM "s"."t"',
    'FETCH 1000 FROM piimap_sample',
    'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    `COPY (SELECT ("id")::text FROM "s"."t" WHERE ctid >= '(0,0)'::tid AND ctid < '(8192,0)'::tid) TO STDOUT`,
    'SET SESSION max_statement_time = 30, lock_wait_timeout = 5, innodb_lock_wait_timeout = 5',
    'SELECT `id` FROM `db`.`lock` LIMIT 0',
  ];
  for (const sql of reads)
    assert.equal(notARead(sql, PG_READS) && notARead(sql, MYSQL_READS), undefined, sql);
});

interface Estate {
  config: string;
  catalog: string;
}

function writeEstate(name: string, source: Record<string, unknown>): Estate {
  const config = join(dir, `${name}.json`);
  const catalog = join(dir, `${name}.db`);
  writeFileSync(config, JSON.stringify({ catalog, sampleSize: 1000, sources: [{ name, ...source }] }));
  return { config, catalog };
}

interface Runs {
  scan: CliResult;
  plan: CliResult;
  check: CliResult;
}

/** scan, plan and check through the real bin, one after the other, each one's log slice kept apart. */
async function runAll(estate: Estate, logSize: () => number, slices: Map<string, [number, number]>) {
  const runs: Partial<Runs> = {};
  for (const command of ['scan', 'plan', 'check'] as const) {
    const start = logSize();
    const args = [command, '--config', estate.config, '--json'];
    runs[command] = await runCli(command === 'scan' ? [...args, '--workers', '0'] : args);
    slices.set(command, [start, logSize()]);
  }
  return runs as Runs;
}

function assertRan(runs: Runs): void {
  for (const [command, result] of Object.entries(runs))
    assert.equal(result.code, 0, `piimap ${command}: ${result.stderr}${result.stdout}`);
}

interface Export {
  fields: { id: string; classifications: { type: string }[] }[];
}

async function exportedTypes(catalog: string): Promise<Map<string, string[]>> {
  const exported = await runCli(['export', '--catalog', catalog, '--format', 'json']);
  assert.equal(exported.code, 0, exported.stderr);
  const { fields } = JSON.parse(exported.stdout) as Export;
  return new Map(fields.map((f) => [f.id, f.classifications.map((c) => c.type).sort()]));
}

interface CheckReport {
  ok: boolean;
  sources: { ok: boolean; readOnly: boolean; readOnlyBy: string; statementTimeoutMs: number | null }[];
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

const pgUnavailable = throwawayPostgresUnavailable();

interface PgLogEntry {
  session: string;
  app: string;
  user: string;
  level: string;
  message: string;
  /** Byte offset in the log where the entry starts (to tell scan, plan and check apart). */
  offset: number;
}

const PG_PREFIX = /^\[pglog s=(\S*) a=(.*?) u=(\S*)\] ([A-Z]+): {2}([\s\S]*)$/;

/** Log entries; a line without the prefix (a tab-indented continuation) belongs to the one before. */
function parsePgLog(log: string): PgLogEntry[] {
  const entries: PgLogEntry[] = [];
  let offset = 0;
  for (const line of log.split('\n')) {
    const match = PG_PREFIX.exec(line);
    if (match !== null) {
      const [, session = '', app = '', user = '', level = '', message = ''] = match;
      entries.push({ session, app, user, level, message, offset });
    } else if (entries.length > 0 && line.length > 0) {
      const last = entries[entries.length - 1] as PgLogEntry;
      last.message += `\n${line.replace(/^\t/, '')}`;
    }
    offset += Buffer.byteLength(line) + 1;
  }
  return entries;
}

/** The SQL an entry carries: `statement:`, `execute/parse/bind <name>:` (with or without a duration), `STATEMENT:`. */
function pgStatement(entry: PgLogEntry): string | undefined {
  if (entry.level === 'STATEMENT') return entry.message;
  if (entry.level !== 'LOG') return undefined;
  const match = /^(?:duration: [\d.]+ ms {2})?(?:statement|(?:execute|parse|bind) [^:]*): ([\s\S]*)$/.exec(
    entry.message,
  );
  return match?.[1];
}

describe(
  'read-only proof: PostgreSQL (throwaway server, log_statement = all)',
  { skip: pgUnavailable },
  () => {
    let server: ThrowawayPostgres | undefined;
    let runs: Runs;
    let entries: PgLogEntry[];
    const slices = new Map<string, [number, number]>();
    let estate: Estate;

    before(async () => {
      server = await startThrowawayPostgres({
        settings: {
          log_statement: 'all',
          log_min_duration_statement: '0',
          log_connections: 'on',
          log_disconnections: 'on',
          log_line_prefix: '[pglog s=%c a=%a u=%u] ',
          log_error_verbosity: 'default',
          lc_messages: 'C',
        },
      });
      await server.query(SETUP_POSTGRES);
      const logSize = () => statSync((server as ThrowawayPostgres).logFile).size;
      estate = writeEstate('crm', {
        type: 'postgres',
        url: `postgres://${ROLE}:${PASSWORD}@127.0.0.1:${server.port}/postgres`,
        schemas: ['crm'],
        views: true,
      });
      runs = await runAll(estate, logSize, slices);
      // Disconnection lines come when the backends exit, just after the client closed.
      await new Promise((resolve) => setTimeout(resolve, 300));
      entries = parsePgLog(readFileSync(server.logFile, 'utf8'));
    });

    after(async () => {
      await server?.stop();
    });

    const piimapEntries = () => entries.filter((e) => e.user === ROLE);
    const sessionsOf = (command: string) => {
      const [start, end] = slices.get(command) ?? [0, 0];
      return new Set(
        piimapEntries()
          .filter((e) => e.offset >= start && e.offset < end)
          .map((e) => e.session),
      );
    };

    test('scan, plan and check succeed as a role with only CONNECT, USAGE and SELECT', async () => {
      assertRan(runs);
      const types = await exportedTypes(estate.catalog);
      assert.deepEqual(types.get('crm.crm.customers.email'), ['email']);
      assert.ok(
        types.get('crm.crm.orders.customer_email')?.includes('email'),
        'the partitioned table was read',
      );
      assert.ok(types.get('crm.crm.customer_contacts.email')?.includes('email'), 'the view was read');
    });

    test("every piimap session is marked by application_name 'piimap'", () => {
      const sessions = new Set(piimapEntries().map((e) => e.session));
      assert.ok(sessions.size >= 3, `one session per command at least, saw ${sessions.size}`);
      for (const session of sessions) {
        const authorized = entries.find(
          (e) => e.session === session && e.message.startsWith('connection authorized:'),
        );
        assert.match(
          authorized?.message ?? `session ${session}: no authorization line`,
          /application_name=piimap\b/,
        );
        const named = entries.filter((e) => e.session === session && pgStatement(e) !== undefined);
        for (const entry of named) assert.equal(entry.app, 'piimap', `${entry.session}: ${entry.message}`);
      }
    });

    test('every statement piimap sent is a read (allow-list), none writes, locks or lifts a limit', () => {
      const statements = piimapEntries().flatMap((e) => pgStatement(e) ?? []);
      assert.ok(statements.length > 10, `the log holds piimap's statements (${statements.length})`);
      assert.ok(
        statements.some((sql) => READS_ROWS.test(sql)),
        'the scan read rows',
      );
      const violations = [...new Set(statements.flatMap((sql) => notARead(sql, PG_READS) ?? []))];
      assert.deepEqual(violations, []);
      const errors = piimapEntries().filter((e) => ['ERROR', 'FATAL', 'PANIC'].includes(e.level));
      assert.deepEqual(
        errors.map((e) => e.message),
        [],
      );
    });

    test('rows are read only inside read-only transactions', () => {
      const open = new Map<string, string>();
      let reads = 0;
      for (const entry of piimapEntries()) {
        if (entry.level !== 'LOG' || !/^(statement|execute [^:]*): /.test(entry.message)) continue;
        const sql = pgStatement(entry) ?? '';
        if (/^(BEGIN|START TRANSACTION)\b/i.test(sql)) open.set(entry.session, sql);
        else if (/^(COMMIT|END|ROLLBACK|ABORT)\b/i.test(sql)) open.delete(entry.session);
        else if (READS_ROWS.test(sql)) {
          reads += 1;
          assert.match(
            open.get(entry.session) ?? 'no transaction',
            /^BEGIN (ISOLATION LEVEL REPEATABLE READ )?READ ONLY$/i,
            sql,
          );
        }
      }
      assert.ok(reads >= 4, `${reads} reads of rows`);
    });

    test("inside the scan's reads the session is read-only and time-bounded, whatever the role's defaults", () => {
      // The probe view's function runs inside piimap's sampling statement: it logs the session's
      // settings and tries a write as its owner, a superuser (SECURITY DEFINER).
      const probes = piimapEntries().filter((e) => e.message.startsWith('piimap-probe:'));
      assert.ok(probes.length >= 1, 'the probe view was sampled');
      for (const probe of probes) {
        assert.ok(sessionsOf('scan').has(probe.session), 'probed in a scan session');
        assert.equal(probe.app, 'piimap');
        const settings = Object.fromEntries(
          [...probe.message.matchAll(/(\w+)=(\S+)/g)].map(([, name, value]) => [name, value]),
        );
        assert.deepEqual(settings, {
          transaction_read_only: 'on',
          default_transaction_read_only: 'on',
          statement_timeout: '30s',
          lock_timeout: '5s',
          idle_in_transaction_session_timeout: '1min',
          write: 'refused(25006)',
        });
      }
    });

    test('no write got through, and plan and check read no rows', async () => {
      const written = await server?.query('SELECT count(*)::int AS n FROM crm.probe_writes');
      assert.equal(written?.[0]?.n, 0);
      for (const command of ['plan', 'check']) {
        const sessions = sessionsOf(command);
        assert.ok(sessions.size > 0, `${command} connected`);
        const reads = piimapEntries().filter(
          (e) =>
            sessions.has(e.session) &&
            (e.message.startsWith('piimap-probe:') ||
              /^(DECLARE|COPY)\b|\bFROM crm\./i.test(pgStatement(e) ?? '')),
        );
        assert.deepEqual(
          reads.map((e) => e.message),
          [],
          `${command} read rows`,
        );
      }
    });

    test('check reports the session as the server sees it: read-only, 30 s statement timeout', () => {
      const report = JSON.parse(runs.check.stdout) as CheckReport;
      assert.equal(report.ok, true);
      assert.equal(report.sources[0]?.readOnly, true);
      assert.equal(report.sources[0]?.readOnlyBy, 'transaction_read_only = on');
      assert.equal(report.sources[0]?.statementTimeoutMs, 30_000);
    });
  },
);

/**
 * A schema with PII (a jsonb column, a partitioned table, a view), a role that may only connect,
 * use the schema and SELECT, with hostile defaults of its own (read-write, no time limits) that
 * piimap's session settings must override, and a probe view.
 */
const SETUP_POSTGRES = `
  CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}';
  ALTER ROLE ${ROLE} SET default_transaction_read_only = off;
  ALTER ROLE ${ROLE} SET statement_timeout = 0;
  ALTER ROLE ${ROLE} SET lock_timeout = 0;
  REVOKE ALL ON DATABASE postgres FROM PUBLIC;
  GRANT CONNECT ON DATABASE postgres TO ${ROLE};
  CREATE SCHEMA crm;
  CREATE TABLE crm.customers (
    id int PRIMARY KEY, full_name text, email text, phone text, profile jsonb, created_at timestamptz);
  INSERT INTO crm.customers
    SELECT g, 'Customer ' || g, 'customer' || g || '@example.com', '+1 415 555 ' || lpad(g::text, 4, '0'),
           jsonb_build_object('contact', jsonb_build_object('email', 'home' || g || '@example.org'), 'tier', g % 3),
           now() - g * interval '1 day'
    FROM generate_series(1, 300) g;
  CREATE TABLE crm.orders (id bigint, customer_email text, placed date, amount numeric)
    PARTITION BY RANGE (placed);
  CREATE TABLE crm.orders_2024 PARTITION OF crm.orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE TABLE crm.orders_2025 PARTITION OF crm.orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
  INSERT INTO crm.orders
    SELECT g, 'customer' || (g % 300 + 1) || '@example.com', date '2024-01-01' + (g % 700), g * 1.5
    FROM generate_series(1, 1500) g;
  CREATE VIEW crm.customer_contacts AS SELECT full_name, email FROM crm.customers;
  CREATE TABLE crm.probe_writes (at timestamptz);
  CREATE FUNCTION crm.session_probe() RETURNS text LANGUAGE plpgsql SECURITY DEFINER AS $$
  DECLARE
    write text := 'allowed';
  BEGIN
    BEGIN
      INSERT INTO crm.probe_writes VALUES (now());
    EXCEPTION WHEN OTHERS THEN
      write := 'refused(' || SQLSTATE || ')';
    END;
    RAISE LOG 'piimap-probe: transaction_read_only=% default_transaction_read_only=% statement_timeout=% lock_timeout=% idle_in_transaction_session_timeout=% write=%',
      current_setting('transaction_read_only'), current_setting('default_transaction_read_only'),
      current_setting('statement_timeout'), current_setting('lock_timeout'),
      current_setting('idle_in_transaction_session_timeout'), write;
    RETURN 'probed';
  END $$;
  CREATE VIEW crm.session_probe AS SELECT crm.session_probe() AS probe;
  GRANT USAGE ON SCHEMA crm TO ${ROLE};
  GRANT SELECT ON ALL TABLES IN SCHEMA crm TO ${ROLE};
  ANALYZE;
`;

// ---------------------------------------------------------------------------------------------
// MariaDB

const mariadbUnavailable = throwawayMariadbUnavailable();

interface GeneralLogEntry {
  id: number;
  command: string;
  argument: string;
  offset: number;
}

const GENERAL_LOG_LINE = /^(?:\d{6}\s+\d{1,2}:\d{2}:\d{2})?\s+(\d+) ([A-Z][A-Za-z ]*?)\t(.*)$/;

/** The general log's entries; lines that do not start one continue the one before (multi-line SQL). */
function parseGeneralLog(log: string): GeneralLogEntry[] {
  const entries: GeneralLogEntry[] = [];
  let offset = 0;
  let header = true;
  for (const line of log.split('\n')) {
    const match = header ? null : GENERAL_LOG_LINE.exec(line);
    if (line.startsWith('Time\t')) header = false;
    else if (match !== null) {
      const [, id = '0', command = '', argument = ''] = match;
      entries.push({ id: Number(id), command, argument, offset });
    } else if (!header && entries.length > 0) {
      const last = entries[entries.length - 1] as GeneralLogEntry;
      last.argument += `\n${line}`;
    }
    offset += Buffer.byteLength(line) + 1;
  }
  for (const entry of entries) entry.argument = entry.argument.trimEnd();
  return entries;
}

/** Protocol commands a reading client may send; anything else (Change user, Refresh, Shutdown, Kill…) fails. */
const MYSQL_COMMANDS = new Set([
  'Connect',
  'Query',
  'Quit',
  'Init DB',
  'Ping',
  'Prepare',
  'Execute',
  'Close stmt',
  'Reset stmt',
]);

describe('read-only proof: MariaDB (throwaway server, general log)', { skip: mariadbUnavailable }, () => {
  let server: ThrowawayMariadb | undefined;
  let runs: Runs;
  let entries: GeneralLogEntry[];
  const slices = new Map<string, [number, number]>();
  let estate: Estate;
  let trapEstate: Estate;
  let trapScan: CliResult;

  before(async () => {
    server = await startThrowawayMariadb({ settings: { general_log: '1' } });
    await server.query(SETUP_MARIADB);
    const logSize = () => Buffer.byteLength((server as ThrowawayMariadb).generalLog());
    estate = writeEstate('shop', {
      type: 'mysql',
      url: `mysql://${ROLE}:${PASSWORD}@127.0.0.1:${server.port}/shop`,
      views: true,
    });
    runs = await runAll(estate, logSize, slices);
    trapEstate = writeEstate('trap', {
      type: 'mysql',
      url: `mysql://${ROLE}:${PASSWORD}@127.0.0.1:${server.port}/trap`,
      views: true,
    });
    trapScan = await runCli(['scan', '--config', trapEstate.config, '--json', '--workers', '0']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    entries = parseGeneralLog(server.generalLog());
  });

  after(async () => {
    await server?.stop();
  });

  /** piimap's sessions: the connection ids its user logged in with, each with its commands in order. */
  const piimapSessions = () => {
    const ids = new Set(
      entries.filter((e) => e.command === 'Connect' && e.argument.startsWith(`${ROLE}@`)).map((e) => e.id),
    );
    const sessions = new Map<number, GeneralLogEntry[]>();
    for (const entry of entries)
      if (ids.has(entry.id)) sessions.set(entry.id, [...(sessions.get(entry.id) ?? []), entry]);
    return sessions;
  };

  test('scan, plan and check succeed as a user with only SELECT on the database', async () => {
    assertRan(runs);
    const types = await exportedTypes(estate.catalog);
    assert.deepEqual(types.get('shop.shop.customers.email'), ['email']);
    assert.ok(
      types.get('shop.shop.orders.customer_email')?.includes('email'),
      'the partitioned table was read',
    );
    assert.ok(types.get('shop.shop.customer_contacts.email')?.includes('email'), 'the view was read');
  });

  test('every statement piimap sent is a read (allow-list), none writes, locks or lifts a limit', () => {
    const sessions = piimapSessions();
    assert.ok(sessions.size >= 3, `one session per command at least, saw ${sessions.size}`);
    const all = [...sessions.values()].flat();
    const commands = [...new Set(all.map((e) => e.command))].filter((c) => !MYSQL_COMMANDS.has(c));
    assert.deepEqual(commands, [], 'protocol commands other than reads');
    const queries = all.filter((e) => e.command === 'Query').map((e) => e.argument);
    assert.ok(queries.length > 10, `the log holds piimap's statements (${queries.length})`);
    const violations = [...new Set(queries.flatMap((sql) => notARead(sql, MYSQL_READS) ?? []))];
    assert.deepEqual(violations, []);
  });

  test('each session is read-only and time-bounded before it reads anything', () => {
    let reading = 0;
    for (const [id, session] of piimapSessions()) {
      const queries = session.filter((e) => e.command === 'Query').map((e) => sqlCode(e.argument));
      // Anything with FROM reads data or metadata; only `SELECT VERSION()` may come before the SETs.
      const firstRead = queries.findIndex((sql) => /\bFROM\b/i.test(sql));
      if (firstRead === -1) continue;
      reading += 1;
      const readOnly = queries.findIndex((sql) => /^SET SESSION TRANSACTION READ ONLY$/i.test(sql));
      assert.ok(readOnly !== -1 && readOnly < firstRead, `session ${id}: ${queries.join(' | ')}`);
      for (const sql of queries.slice(0, readOnly))
        assert.equal(sql, 'SELECT VERSION() AS version', `session ${id}: before SET … READ ONLY`);
      const before = queries.slice(readOnly, firstRead);
      const has = (pattern: RegExp) => before.some((sql) => pattern.test(sql));
      assert.ok(has(/\bmax_statement_time = (?!0\b)\d/i), `session ${id}: max_statement_time set`);
      assert.ok(has(/\block_wait_timeout = (?!0\b)\d/i), `session ${id}: lock_wait_timeout set`);
      assert.ok(
        has(/\binnodb_lock_wait_timeout = (?!0\b)\d/i),
        `session ${id}: innodb_lock_wait_timeout set`,
      );
    }
    assert.ok(reading >= 3, `${reading} sessions read`);
  });

  test("inside the scan's reads the session is read-only and time-bounded, whatever the server's defaults", async () => {
    // The probe view's function runs inside piimap's sampling statement and returns an email only
    // when the session's tx_read_only and time limits are set (the server's defaults are
    // read-write, no statement limit, a day's lock wait).
    const types = await exportedTypes(estate.catalog);
    assert.deepEqual(
      types.get('shop.shop.session_probe.probe'),
      ['email'],
      'the probe saw a read-only, bounded session',
    );
  });

  test('a view whose function writes, as a superuser definer, is refused by the read-only session', async () => {
    assert.equal(trapScan.code, 1, trapScan.stderr);
    const failed = (jsonLines(trapScan.stdout) as { event: string; asset?: string; error?: string }[]).filter(
      (e) => e.event === 'asset-failed',
    );
    assert.deepEqual(
      failed.map((e) => e.asset),
      ['trap.write_probe'],
    );
    assert.match(failed[0]?.error ?? '', /READ ONLY transaction/);
    const [written] = await (server as ThrowawayMariadb).query('SELECT COUNT(*) AS n FROM trap.probe_writes');
    assert.equal(Number(written?.n), 0);
  });

  test('plan and check read no rows', () => {
    for (const command of ['plan', 'check']) {
      const [start, end] = slices.get(command) ?? [0, 0];
      const queries = [...piimapSessions().values()]
        .flat()
        .filter((e) => e.offset >= start && e.offset < end && e.command === 'Query')
        .map((e) => sqlCode(e.argument));
      assert.ok(queries.length > 0, `${command} queried`);
      // Tables are only opened by `LIMIT 0` privilege checks; information_schema is metadata.
      const reads = queries.filter(
        (sql) => /\bFROM x\.x\b/i.test(sql) && !/\bLIMIT 0$/i.test(sql) && !/information_schema/i.test(sql),
      );
      assert.deepEqual(reads, [], `${command} read rows`);
    }
  });

  test('check reports the session as the server sees it: read-only, 30 s statement timeout', () => {
    const report = JSON.parse(runs.check.stdout) as CheckReport;
    assert.equal(report.ok, true);
    assert.equal(report.sources[0]?.readOnly, true);
    assert.equal(report.sources[0]?.statementTimeoutMs, 30_000);
  });
});

const SETUP_MARIADB = `
  CREATE DATABASE shop;
  USE shop;
  CREATE TABLE shop.customers (
    id INT PRIMARY KEY, full_name VARCHAR(100), email VARCHAR(200), phone VARCHAR(40), profile JSON,
    created_at DATETIME);
  INSERT INTO shop.customers
    SELECT seq, CONCAT('Customer ', seq), CONCAT('customer', seq, '@example.com'), CONCAT('+1 415 555 ', LPAD(seq, 4, '0')),
           JSON_OBJECT('contact', JSON_OBJECT('email', CONCAT('home', seq, '@example.org')), 'tier', seq % 3),
           NOW() - INTERVAL seq DAY
    FROM seq_1_to_300;
  CREATE TABLE shop.orders (id BIGINT NOT NULL, customer_email VARCHAR(200), placed DATE NOT NULL, amount DECIMAL(10,2),
    PRIMARY KEY (id, placed))
    PARTITION BY RANGE (YEAR(placed)) (PARTITION p2024 VALUES LESS THAN (2025), PARTITION p2025 VALUES LESS THAN (2026));
  INSERT INTO shop.orders
    SELECT seq, CONCAT('customer', seq % 300 + 1, '@example.com'), DATE '2024-01-01' + INTERVAL (seq % 700) DAY,
           seq * 1.5
    FROM seq_1_to_1500;
  CREATE VIEW shop.customer_contacts AS SELECT full_name, email FROM shop.customers;
  -- Returns an email only when the session reading it is read-only and bounded.
  CREATE FUNCTION shop.session_probe() RETURNS VARCHAR(200) NOT DETERMINISTIC READS SQL DATA
    RETURN IF(@@session.tx_read_only = 1 AND @@session.max_statement_time BETWEEN 1 AND 60
                AND @@session.lock_wait_timeout <= 5 AND @@session.innodb_lock_wait_timeout <= 5,
              'probe.read-only@example.com', 'probe failed');
  CREATE VIEW shop.session_probe AS SELECT shop.session_probe() AS probe;
  -- A view whose function writes, as its definer (root): the read-only session must refuse it.
  CREATE DATABASE trap;
  CREATE TABLE trap.probe_writes (at DATETIME);
  CREATE FUNCTION trap.try_write() RETURNS VARCHAR(20) NOT DETERMINISTIC MODIFIES SQL DATA SQL SECURITY DEFINER
  BEGIN
    INSERT INTO trap.probe_writes VALUES (NOW());
    RETURN 'written';
  END;
  CREATE VIEW trap.write_probe AS SELECT trap.try_write() AS probe;
  CREATE USER '${ROLE}'@'%' IDENTIFIED BY '${PASSWORD}';
  GRANT SELECT ON shop.* TO '${ROLE}'@'%';
  GRANT SELECT ON trap.* TO '${ROLE}'@'%';
  -- Without EXECUTE, information_schema hides a view's columns (the view itself stays readable).
  GRANT EXECUTE ON FUNCTION shop.session_probe TO '${ROLE}'@'%';
  GRANT EXECUTE ON FUNCTION trap.try_write TO '${ROLE}'@'%';
`;
