import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PiiTaxonomy } from '../../catalog/pii-taxonomy.js';
import { markup } from '../../report/html/html-template.js';
import { PiimapError, errorMessage } from '../../shared/errors.js';
import { bearerChecker } from '../bearer-auth.js';
import type { CatalogReader } from '../catalog-reader.js';
import { HttpError } from '../http-responses.js';
import { parseQuery } from '../query-params.js';
import { assetPage } from './pages/asset-page.js';
import { assetsPage } from './pages/assets-page.js';
import { diffPage } from './pages/diff-page.js';
import { fieldPage } from './pages/field-page.js';
import { loginBody } from './pages/login-page.js';
import { overviewPage } from './pages/overview-page.js';
import { scansPage } from './pages/scans-page.js';
import { searchPage } from './pages/search-page.js';
import { layout } from './ui-layout.js';
import type { UiPage } from './ui-page.js';
import { redirect, send, sendPage } from './ui-responses.js';
import { UiSessions, sessionCookie, setSessionCookie, tokenMatches } from './ui-session.js';
import { STATIC_FILES } from './ui-static.js';

/** Every page of the browser, by path. */
const PAGES: readonly UiPage[] = [
  assetPage,
  assetsPage,
  diffPage,
  fieldPage,
  overviewPage,
  scansPage,
  searchPage,
];

/** A sign-in form post is small; anything bigger is refused unread. */
const MAX_FORM_BYTES = 4096;
/** A wrong token is answered after this pause, so guessing is slow. */
const FAILED_SIGN_IN_DELAY_MS = 300;

export type UiHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => void;

export function isUiPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/ui' || pathname.startsWith('/ui/');
}

export interface UiOptions {
  catalog: CatalogReader;
  taxonomy: PiiTaxonomy;
  /** With a token, pages need a session (the sign-in form) or `Authorization: Bearer`. */
  token?: string | undefined;
  log?: (line: string) => void;
}

/**
 * The browser: server-rendered pages over the same catalog reader and routes as the JSON API.
 * Without a token (loopback only) every page is open, as the API is; with one, a page needs a
 * session cookie from the sign-in form, or the bearer header.
 */
export function uiHandler(options: UiOptions): UiHandler {
  const { catalog, taxonomy, token } = options;
  const log = options.log ?? (() => {});
  const pages = new Map(PAGES.map((page) => [page.path, page]));
  const sessions = token !== undefined ? new UiSessions() : undefined;
  const checkBearer = token !== undefined ? bearerChecker(token) : undefined;

  const hasSession = (request: IncomingMessage) => sessions?.valid(sessionCookie(request)) === true;
  const authorized = (request: IncomingMessage) => {
    if (checkBearer === undefined || hasSession(request)) return true;
    if (request.headers.authorization === undefined) return false;
    try {
      checkBearer(request.headers.authorization);
      return true;
    } catch {
      return false;
    }
  };

  const errorPage = (request: IncomingMessage, response: ServerResponse, error: HttpError) =>
    sendPage(
      response,
      error.status,
      layout({
        title: `Error ${error.status}`,
        body: markup`<h1>${error.status === 404 ? 'Not found' : `Error ${error.status}`}</h1>
          <p class="warn">${error.message}</p>
          <p><a href="/ui/">Back to the overview</a></p>`,
        signOut: hasSession(request),
      }),
      error.headers,
    );

  const signIn = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (token === undefined || sessions === undefined) return redirect(response, '/ui/');
    const show = (status: number, next: string, failed: boolean) =>
      sendPage(response, status, layout({ title: 'Sign in', body: loginBody(next, failed), signOut: false }));
    if (request.method === 'GET') return show(200, safeNext(url.searchParams.get('next')), false);
    if (request.method !== 'POST')
      throw new HttpError(405, 'only GET and POST are answered here', { Allow: 'GET, POST' });
    assertSameOrigin(request);
    const form = await readForm(request);
    const next = safeNext(form.get('next'));
    if (!tokenMatches(token, form.get('token') ?? '')) {
      await new Promise((resolve) => setTimeout(resolve, FAILED_SIGN_IN_DELAY_MS));
      return show(401, next, true);
    }
    redirect(response, next, { 'Set-Cookie': setSessionCookie(request, sessions.create()) });
  };

  const signOut = (request: IncomingMessage, response: ServerResponse) => {
    if (request.method !== 'POST')
      throw new HttpError(405, 'sign out with POST (the button)', { Allow: 'POST' });
    assertSameOrigin(request);
    sessions?.end(sessionCookie(request));
    redirect(response, token !== undefined ? '/ui/login' : '/ui/', {
      'Set-Cookie': setSessionCookie(request, '', 0),
    });
  };

  const answer = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const path = url.pathname;
    if (path === '/' || path === '/ui') return redirect(response, '/ui/');
    const file = STATIC_FILES.get(path);
    if (file !== undefined) {
      if (request.method !== 'GET')
        throw new HttpError(405, `${request.method} ${path}: only GET is answered`, { Allow: 'GET' });
      return send(response, 200, file.contentType, file.body);
    }
    if (path === '/ui/login') return signIn(request, response, url);
    if (path === '/ui/logout') return signOut(request, response);
    if (!authorized(request)) {
      if (request.method !== 'GET') throw new HttpError(401, 'sign in first');
      return redirect(response, `/ui/login?next=${encodeURIComponent(path + url.search)}`);
    }
    const page = pages.get(path);
    if (page === undefined) throw new HttpError(404, `${path}: no such page`);
    if (request.method !== 'GET')
      throw new HttpError(405, `${request.method} ${path}: only GET is answered`, { Allow: 'GET' });
    const result = page.render({
      query: parseQuery(url.searchParams, page.params),
      search: url.searchParams,
      catalog,
      taxonomy,
    });
    sendPage(
      response,
      result.status ?? 200,
      layout({ title: result.title, section: page.section, body: result.body, signOut: hasSession(request) }),
    );
  };

  return (request, response, url) => {
    answer(request, response, url).catch((error: unknown) => {
      if (response.headersSent) return void response.destroy();
      errorPage(request, response, asHttpError(error, log));
    });
  };
}

/**
 * Where to go after signing in: a page of the browser, nothing else (no open redirect; no
 * backslash, white space or control character to bend the Location header).
 */
function safeNext(next: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  return next !== null && next !== undefined && /^\/ui\/[^\\\s\x00-\x1f\x7f]*$/.test(next) ? next : '/ui/';
}

/** Form posts from another site are refused (the cookie is SameSite=Strict too). */
function assertSameOrigin(request: IncomingMessage): void {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'Origin: not a URL');
  }
  if (host !== request.headers.host) throw new HttpError(403, 'Origin: a form from another site');
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded'))
    return Promise.reject(new HttpError(415, 'send the sign-in form as application/x-www-form-urlencoded'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new HttpError(413, 'the sign-in form is too large', { Connection: 'close' }));
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function asHttpError(error: unknown, log: (line: string) => void): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof PiimapError && error.code === 'USAGE') return new HttpError(400, error.message);
  log(`page failed: ${errorMessage(error)}`);
  return new HttpError(500, 'the catalog could not be read; the server log says why');
}
