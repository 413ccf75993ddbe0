// Who may call piimap serve: loopback without a token (Host checked), anything else only with
// PIIMAP_TOKEN as a bearer token; a missing catalog stops it before it listens.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isLoopback, startServer } from '../../src/serve/index.js';
import { ConfigError, UsageError } from '../../src/shared/errors.js';
import { type ErrorBody, demoCatalog } from './demo-catalog.js';

const TOKEN = 'test-token-3f9a1c7e5b2d4f6a8c0e';

let catalog: string;
let remove: () => void;

before(async () => {
  ({ catalog, remove } = await demoCatalog('serve-auth'));
});
after(() => remove());

test('loopback names and addresses', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
    assert.ok(isLoopback(host), host);
  for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '::ffff:10.0.0.1'])
    assert.ok(!isLoopback(host), host);
});

test('refuses a non-loopback address without a token, before opening anything', async () => {
  for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
    await assert.rejects(
      startServer({ catalog, host, port: 0 }),
      (error: unknown) => error instanceof UsageError && /set PIIMAP_TOKEN/.test(error.message),
      host,
    );
  }
  await assert.rejects(startServer({ catalog, host: '0.0.0.0', port: 0, token: '' }), UsageError);
});

test('a missing catalog: ConfigError, nothing listens', async () => {
  await assert.rejects(
    startServer({ catalog: join(catalog, '..', 'nope.db'), host: '127.0.0.1', port: 0 }),
    (error: unknown) => error instanceof ConfigError && /no such file/.test(error.message),
  );
});

describe('bound to 0.0.0.0 with a token', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => {
    const server = await startServer({ catalog, host: '0.0.0.0', port: 0, token: TOKEN });
    url = `http://127.0.0.1:${server.port}`;
    close = server.close;
  });
  after(() => close());

  test('no Authorization: 401 with WWW-Authenticate: Bearer, and no token in the answer', async () => {
    for (const path of ['/fields', '/lookup?id=shop.customers.email', '/openapi.json', '/nope']) {
      const response = await fetch(url + path);
      assert.equal(response.status, 401, path);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer\b/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const text = await response.text();
      assert.equal((JSON.parse(text) as ErrorBody).error.status, 401);
      assert.ok(!text.includes(TOKEN));
    }
  });

  test('a wrong token or scheme: 401', async () => {
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${TOKEN}`,
      'Bearer',
    ]) {
      const response = await fetch(`${url}/fields`, { headers: { authorization } });
      assert.equal(response.status, 401, authorization);
      assert.ok(!(await response.text()).includes(TOKEN));
    }
  });

  test('the right token: 200; /healthz needs none; POST still 405', async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    assert.equal((await fetch(`${url}/fields?pii=true`, { headers })).status, 200);
    assert.equal((await fetch(`${url}/lookup?id=shop.customers.email`, { headers })).status, 200);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.equal((await fetch(`${url}/fields`, { method: 'POST', headers })).status, 405);
  });

  test('the OpenAPI document requires the bearer scheme everywhere but /healthz', async () => {
    const response = await fetch(`${url}/openapi.json`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const doc = (await response.json()) as {
      security?: unknown;
      paths: Record<string, { get: { security?: unknown; responses: Record<string, unknown> } }>;
    };
    assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
    assert.deepEqual(doc.paths['/healthz']?.get.security, []);
    assert.ok(doc.paths['/fields']?.get.responses['401']);
  });
});

describe('loopback without a token', () => {
  let port: number;
  let close: () => Promise<void>;
  before(async () => {
    const server = await startServer({ catalog, host: '127.0.0.1', port: 0 });
    port = server.port;
    close = server.close;
  });
  after(() => close());

  function statusFor(host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/healthz', headers: { host } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
  }

  test('answers loopback Host names only (DNS rebinding)', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`])
      assert.equal(await statusFor(host), 200, host);
    for (const host of [`evil.example:${port}`, 'evil.example', `192.168.1.10:${port}`])
      assert.equal(await statusFor(host), 400, host);
  });
});
