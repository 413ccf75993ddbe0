// Postgres over TLS, against a throwaway server of this file's own with ssl on and pg_hba.conf
// refusing every unencrypted TCP connection, so a scan that succeeds has used TLS. Certificates
// come from the openssl CLI: a test CA that signs the server, and an unrelated CA.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { openPostgresPool } from '../../src/sources/postgres/postgres-connection.js';
import { jsonLines, runCli } from '../cli/run-cli.js';
import {
  type ThrowawayPostgres,
  startThrowawayPostgres,
  throwawayPostgresUnavailable,
} from '../support/throwaway-postgres.js';

const run = promisify(execFile);
const openssl = (args: string[]) => run('openssl', args);
const unavailable = throwawayPostgresUnavailable();

let dir: string;
let server: ThrowawayPostgres | undefined;

before(async () => {
  if (unavailable !== undefined) return;
  dir = mkdtempSync(join(tmpdir(), 'piimap-pg-tls-'));
  await makeCertificates(dir);
  server = await startThrowawayPostgres({
    ssl: { certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') },
    hba: ['hostssl all all 127.0.0.1/32 trust', 'hostnossl all all 127.0.0.1/32 reject'],
  });
  await server.query(`
    CREATE TABLE people (id int, email text);
    INSERT INTO people SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g;
  `);
});

after(async () => {
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface ScanEvent {
  event: string;
  error?: string;
}

/** Scans the throwaway server through the real bin with `tls` in an estate config beside ca.pem. */
async function scanWith(name: string, tls: Record<string, unknown> | undefined, urlQuery = '') {
  const config = join(dir, `${name}.json`);
  const url = (server?.url ?? '') + urlQuery;
  writeFileSync(config, JSON.stringify({ sources: [{ name: 'secure', type: 'postgres', url, tls }] }));
  const catalog = join(dir, `${name}.db`);
  const scan = await runCli(['scan', '--config', config, '--catalog', catalog, '--workers', '0', '--json']);
  const events = jsonLines(scan.stdout) as ScanEvent[];
  return { scan, catalog, failure: events.find((e) => e.event === 'source-failed')?.error };
}

describe(
  'Postgres over TLS (throwaway server, unencrypted connections refused)',
  { skip: unavailable },
  () => {
    test('tls.enabled with the CA that signed the server (path relative to the config): scanned', async () => {
      const { scan, catalog } = await scanWith('trusted', { enabled: true, ca: 'ca.pem' });
      assert.equal(scan.code, 0, scan.stderr + scan.stdout);
      const exported = await runCli(['export', '--catalog', catalog]);
      assert.equal(exported.code, 0, exported.stderr);
      const fields = (
        JSON.parse(exported.stdout) as { fields: { id: string; classifications: { type: string }[] }[] }
      ).fields;
      const email = fields.find((f) => f.id === 'secure.public.people.email');
      assert.deepEqual(
        email?.classifications.map((c) => c.type),
        ['email'],
        JSON.stringify(fields.map((f) => f.id)),
      );
    });

    test('the server sees the session encrypted and verified against the CA', async () => {
      const pool = openPostgresPool({
        url: server?.url ?? '',
        tls: { enabled: true, ca: join(dir, 'ca.pem') },
      });
      try {
        const { rows } = await pool.query<{ ssl: boolean; version: string; app: string }>(
          `SELECT s.ssl, s.version, a.application_name AS app
           FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE pid = pg_backend_pid()`,
        );
        assert.equal(rows[0]?.ssl, true);
        assert.match(rows[0]?.version ?? '', /^TLSv1\.[23]$/);
        assert.equal(rows[0]?.app, 'piimap');
      } finally {
        await pool.end();
      }
    });

    test('a CA that did not sign the server: the source fails, saying the certificate is not trusted', async () => {
      const { scan, failure } = await scanWith('untrusted', { enabled: true, ca: 'other-ca.pem' });
      assert.equal(scan.code, 1, scan.stderr);
      assert.match(failure ?? '', /^source secure: cannot connect \(.*certificate/, failure);
      assert.match(failure ?? '', /set tls\.ca to the PEM file of the CA/, failure);
    });

    test('sslmode in the URL does not override the tls block', async () => {
      const { scan } = await scanWith('url-sslmode', { enabled: true, ca: 'ca.pem' }, '?sslmode=require');
      assert.equal(scan.code, 0, scan.stderr + scan.stdout);
    });

    test('a CA file that cannot be read: the source fails, naming tls.ca and the file', async () => {
      const { scan, failure } = await scanWith('missing-ca', { enabled: true, ca: 'nope.pem' });
      assert.equal(scan.code, 1, scan.stderr);
      assert.match(failure ?? '', /^source secure: tls\.ca .*nope\.pem: ENOENT/, failure);
    });

    test('without tls the connection is plain, and the server refuses it', async () => {
      const { scan, failure } = await scanWith('plain', undefined);
      assert.equal(scan.code, 1, scan.stderr);
      assert.match(failure ?? '', /^source secure: cannot connect \(.*no encryption/, failure);
    });

    test('tls.rejectUnauthorized false: encrypted but unverified, so an unknown CA is accepted', async () => {
      const { scan } = await scanWith('unverified', {
        enabled: true,
        ca: 'other-ca.pem',
        rejectUnauthorized: false,
      });
      assert.equal(scan.code, 0, scan.stderr + scan.stdout);
    });

    test('tls.servername is the name the certificate is checked against', async () => {
      const { scan, failure } = await scanWith('servername', {
        enabled: true,
        ca: 'ca.pem',
        servername: 'db.example.com',
      });
      assert.equal(scan.code, 1, scan.stderr);
      assert.match(
        failure ?? '',
        /db\.example\.com.* is not in the cert's altnames: DNS:localhost, IP Address:127\.0\.0\.1/,
        failure,
      );
    });

    test('tls.servername is checked with a host-name URL too (pg would check the URL host instead)', async () => {
      const url = (server?.url ?? '').replace('127.0.0.1', 'localhost');
      const ca = join(dir, 'ca.pem');
      const wrong = openPostgresPool({ url, tls: { enabled: true, ca, servername: 'db.example.com' } });
      await assert.rejects(wrong.query('SELECT 1'), /Host: db\.example\.com\. is not in the cert's altnames/);
      await wrong.end();
      const right = openPostgresPool({ url, tls: { enabled: true, ca, servername: 'localhost' } });
      assert.deepEqual((await right.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
      await right.end();
    });
  },
);

/** A CA, a server certificate it signs (localhost, 127.0.0.1), and an unrelated CA. */
async function makeCertificates(folder: string): Promise<void> {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string, cn: string) =>
    openssl([
      'req',
      '-x509',
      ...key,
      '-keyout',
      join(folder, `${name}.key`),
      '-out',
      join(folder, `${name}.pem`),
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  await Promise.all([ca('ca', 'piimap test CA'), ca('other-ca', 'unrelated test CA')]);
  await openssl([
    'req',
    '-new',
    ...key,
    '-keyout',
    join(folder, 'server.key'),
    '-out',
    join(folder, 'server.csr'),
    '-subj',
    '/CN=localhost',
  ]);
  writeFileSync(
    join(folder, 'server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' +
      'subjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    join(folder, 'server.csr'),
    '-CA',
    join(folder, 'ca.pem'),
    '-CAkey',
    join(folder, 'ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    join(folder, 'server.crt'),
    '-extfile',
    join(folder, 'server.ext'),
  ]);
}
