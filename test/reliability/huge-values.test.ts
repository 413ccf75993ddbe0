// A 100 MB value never crosses the wire: piimap cuts values to maxValueBytes on the server (MySQL
// LEFT(), Postgres left()), so a table holding one costs a scan no more memory or traffic than the
// same table without it. Each database gets a table of normal rows with PII and is scanned twice
// through the real bin — before and after a 100 MB text value (an email at its very end) is added
// — and the two scans are compared: the piimap process's peak RSS (/usr/bin/time), the bytes the
// server sent through a counting TCP proxy in front of it, and for MariaDB the server's own
// Bytes_sent counter. The value starts with an IBAN, which must be found, and ends with an email,
// which must not: it lies beyond the cut. MariaDB is scanned once more with max_allowed_packet
// below the value's size, where a value cast whole before it is cut reads as NULL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { type CliResult, ROOT, runCli } from '../cli/run-cli.js';
import {
  type ThrowawayMariadb,
  startThrowawayMariadb,
  throwawayMariadbUnavailable,
} from '../support/throwaway-mariadb.js';

const HUGE_CHARS = 100_000_000;
const MAX_VALUE_BYTES = 65_536;
/** At the start of the 100 MB value: must be found. */
const LEAD_IBAN = 'GB29 NWBK 6016 1331 9268 19';
/** At the end of the 100 MB value, beyond the cut: must not be found. */
const TAIL_EMAIL = 'hidden.tail@example.com';
/** Far below the 100 MB a value that crossed the wire would cost (twice over: packet and string). */
const MAX_EXTRA_RSS_BYTES = 40 * 1024 * 1024;
/** The cut value is 64 KiB; everything else is the same in both scans. */
const MAX_EXTRA_WIRE_BYTES = 2 * 1024 * 1024;
const TIME = '/usr/bin/time';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-huge-'));
});

after(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface CountingProxy {
  port: number;
  /** Bytes the server sent to clients through the proxy so far. */
  bytesToClient(): number;
  close(): Promise<void>;
}

/** A TCP proxy to 127.0.0.1:`target` that counts what the server sends back. */
async function startCountingProxy(target: number): Promise<CountingProxy> {
  let toClient = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => (socket === client ? upstream : client).destroy());
    }
    upstream.on('data', (chunk: Buffer) => (toClient += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : 0,
    bytesToClient: () => toClient,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface MeasuredScan extends CliResult {
  /** Peak RSS of the piimap process in bytes, or undefined without /usr/bin/time. */
  maxRss: number | undefined;
  /** Bytes the server sent during the scan (through the counting proxy). */
  wireBytes: number;
}

/** `piimap scan` through the real bin, under /usr/bin/time when there is one. */
async function measuredScan(name: string, source: Record<string, unknown>, proxy: CountingProxy) {
  const config = join(dir, `${name}.json`);
  const catalog = join(dir, `${name}.db`);
  const rssFile = join(dir, `${name}.rss`);
  writeFileSync(
    config,
    JSON.stringify({ catalog, maxValueBytes: MAX_VALUE_BYTES, sources: [{ name: 'huge', ...source }] }),
  );
  const bin = [process.execPath, join(ROOT, 'bin/piimap.js'), 'scan', '--config', config, '--workers', '0'];
  const command = existsSync(TIME) ? [TIME, '-f', '%M', '-o', rssFile, ...bin] : bin;
  const before = proxy.bytesToClient();
  const result = await new Promise<CliResult>((resolve, reject) => {
    const child = spawn(command[0] as string, command.slice(1), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  const measured: MeasuredScan = {
    ...result,
    maxRss: Number.isFinite(rssKb) ? rssKb * 1024 : undefined,
    wireBytes: proxy.bytesToClient() - before,
  };
  return { measured, catalog };
}

interface ExportedField {
  id: string;
  classifications: { type: string }[];
  candidates?: { type: string }[];
}

async function exportedFields(catalog: string): Promise<Map<string, ExportedField>> {
  const exported = await runCli(['export', '--catalog', catalog, '--format', 'json']);
  assert.equal(exported.code, 0, exported.stderr);
  const { fields } = JSON.parse(exported.stdout) as { fields: ExportedField[] };
  return new Map(fields.map((field) => [field.id, field]));
}

const types = (field: ExportedField | undefined) =>
  [...(field?.classifications ?? []), ...(field?.candidates ?? [])].map((c) => c.type);

const mb = (bytes: number) =>
  bytes < 1_048_576 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1_048_576).toFixed(1)} MiB`;

/** Both scans succeeded; the one with the 100 MB value cost no more memory or traffic than the baseline. */
async function assertCutOnServer(
  baseline: MeasuredScan,
  huge: MeasuredScan,
  catalog: string,
  prefix: string,
): Promise<void> {
  assert.equal(baseline.code, 0, baseline.stderr);
  assert.equal(huge.code, 0, huge.stderr);
  const extraWire = huge.wireBytes - baseline.wireBytes;
  assert.ok(
    extraWire < MAX_EXTRA_WIRE_BYTES,
    `the server sent ${mb(huge.wireBytes)} with the 100 MB value, ${mb(baseline.wireBytes)} without`,
  );
  if (huge.maxRss !== undefined && baseline.maxRss !== undefined)
    assert.ok(
      huge.maxRss - baseline.maxRss < MAX_EXTRA_RSS_BYTES,
      `peak RSS ${mb(huge.maxRss)} with the 100 MB value, ${mb(baseline.maxRss)} without`,
    );
  await assertFound(huge, catalog, prefix);
}

/** The other rows' PII and the start of the 100 MB value were read; its end was not. */
async function assertFound(scan: MeasuredScan, catalog: string, prefix: string): Promise<void> {
  assert.equal(scan.code, 0, scan.stderr);
  const fields = await exportedFields(catalog);
  assert.deepEqual(types(fields.get(`${prefix}.contact`)), ['email'], 'the other PII was found');
  const body = types(fields.get(`${prefix}.body`));
  assert.ok(body.includes('iban'), `${LEAD_IBAN} at the start of the value was read: ${body.join(', ')}`);
  assert.ok(!body.includes('email'), `${TAIL_EMAIL} lies beyond the cut`);
}

describe(
  'a 100 MB value in MariaDB is cut on the server (throwaway server, max_allowed_packet 256M)',
  { skip: throwawayMariadbUnavailable() },
  () => {
    let server: ThrowawayMariadb | undefined;
    let proxy: CountingProxy | undefined;

    before(async () => {
      server = await startThrowawayMariadb({ settings: { max_allowed_packet: '256M' } });
      proxy = await startCountingProxy(server.port);
    });

    after(async () => {
      await proxy?.close();
      await server?.stop();
    });

    test('the scan reads the table, finds its PII, and neither memory nor traffic grows by the value', async () => {
      const db = server as ThrowawayMariadb;
      const counting = proxy as CountingProxy;
      await db.query(`
        CREATE DATABASE bulk;
        CREATE TABLE bulk.documents (id INT PRIMARY KEY, contact VARCHAR(200), body LONGTEXT);
        INSERT INTO bulk.documents
          SELECT seq, CONCAT('writer', seq, '@example.com'), CONCAT('Draft ', seq, ' of the quarterly report')
          FROM bulk.seq_1_to_200;
        CREATE USER 'scanner'@'%' IDENTIFIED BY 'scan-pw';
        GRANT SELECT ON bulk.* TO 'scanner'@'%';
      `);
      const source = { type: 'mysql', url: `mysql://scanner:scan-pw@127.0.0.1:${counting.port}/bulk` };
      const bytesSent = async () =>
        Number((await db.query(`SHOW GLOBAL STATUS LIKE 'Bytes_sent'`))[0]?.Value ?? NaN);

      const baselineSent = await bytesSent();
      const { measured: baseline } = await measuredScan('mariadb-baseline', source, counting);
      const baselineServerBytes = (await bytesSent()) - baselineSent;

      await db.query(
        `INSERT INTO bulk.documents VALUES (201, 'writer201@example.com', CONCAT(?, ' ', REPEAT('x', ?), ' ', ?))`,
        [LEAD_IBAN, HUGE_CHARS, TAIL_EMAIL],
      );
      const [stored] = await db.query('SELECT LENGTH(body) AS n FROM bulk.documents WHERE id = 201');
      assert.ok(Number(stored?.n) > HUGE_CHARS, 'the 100 MB value is stored');

      const hugeSent = await bytesSent();
      const { measured: huge, catalog } = await measuredScan('mariadb-huge', source, counting);
      const hugeServerBytes = (await bytesSent()) - hugeSent;

      await assertCutOnServer(baseline, huge, catalog, 'huge.bulk.documents');
      // The server's own count (all sessions, so the measuring queries too) agrees with the proxy's.
      assert.ok(
        hugeServerBytes - baselineServerBytes < MAX_EXTRA_WIRE_BYTES,
        `Bytes_sent grew by ${mb(hugeServerBytes)} with the 100 MB value, ${mb(baselineServerBytes)} without`,
      );
    });

    test('a value larger than max_allowed_packet is still read, cut to its start', async () => {
      const db = server as ThrowawayMariadb;
      // The 100 MB row from the test before stays; new sessions take the lowered global value.
      await db.query(`SET GLOBAL max_allowed_packet = 16 * 1024 * 1024`);
      const source = {
        type: 'mysql',
        url: `mysql://scanner:scan-pw@127.0.0.1:${(proxy as CountingProxy).port}/bulk`,
      };
      const { measured, catalog } = await measuredScan(
        'mariadb-small-packet',
        source,
        proxy as CountingProxy,
      );
      await assertFound(measured, catalog, 'huge.bulk.documents');
    });
  },
);

describe('a 100 MB value in PostgreSQL is cut on the server (shared server, a schema of its own)', () => {
  const schema = `piimap_huge_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  let proxy: CountingProxy | undefined;

  before(async () => {
    await admin.connect();
    proxy = await startCountingProxy(5432);
  });

  after(async () => {
    await proxy?.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  });

  test('the scan reads the table, finds its PII, and neither memory nor traffic grows by the value', async () => {
    const counting = proxy as CountingProxy;
    await admin.query(`
      CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.documents (id int PRIMARY KEY, contact text, body text);
      INSERT INTO ${schema}.documents
        SELECT g, 'writer' || g || '@example.com', 'Draft ' || g || ' of the quarterly report'
        FROM generate_series(1, 200) g;
      ANALYZE ${schema}.documents;
    `);
    const source = {
      type: 'postgres',
      url: `postgres://postgres@127.0.0.1:${counting.port}/test`,
      schemas: [schema],
    };
    const { measured: baseline } = await measuredScan('postgres-baseline', source, counting);

    await admin.query(
      `INSERT INTO ${schema}.documents VALUES (201, 'writer201@example.com', $1 || ' ' || repeat('x', $2) || ' ' || $3)`,
      [LEAD_IBAN, HUGE_CHARS, TAIL_EMAIL],
    );
    const { rows } = await admin.query<{ n: number }>(
      `SELECT octet_length(body) AS n FROM ${schema}.documents WHERE id = 201`,
    );
    assert.ok(Number(rows[0]?.n) > HUGE_CHARS, 'the 100 MB value is stored');

    const { measured: huge, catalog } = await measuredScan('postgres-huge', source, counting);
    await assertCutOnServer(baseline, huge, catalog, `huge.${schema}.documents`);
  });
});
