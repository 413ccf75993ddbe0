// An id whose split is ambiguous (table `a.b` column `c` vs table `a` column `b.c`): 400 naming
// the parameters that settle it; the parts then find one field each.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { LookupRecord } from '../../src/report/lookup-output.js';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { runCli } from '../cli/run-cli.js';
import { type ErrorBody, getJson } from './demo-catalog.js';

let dir: string;
let server: RunningServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piimap-serve-ambiguous-'));
  const source = join(dir, 'amb.sqlite');
  const db = new Database(source);
  db.exec('CREATE TABLE "a.b" (c TEXT); CREATE TABLE a ("b.c" TEXT);');
  for (let i = 0; i < 20; i++) {
    db.prepare('INSERT INTO "a.b" (c) VALUES (?)').run(`user${i}@example.com`);
    db.prepare('INSERT INTO a ("b.c") VALUES (?)').run(`note ${i}`);
  }
  db.close();
  const catalog = join(dir, 'catalog.db');
  const scan = await runCli(['scan', source, '--catalog', catalog, '--workers', '0']);
  assert.equal(scan.code, 0, scan.stderr);
  server = await startServer({ catalog, host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an ambiguous id: 400 with the parameters to pick one; the parts settle it', async () => {
  const { response, body } = await getJson<ErrorBody>(`${server.url}/lookup?id=amb.a.b.c`);
  assert.equal(response.status, 400);
  assert.match(
    body.error.message,
    /lookup amb\.a\.b\.c: names 2 fields; pick one with source=amb asset=a field=b\.c, or source=amb asset=a\.b field=c/,
  );
  assert.ok(!body.error.message.includes('--'));
  const { body: found } = await getJson<LookupRecord[]>(`${server.url}/lookup?id=amb.a.b.c&asset=a.b`);
  assert.deepEqual(
    found.map((r) => [r.asset, r.field, r.types]),
    [['a.b', 'c', ['email']]],
  );
});
