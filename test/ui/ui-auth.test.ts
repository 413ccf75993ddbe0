// Who may see the browser: with PIIMAP_TOKEN, pages need a session from the sign-in form (token in
// the POST body, answered with an HttpOnly SameSite=Strict cookie) or the bearer header; the token
// never appears in a URL. Without a token (loopback), the Host check guards the pages as the API.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { type RunningServer, startServer } from '../../src/serve/index.js';
import { demoCatalog } from '../serve/demo-catalog.js';
import { browserSuite, launchBrowser } from './browser.js';

const TOKEN = 'ui-token-7c1e9a4b2d6f8e0a3c5b';

let catalog: string;
let remove: () => void;
let server: RunningServer;
let url: string;

before(async () => {
  ({ catalog, remove } = await demoCatalog('ui-auth'));
  server = await startServer({ catalog, host: '0.0.0.0', port: 0, token: TOKEN });
  url = `http://127.0.0.1:${server.port}`;
});
after(async () => {
  await server.close();
  remove();
});

const noRedirect = { redirect: 'manual' } as const;

function signIn(token: string, init: { next?: string; origin?: string } = {}): Promise<Response> {
  return fetch(`${url}/ui/login`, {
    ...noRedirect,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(init.origin !== undefined && { origin: init.origin }),
    },
    body: new URLSearchParams({ token, next: init.next ?? '/ui/' }).toString(),
  });
}

async function sessionFrom(response: Response): Promise<string> {
  const cookie = response.headers.get('set-cookie') ?? '';
  const value = /^piimap_session=([^;]+)/.exec(cookie)?.[1];
  assert.ok(value, cookie);
  return `piimap_session=${value}`;
}

describe('with a token', () => {
  test('pages without a session go to the sign-in form, keeping where they were going (not the token)', async () => {
    const response = await fetch(`${url}/ui/fields?type=email`, noRedirect);
    assert.equal(response.status, 303);
    assert.equal(
      response.headers.get('location'),
      `/ui/login?next=${encodeURIComponent('/ui/fields?type=email')}`,
    );
    for (const path of ['/ui/', '/ui/field?source=shop&asset=customers&field=email', '/ui/nope'])
      assert.equal((await fetch(url + path, noRedirect)).status, 303, path);
    const form = await fetch(`${url}/ui/login?next=%2Fui%2F`);
    assert.equal(form.status, 200);
    const text = await form.text();
    assert.match(text, /<form class="filters" method="post" action="\/ui\/login">/);
    assert.match(text, /type="password" name="token"/);
    // The stylesheet and script hold no data: served without a session.
    assert.equal((await fetch(`${url}/ui/static/app.css`)).status, 200);
  });

  test('a wrong token: 401 and the form again, no cookie', async () => {
    for (const token of ['', 'nope', `${TOKEN}x`, TOKEN.slice(1)]) {
      const response = await signIn(token);
      assert.equal(response.status, 401, token);
      assert.equal(response.headers.get('set-cookie'), null);
      const text = await response.text();
      assert.match(text, /not the token this server was started with/);
      assert.ok(!text.includes(TOKEN));
    }
  });

  test('the right token: an HttpOnly SameSite=Strict session cookie that opens the pages, not the API', async () => {
    const response = await signIn(TOKEN, { next: '/ui/fields?q=mail' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/ui/fields?q=mail');
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Strict/);
    assert.match(setCookie, /; Path=\//);
    assert.ok(!setCookie.includes(TOKEN), 'the cookie is a session id, not the token');
    const cookie = await sessionFrom(response);
    const page = await fetch(`${url}/ui/fields?q=mail`, { headers: { cookie } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Sign out/);
    // The JSON API keeps to the bearer token.
    assert.equal((await fetch(`${url}/fields`, { headers: { cookie } })).status, 401);
  });

  test('the bearer header opens pages too (scripts, tests)', async () => {
    const response = await fetch(`${url}/ui/`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    assert.equal(
      (await fetch(`${url}/ui/`, { ...noRedirect, headers: { authorization: 'Bearer wrong' } })).status,
      303,
    );
  });

  test('sign out ends the session', async () => {
    const cookie = await sessionFrom(await signIn(TOKEN));
    assert.equal((await fetch(`${url}/ui/`, { headers: { cookie } })).status, 200);
    const out = await fetch(`${url}/ui/logout`, { ...noRedirect, method: 'POST', headers: { cookie } });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    assert.equal((await fetch(`${url}/ui/`, { ...noRedirect, headers: { cookie } })).status, 303);
    assert.equal((await fetch(`${url}/ui/logout`, { headers: { cookie } })).status, 405);
  });

  test('no open redirect; forms from another origin are refused', async () => {
    for (const next of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/api',
      '/ui/\r\nSet-Cookie: x=1',
    ])
      assert.equal((await signIn(TOKEN, { next })).headers.get('location'), '/ui/', next);
    assert.equal((await signIn(TOKEN, { origin: 'https://evil.example' })).status, 403);
    assert.equal((await signIn(TOKEN, { origin: url })).status, 303);
  });

  test('pages carry a strict CSP and no-store', async () => {
    const response = await fetch(`${url}/ui/`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  });

  describe('in Chromium', browserSuite(), () => {
    let browser: Browser;
    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    test('sign in with the form: the token is in no URL, the cookie is not readable by scripts', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.goto(`${url}/ui/fields?q=email`);
      assert.match(page.url(), /\/ui\/login\?next=/);
      await page.getByLabel('Access token (PIIMAP_TOKEN)').fill(TOKEN);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/ui\/fields\?q=email$/);
      assert.match((await page.getByRole('status').textContent()) ?? '', /fields? match/);
      const cookies = await context.cookies();
      assert.deepEqual(
        cookies.map((c) => [c.name, c.httpOnly, c.sameSite]),
        [['piimap_session', true, 'Strict']],
      );
      assert.equal(await page.evaluate<string>('document.cookie'), '');
      assert.ok(urls.length > 3);
      assert.ok(
        urls.every((u) => !u.includes(TOKEN)),
        urls.join('\n'),
      );
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/ui\/login/);
      await context.close();
    });
  });
});

describe('on loopback without a token', () => {
  let open: RunningServer;
  before(async () => {
    open = await startServer({ catalog, host: '127.0.0.1', port: 0 });
  });
  after(() => open.close());

  test('pages are open; the sign-in form leads back to the overview', async () => {
    assert.equal((await fetch(`${open.url}/ui/`)).status, 200);
    const form = await fetch(`${open.url}/ui/login`, noRedirect);
    assert.equal(form.status, 303);
    assert.equal(form.headers.get('location'), '/ui/');
  });

  test('a Host that is not a loopback name is refused, as for the API (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: open.port, path: '/ui/', headers: { host: 'evil.example' } },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    assert.equal(status, 400);
  });
});
