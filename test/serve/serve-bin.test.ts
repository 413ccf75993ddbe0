// The real bin: `piimap serve --port 0` prints its URL on the first stderr line, answers, and
// exits 0 on SIGTERM; it refuses (exit 2) a public address without PIIMAP_TOKEN or a missing catalog.
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { ROOT, runCli } from '../cli/run-cli.js';
import { demoCatalog } from './demo-catalog.js';

const BIN = join(ROOT, 'bin/piimap.js');
const TOKEN = 'bin-test-token-8d1e0b6c2a4f';
/** PIIMAP_TOKEN empty counts as unset, whatever the environment running the tests holds. */
const NO_TOKEN = { PIIMAP_TOKEN: '' };

let catalog: string;
let remove: () => void;

before(async () => {
  ({ catalog, remove } = await demoCatalog('serve-bin'));
});
after(() => remove());

/** Starts `piimap serve …` and resolves with the process and the URL from its first stderr line. */
async function serve(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let stderr = '';
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => (stderr += `${line}\n`));
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'close').then(() => [stderr])])) as [
    string,
  ];
  const url = /listening on (http:\/\/\S+)/.exec(first)?.[1];
  if (url === undefined) {
    child.kill('SIGKILL');
    assert.fail(`piimap serve did not start: ${first}`);
  }
  return { child, url, stderr: () => stderr };
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const closed = once(child, 'close');
  child.kill('SIGTERM');
  const [code] = (await closed) as [number | null];
  return code;
}

test('serve --port 0: the URL on the first stderr line, answers, exit 0 on SIGTERM', async () => {
  const { child, url } = await serve(['--catalog', catalog, '--port', '0'], NO_TOKEN);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const response = await fetch(`${url}/lookup?id=shop.customers.email`);
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { pii: boolean }[])[0]?.pii, true);
  // A kept-alive connection must not hold the process open after SIGTERM.
  assert.equal((await fetch(`${url}/healthz`, { keepalive: true })).status, 200);
  assert.equal(await stop(child), 0);
});

test('serve --host 0.0.0.0 with PIIMAP_TOKEN: 401 without it, 200 with it; the token is never printed', async () => {
  const { child, url, stderr } = await serve(['--catalog', catalog, '--host', '0.0.0.0', '--port', '0'], {
    PIIMAP_TOKEN: TOKEN,
  });
  const local = url.replace('0.0.0.0', '127.0.0.1');
  assert.equal((await fetch(`${local}/fields`)).status, 401);
  const ok = await fetch(`${local}/fields`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(ok.status, 200);
  assert.equal(await stop(child), 0);
  assert.ok(!stderr().includes(TOKEN));
});

test('serve --host 0.0.0.0 without PIIMAP_TOKEN: exit 2, saying to set it', async () => {
  const result = await runCli(['serve', '--catalog', catalog, '--host', '0.0.0.0', '--port', '0'], {
    env: NO_TOKEN,
  });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /set PIIMAP_TOKEN/);
});

test('a missing catalog or a bad port: exit 2 before listening', async () => {
  const missing = await runCli(['serve', '--catalog', join(catalog, '..', 'nope.db'), '--port', '0'], {
    env: NO_TOKEN,
  });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.db: no such file/);
  const port = await runCli(['serve', '--catalog', catalog, '--port', '99999'], { env: NO_TOKEN });
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port 99999: not a port/);
});
