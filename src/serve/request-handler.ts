import type { IncomingMessage, ServerResponse } from 'node:http';
import { PiimapError, errorMessage } from '../shared/errors.js';
import { hostHeaderAllowed } from './bind-policy.js';
import { bearerChecker } from './bearer-auth.js';
import type { PiiTaxonomy } from '../catalog/pii-taxonomy.js';
import type { CatalogReader } from './catalog-reader.js';
import { HttpError, sendError, sendJson, sendText } from './http-responses.js';
import { parseQuery } from './query-params.js';
import type { Route } from './route.js';
import { type UiHandler, isUiPath } from './ui/ui-handler.js';

export interface HandlerOptions {
  routes: readonly Route[];
  catalog: CatalogReader;
  taxonomy: PiiTaxonomy;
  openapi: () => object;
  /** The browser (`/` and `/ui/…`): it checks the token itself (a session cookie or the bearer header). */
  ui?: UiHandler;
  /** Guards every route but the health check; without it, only loopback Host names are answered. */
  token?: string | undefined;
  /** Where unexpected errors are reported (never with the token or request headers). */
  log: (line: string) => void;
}

/**
 * Request → answer, in this order: Host check (no token); the browser's pages (`/`, `/ui/…`) go to
 * the UI handler, which checks the token its own way; bearer check (token), route (404), method
 * (405), query parameters (400), the route's handler. Every failure is a JSON error.
 */
export function requestHandler(options: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const byPath = new Map(options.routes.map((route) => [route.path, route]));
  const checkBearer = options.token !== undefined ? bearerChecker(options.token) : undefined;
  return (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = byPath.get(url.pathname);
      if (checkBearer === undefined && !hostHeaderAllowed(req.headers.host))
        throw new HttpError(
          400,
          'Host: not a loopback name; this server answers requests for localhost or 127.0.0.1 only',
        );
      if (options.ui !== undefined && isUiPath(url.pathname)) {
        options.ui(req, res, url);
        return;
      }
      if (checkBearer !== undefined && route?.auth !== false) checkBearer(req.headers.authorization);
      if (route === undefined)
        throw new HttpError(404, `${url.pathname}: no such route; GET /openapi.json lists them`);
      if (req.method !== 'GET')
        throw new HttpError(405, `${req.method} ${route.path}: only GET is answered`, { Allow: 'GET' });
      const result = route.handle({
        query: parseQuery(url.searchParams, route.params),
        catalog: options.catalog,
        taxonomy: options.taxonomy,
        openapi: options.openapi,
      });
      if ('json' in result) sendJson(res, 200, result.json);
      else sendText(res, 200, result.contentType, result.text, result.headers);
    } catch (error) {
      sendError(res, asHttpError(error, options.log));
    }
  };
}

function asHttpError(error: unknown, log: (line: string) => void): HttpError {
  if (error instanceof HttpError) return error;
  // lookup's ambiguity, diff's unknown scans: the caller's to fix, and the message says how.
  if (error instanceof PiimapError && error.code === 'USAGE') return new HttpError(400, error.message);
  log(`request failed: ${errorMessage(error)}`);
  return new HttpError(500, 'the catalog could not be read; the server log says why');
}
