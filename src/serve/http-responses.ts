import type { ServerResponse } from 'node:http';

/** A request the server answers with an error status: `{error: {status, message}}`. */
export class HttpError extends Error {
  readonly status: number;
  /** Extra response headers (`Allow`, `WWW-Authenticate`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** On every response: nothing cached (the catalog says where PII is), nothing sniffed or framed. */
const SAFETY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
} as const;

/** A whole response; the `policy` headers (SAFETY_HEADERS, or a page's stricter set) win over `headers`. */
export function sendText(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
  policy: Readonly<Record<string, string>> = SAFETY_HEADERS,
): void {
  response.writeHead(status, {
    ...headers,
    ...policy,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  sendText(response, status, JSON_TYPE, JSON.stringify(value));
}

export function sendError(response: ServerResponse, error: HttpError): void {
  sendText(
    response,
    error.status,
    JSON_TYPE,
    JSON.stringify({ error: { status: error.status, message: error.message } }),
    error.headers,
  );
}
