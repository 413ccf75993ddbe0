// The promise "no PII and no credentials at rest or in output", end to end through the real bin.
// Known values — emails, SSNs, Luhn-valid cards, phones, IBANs — are planted in every source kind
// (Postgres and MariaDB tables of this file's own schema/database, a SQLite file, a folder, an S3
// bucket on s3rver): in column values, in JSON values and JSON object keys, in file names and object
// keys, in a headerless CSV and in log keys. One estate config — passwords in its URLs, one of them
// `${VAR}`-interpolated; S3 keys from the environment; sources that fail (a wrong password, a closed
// port, a missing database) and a view whose rows fail with the value quoted in the server's error —
// is scanned twice with masked examples and a report (once with JSON events and JSON logs, once with
// text); then every export format (masking SQL for both dialects too), `scans`, `lookup`, `diff`,
// `plan`, `check`, `detect` and the `serve` API (behind a PIIMAP_TOKEN bearer token) run over it.
// Every byte of all that — the catalog, its WAL and shared-memory files, every export, report, stdout
// and stderr, every HTTP answer — is searched for each planted value in each form it could take (as
// planted, digits only, compact and grouped IBANs, an email's local part, URL-encoded; case ignored)
// and for each credential (exact). Zero hits. (`serve --host 0.0.0.0` without a token is refused
// with exit 2 in test/serve/serve-bin.test.ts; file modes are in catalog-file-modes.test.ts.)
//
// What a correct masking may keep, and so what is NOT searched for: the last four digits of a card,
// an SSN or an IBAN (`**** **** **** 1111`, `***-**-8190` — PCI DSS permits showing the last four of
// a card number, and piimap masks SSNs and IBANs the same way), the last two of a phone, an email's
// first letter and top-level domain (`j***@***.com`). The needles are whole values, so a masked
// example never matches one; a masking that kept more than it should (`536-22-****`, a whole digit
// run) does.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { type Connection, createConnection } from 'mysql2/promise';
import pg from 'pg';
import { type S3Server, s3rverCredentials, startS3Server, uniqueBucketName } from '../support/s3-server.js';
import { type CliResult, ROOT, runCli } from '../cli/run-cli.js';

const TAG = randomBytes(4).toString('hex');
const SCHEMA = `piimap_at_rest_${TAG}`; // Postgres schema, MariaDB database and user, all this file's own
const MARIA_USER = SCHEMA;
const BUCKET = uniqueBucketName('piimap-at-rest');
const ADMIN_PG = 'postgres://postgres@127.0.0.1:5432/test';
const BIN = join(ROOT, 'bin/piimap.js');

// Credentials. The shared Postgres trusts local connections, so a password in its URL still
// connects — and must still never be shown or stored.
const PG_PASSWORD = 'S3cretPassw0rd!';
const MARIA_PASSWORD = `M4ria-${randomBytes(8).toString('hex')}`; // via ${PIIMAP_AT_REST_MARIA_PASSWORD}
const DOWN_PASSWORD = `D0wnPg-${randomBytes(8).toString('hex')}`; // via ${…}, for a closed port
const MISSING_DB_PASSWORD = `N0Db-${randomBytes(8).toString('hex')}`;
const WRONG_MARIA_PASSWORD = `Wr0ngM-${randomBytes(8).toString('hex')}`; // MariaDB refuses it
const TOKEN = `serve-token-${randomBytes(16).toString('hex')}`;
const SECRETS = [
  PG_PASSWORD,
  PG_PASSWORD.replace('!', '%21'),
  MARIA_PASSWORD,
  DOWN_PASSWORD,
  MISSING_DB_PASSWORD,
  WRONG_MARIA_PASSWORD,
  TOKEN,
  s3rverCredentials.accessKeyId,
  s3rverCredentials.secretAccessKey,
];

const EMAILS = ['jane.doe@example.com', 'j.smith+billing@example.org', 'marta.kowalska@example.net'];
const SSNS = ['536-22-8190', '412-76-3381', '219-44-5567'];
const CARDS = ['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005', '6011 1111 1111 1117'];
const PHONES = ['+1 202-555-0143', '(202) 555-0143', '+1 (202) 555-0178', '+44 20 7946 0958'];
const IBANS = ['GB82WEST12345698765432', 'DE89 3704 0044 0532 0130 00', 'FR1420041010050500013M02606'];

const digitsOnly = (text: string) => text.replace(/\D/g, '');
const compact = (text: string) => text.replace(/\s/g, '');
const grouped = (text: string) => compact(text).replace(/(.{4})(?!$)/g, '$1 ');

/** Each planted value in every form that would betray it; labelled for the failure message. */
const NEEDLES: Needle[] = dedupe([
  ...EMAILS.flatMap((email) => [
    { needle: email, what: 'email' },
    { needle: email.slice(0, email.indexOf('@')), what: `local part of ${email}` },
    { needle: encodeURIComponent(email), what: `URL-encoded ${email}` },
  ]),
  ...[...SSNS, ...CARDS, ...PHONES].flatMap((value) => [
    { needle: value, what: 'planted value' },
    { needle: digitsOnly(value), what: `digits of ${value}` },
    { needle: encodeURIComponent(value), what: `URL-encoded ${value}` },
  ]),
  ...IBANS.flatMap((iban) => [
    { needle: compact(iban), what: `compact IBAN ${iban}` },
    { needle: grouped(iban), what: `grouped IBAN ${iban}` },
    { needle: digitsOnly(iban), what: `digits of IBAN ${iban}` },
  ]),
  ...SECRETS.map((secret) => ({ needle: secret, what: 'credential', exact: true })),
]);

interface Needle {
  needle: string;
  what: string;
  /** Credentials are matched as they are; PII whatever its case (`gb82west…`). */
  exact?: boolean;
}

function dedupe(needles: Needle[]): Needle[] {
  const seen = new Set<string>();
  return needles.filter(({ needle }) => !seen.has(needle) && seen.add(needle));
}

/** One planted person per row, cycling through the values so each appears many times. */
function person(i: number) {
  const pick = <T>(list: readonly T[]) => list[i % list.length] as T;
  const [email, ssn, card, phone, iban] = [pick(EMAILS), pick(SSNS), pick(CARDS), pick(PHONES), pick(IBANS)];
  return {
    email,
    ssn,
    card,
    phone,
    iban,
    notes: `Called ${phone} about card ${card}; SSN ${ssn}, IBAN ${iban}, mail ${email}`,
    // PII as JSON values and as JSON object keys (map-like objects keyed by the value itself).
    profile: {
      contact: { email, phone },
      billing: { iban, card },
      ssn,
      by_email: { [email]: { since: 2020 + (i % 5) } },
      by_ssn: { [ssn]: 'verified' },
      by_card: { [card]: 'visa' },
      by_phone: { [phone]: 'mobile' },
      by_iban: { [iban]: 'primary' },
    },
  };
}

const ROWS = 30;
const people = Array.from({ length: ROWS }, (_, i) => person(i));
const COLUMNS = ['email', 'ssn', 'card', 'phone', 'iban', 'notes'] as const;

function csv(rows: readonly ReturnType<typeof person>[]): string {
  const cell = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  return [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => cell(row[c])).join(','))].join('\n');
}

/** Files and objects: PII in their content, their names, and their JSON object keys. */
function objectFixtures(): Record<string, string> {
  return {
    'exports/536-22-8190.csv': csv(people),
    'users/jane.doe@example.com/profile.json': JSON.stringify(people[0]?.profile),
    'cards/4111111111111111/receipt.txt': people
      .map((p) => `charged card ${p.card} for ${p.email}, phone ${p.phone}`)
      .join('\n'),
    'banks/GB82WEST12345698765432.jsonl': people.map((p) => JSON.stringify(p.profile)).join('\n'),
    'calls/+1 202-555-0143.log': people
      .map(
        (p, i) =>
          `2026-01-0${1 + (i % 9)}T10:00:00Z INFO call from=${p.email} ssn=${p.ssn} iban=${compact(p.iban)}`,
      )
      .join('\n'),
    'lookup/by-key.json': JSON.stringify(
      Object.fromEntries(people.map((p) => [p.ssn, { email: p.email, card: p.card }])),
    ),
    // No header: its first row is data, so its cells must not become field names.
    'exports/no-header.csv': csv(people).split('\n').slice(1).join('\n'),
    'logs/keys.log': people
      .map((p) => `2026-01-01T10:00:00Z INFO ${p.email}=active ${compact(p.iban)}=open`)
      .join('\n'),
    'lookup/by-iban.json': JSON.stringify(Object.fromEntries(IBANS.map((iban, i) => [iban, { n: i }]))),
  };
}

interface Output {
  where: string;
  bytes: Buffer;
}
const outputs: Output[] = [];
const record = (where: string, content: string | Buffer) =>
  outputs.push({ where, bytes: typeof content === 'string' ? Buffer.from(content) : content });

function recordRun(label: string, result: CliResult): CliResult {
  record(`${label}: stdout`, result.stdout);
  record(`${label}: stderr`, result.stderr);
  return result;
}

let work: string;
let catalog: string;
let admin: pg.Client;
let maria: Connection;
let s3: S3Server;
let reader: Database.Database | undefined;
let env: Record<string, string>;
let firstScan: CliResult;
let secondScan: CliResult;
let walBytesAfterScans = 0;

async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

async function seedPostgres(): Promise<void> {
  admin = new pg.Client({ connectionString: ADMIN_PG });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${SCHEMA}`);
  await admin.query(
    `CREATE TABLE ${SCHEMA}.customers (id int PRIMARY KEY, email text, ssn text, card text, phone text, iban text, notes text, profile jsonb)`,
  );
  for (const [i, p] of people.entries())
    await admin.query(`INSERT INTO ${SCHEMA}.customers VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      i,
      p.email,
      p.ssn,
      p.card,
      p.phone,
      p.iban,
      p.notes,
      JSON.stringify(p.profile),
    ]);
  // A view whose rows fail to read, with the value in the server's error text (`invalid input
  // syntax for type integer: "536-22-8190"`): the asset fails, and its error is shown and stored.
  await admin.query(
    `CREATE VIEW ${SCHEMA}.ssn_numbers AS SELECT id, ssn::int AS ssn_number FROM ${SCHEMA}.customers`,
  );
}

async function seedMaria(): Promise<void> {
  maria = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await maria.query(`CREATE DATABASE ${SCHEMA}`);
  await maria.query(
    `CREATE TABLE ${SCHEMA}.customers (id INT PRIMARY KEY, email VARCHAR(100), ssn VARCHAR(20), card VARCHAR(30), phone VARCHAR(30), iban VARCHAR(40), notes TEXT, profile JSON)`,
  );
  await maria.query(`INSERT INTO ${SCHEMA}.customers VALUES ?`, [
    people.map((p, i) => [i, p.email, p.ssn, p.card, p.phone, p.iban, p.notes, JSON.stringify(p.profile)]),
  ]);
  await maria.query('CREATE USER ?@? IDENTIFIED BY ?', [MARIA_USER, '%', MARIA_PASSWORD]);
  await maria.query(`GRANT SELECT, SHOW VIEW ON ${SCHEMA}.* TO ?@?`, [MARIA_USER, '%']);
}

function seedSqlite(path: string): void {
  const db = new Database(path);
  db.exec(
    'CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, ssn TEXT, card TEXT, phone TEXT, iban TEXT, notes TEXT, profile TEXT)',
  );
  const insert = db.prepare('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const [i, p] of people.entries())
    insert.run(i, p.email, p.ssn, p.card, p.phone, p.iban, p.notes, JSON.stringify(p.profile));
  db.close();
}

/** A scan of the whole estate with masked examples and a report; `output` flags pick its stdout/stderr. */
async function scan(label: string, report: string, output: string[]): Promise<CliResult> {
  const args = ['scan', '--config', join(work, 'estate.json'), '--catalog', catalog, '--workers', '1'];
  const options = ['--examples', 'masked', '--report', join(work, report)];
  return recordRun(label, await runCli([...args, ...options, ...output], { env }));
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'piimap-at-rest-'));
  catalog = join(work, 'catalog.db');
  s3 = await startS3Server();
  await Promise.all([seedPostgres(), seedMaria(), s3.createBucket(BUCKET)]);
  seedSqlite(join(work, 'app.sqlite'));
  for (const [key, content] of Object.entries(objectFixtures())) {
    const file = join(work, 'share', key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    await s3.putObject(BUCKET, key, content);
  }
  const port = await closedPort();
  writeFileSync(
    join(work, 'estate.json'),
    JSON.stringify({
      sampleSize: 1000,
      sources: [
        {
          name: 'pg',
          type: 'postgres',
          url: `postgres://postgres:${PG_PASSWORD}@127.0.0.1:5432/test`,
          schemas: [SCHEMA],
          views: true,
        },
        {
          name: 'maria',
          type: 'mysql',
          url: `mysql://${MARIA_USER}:\${PIIMAP_AT_REST_MARIA_PASSWORD}@127.0.0.1:3306/${SCHEMA}`,
          databases: [SCHEMA],
        },
        { name: 'app', type: 'sqlite', path: join(work, 'app.sqlite') },
        { name: 'share', type: 'files', path: join(work, 'share') },
        {
          name: 'lake',
          type: 's3',
          bucket: BUCKET,
          region: 'us-east-1',
          endpoint: s3.endpoint,
          forcePathStyle: true,
        },
        // Sources that fail, so their error texts are produced, shown and stored.
        {
          name: 'pg_down',
          type: 'postgres',
          url: `postgres://postgres:\${PIIMAP_AT_REST_DOWN_PASSWORD}@127.0.0.1:${port}/test`,
        },
        {
          name: 'pg_missing_db',
          type: 'postgres',
          url: `postgres://postgres:${MISSING_DB_PASSWORD}@127.0.0.1:5432/${SCHEMA}_missing`,
        },
        {
          name: 'maria_denied',
          type: 'mysql',
          url: `mysql://${MARIA_USER}:${WRONG_MARIA_PASSWORD}@127.0.0.1:3306/${SCHEMA}`,
          databases: [SCHEMA],
        },
      ],
    }),
  );
  env = {
    PIIMAP_AT_REST_MARIA_PASSWORD: MARIA_PASSWORD,
    PIIMAP_AT_REST_DOWN_PASSWORD: DOWN_PASSWORD,
    AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
    PIIMAP_TOKEN: '',
  };

  // The WAL must still hold what the scans wrote when it is searched: SQLite copies WAL frames into
  // the database file at checkpoints and then reuses the WAL from its start (overwriting them), and
  // the last connection to close deletes it. So this process creates the catalog in WAL mode and
  // keeps a read transaction open on it, begun while the WAL was empty, for the whole test: a reader
  // on an empty WAL reads the database file alone (read mark 0), and while one does no checkpoint
  // may copy any frame into the database file, so the WAL is never reset — every version of every
  // page piimap wrote stays in it, deleted and overwritten rows included — and no close deletes it.
  // (The file's mode is not under test here: catalog-file-modes.test.ts checks that.)
  reader = new Database(catalog);
  reader.pragma('journal_mode = WAL');
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM sqlite_master').get();

  firstScan = await scan('scan 1', 'report-1.json', ['--json', '--log-format', 'json']);
  // A second scan, with a new table holding PII, so `diff` and the report have changes to show.
  await admin.query(
    `CREATE TABLE ${SCHEMA}.payouts (id int PRIMARY KEY, payee_email text, payee_iban text, payee_ssn text)`,
  );
  for (const [i, p] of people.entries())
    await admin.query(`INSERT INTO ${SCHEMA}.payouts VALUES ($1, $2, $3, $4)`, [i, p.email, p.iban, p.ssn]);
  // Its output for people: progress lines and text logs.
  secondScan = await scan('scan 2', 'report-2.json', ['--log-format', 'text']);
  walBytesAfterScans = readFileSync(`${catalog}-wal`).length;
});

after(async () => {
  reader?.close();
  await admin?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin?.end();
  await maria?.query(`DROP DATABASE IF EXISTS ${SCHEMA}`);
  await maria?.query('DROP USER IF EXISTS ?@?', [MARIA_USER, '%']);
  await maria?.end();
  if (s3 !== undefined) {
    await s3.deleteBucket(BUCKET);
    await s3.close();
  }
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

interface ExportedField {
  id: string;
  source: string;
  classifications: { type: string; examples?: string[] }[];
}

/** `piimap serve` with a bearer token on a random loopback port; every answer is recorded. */
async function serveAndFetch(lookupId: string): Promise<void> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [BIN, 'serve', '--catalog', catalog, '--port', '0'],
    { cwd: ROOT, env: { ...process.env, ...env, PIIMAP_TOKEN: TOKEN } },
  );
  let stderr = '';
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => (stderr += `${line}\n`));
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'close').then(() => [''])])) as [
    string,
  ];
  const url = /listening on (http:\/\/\S+)/.exec(first)?.[1];
  try {
    assert.ok(url, `piimap serve did not start: ${first}${stderr}`);
    const authorization = `Bearer ${TOKEN}`;
    const paths = [
      '/fields?pageSize=500',
      '/fields?pii=true&pageSize=500',
      '/scans',
      '/export?format=json',
      '/export?format=csv',
      `/lookup?id=${encodeURIComponent(lookupId)}`,
      '/diff',
      '/diff?from=1&to=2',
      '/healthz',
    ];
    for (const path of paths) {
      const response = await fetch(url + path, { headers: { authorization } });
      assert.equal(response.status, 200, path);
      record(`serve GET ${path}`, Buffer.from(await response.arrayBuffer()));
    }
    const refused: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}x` }];
    for (const headers of refused) {
      const response = await fetch(`${url}/fields`, { headers });
      assert.equal(response.status, 401);
      record(`serve GET /fields refused`, `${JSON.stringify([...response.headers])}${await response.text()}`);
    }
  } finally {
    const closed = once(child, 'close');
    child.kill('SIGTERM');
    await closed;
    record('serve: stderr', stderr);
  }
}

/** Every place a needle occurs in every output, case-insensitively, with a little context. */
function hits(): string[] {
  const found: string[] = [];
  for (const { where, bytes } of outputs) {
    const text = bytes.toString('latin1');
    const lowerCase = text.toLowerCase();
    for (const { needle, what, exact } of NEEDLES) {
      const at = exact ? text.indexOf(needle) : lowerCase.indexOf(needle.toLowerCase());
      if (at >= 0)
        found.push(
          `${where}: ${what} "${needle}" in …${JSON.stringify(bytes.toString('latin1', Math.max(0, at - 60), at + needle.length + 60))}…`,
        );
    }
  }
  return found;
}

describe('no PII and no credentials at rest or in output', () => {
  let fields: ExportedField[];

  test('the scans ran: every good source cataloged each planted type, every bad one failed', () => {
    assert.equal(firstScan.code, 1, firstScan.stderr);
    assert.equal(secondScan.code, 1, secondScan.stderr);
    assert.ok(existsSync(join(work, 'report-1.json')), firstScan.stderr);
    const report = JSON.parse(readFileSync(join(work, 'report-1.json'), 'utf8')) as {
      failures: { source: string; asset: string | null; error: string }[];
    };
    record('report 1', readFileSync(join(work, 'report-1.json')));
    record('report 2', readFileSync(join(work, 'report-2.json')));
    const failed = report.failures.filter((f) => f.asset === null);
    assert.deepEqual(failed.map((f) => f.source).sort(), ['maria_denied', 'pg_down', 'pg_missing_db']);
    for (const failure of report.failures) assert.ok(failure.error.length > 10, failure.error);
    assert.deepEqual(
      report.failures.filter((f) => f.asset !== null).map((f) => `${f.source}.${f.asset}`),
      [`pg.${SCHEMA}.ssn_numbers`],
    );
    // The server quoted the value back; the text is kept, the value masked.
    assert.match(
      report.failures.find((f) => f.asset !== null)?.error ?? '',
      /invalid input syntax for type integer: "\*\*\*-\*\*-\d{4}"/,
    );
  });

  test('every export format, scans, lookup, diff, plan, check, detect and serve', async () => {
    const exportJson = recordRun('export json', await runCli(['export', '--catalog', catalog], { env }));
    assert.equal(exportJson.code, 0, exportJson.stderr);
    fields = (JSON.parse(exportJson.stdout) as { fields: ExportedField[] }).fields;
    for (const source of ['pg', 'maria', 'app', 'share', 'lake']) {
      const types = new Set(
        fields.filter((f) => f.source === source).flatMap((f) => f.classifications.map((c) => c.type)),
      );
      for (const type of ['email', 'ssn', 'credit_card', 'phone', 'iban'])
        assert.ok(types.has(type), `${source} has ${type} (it has ${[...types].join(', ')})`);
    }
    const examples = fields.flatMap((f) => f.classifications.flatMap((c) => c.examples ?? []));
    assert.ok(examples.includes('***-**-8190'), 'masked examples were recorded');

    const config = join(work, 'estate.json');
    const commands: [string, string[], number[]][] = [
      ['export csv', ['export', '--format', 'csv'], [0]],
      ['export gdpr', ['export', '--format', 'gdpr', '--config', config], [0]],
      ['export gdpr-csv', ['export', '--format', 'gdpr-csv', '--config', config], [0]],
      ['export masking', ['export', '--format', 'masking'], [0]],
      ['export masking --sql postgres', ['export', '--format', 'masking', '--sql', 'postgres'], [0]],
      ['export masking --sql mysql', ['export', '--format', 'masking', '--sql', 'mysql'], [0]],
      ['scans', ['scans'], [0]],
      ['scans --json', ['scans', '--json'], [0]],
      ['lookup', ['lookup', `pg.${SCHEMA}.customers.email`], [0]],
      ['lookup --json', ['lookup', '--json', `pg.${SCHEMA}.customers.*`], [0]],
      ['lookup files', ['lookup', '--json', 'share.*'], [0]],
      ['lookup s3', ['lookup', '--json', 'lake.*'], [0]],
      ['diff', ['diff'], [0]],
      ['diff --json', ['diff', '--json'], [0]],
      ['diff --json --from 1 --to 2', ['diff', '--json', '--from', '1', '--to', '2'], [0]],
    ];
    for (const [label, args, codes] of commands) {
      const result = recordRun(label, await runCli([...args, '--catalog', catalog], { env }));
      assert.ok(codes.includes(result.code ?? -1), `${label}: exit ${result.code}\n${result.stderr}`);
    }
    for (const [label, args] of [
      ['plan', ['plan', '--config', config]],
      ['plan --json', ['plan', '--json', '--config', config]],
      ['check', ['check', '--config', config]],
      ['check --json', ['check', '--json', '--config', config]],
    ] as const) {
      const result = recordRun(label, await runCli(args, { env }));
      assert.equal(result.code, 1, `${label}: the failing sources make it exit 1\n${result.stderr}`);
    }
    // On stdin: `detect FILE…` names each file as it was given (its contract), and a path the
    // caller typed is the caller's own text, not something piimap read.
    for (const format of ['table', 'jsonl']) {
      const result = recordRun(
        `detect --format ${format}`,
        await runCli(['detect', '--format', format], { env, stdin: csv(people) }),
      );
      assert.equal(result.code, 0, result.stderr);
    }
    await serveAndFetch(`pg.${SCHEMA}.customers.email`);
  });

  test('zero hits in every output, the report, the catalog, its WAL and -shm', () => {
    assert.ok(fields !== undefined, 'the commands ran');
    // Read while this process's read transaction still pins the WAL (see before()).
    const wal = readFileSync(`${catalog}-wal`);
    assert.ok(
      walBytesAfterScans > 100_000 && wal.length >= walBytesAfterScans,
      `the WAL still holds both scans (${wal.length} bytes)`,
    );
    assert.ok(wal.includes('***-**-8190'), 'the WAL holds the masked examples, so it holds the findings');
    record('catalog', readFileSync(catalog));
    record('catalog-wal', wal);
    if (existsSync(`${catalog}-shm`)) record('catalog-shm', readFileSync(`${catalog}-shm`));
    // Then everything checkpointed into the database file itself.
    reader?.exec('COMMIT');
    reader?.pragma('wal_checkpoint(TRUNCATE)');
    reader?.close();
    reader = undefined;
    const file = readFileSync(catalog);
    assert.ok(file.includes('***-**-8190'), 'the checkpointed catalog holds the findings');
    record('catalog after checkpoint', file);
    // The failing sources' and asset's error texts were stored (and so searched above and below).
    const store = new Database(catalog, { readonly: true });
    try {
      const errors = (sql: string) => (store.prepare(sql).pluck().all() as string[]).length;
      assert.equal(
        errors('SELECT error FROM scan_sources WHERE error IS NOT NULL'),
        6,
        'three sources, two scans',
      );
      assert.equal(errors('SELECT error FROM asset_scans WHERE error IS NOT NULL'), 2, 'one view, two scans');
    } finally {
      store.close();
    }
    for (const name of readdirSync(work).filter((n) => n.startsWith('catalog.db')))
      if (name !== 'catalog.db') record(name, readFileSync(join(work, name)));

    assert.deepEqual(hits(), []);
  });
});
