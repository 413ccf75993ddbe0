import type { ServerResponse } from 'node:http';
import { sendText } from '../http-responses.js';

/**
 * The browser's pages: nothing cached or framed, scripts and styles only from this server
 * (/ui/static/), forms only posted to it, no referrer leaked to other sites.
 */
const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
} as const;

export function sendPage(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  send(response, status, 'text/html; charset=utf-8', body, headers);
}

export function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendText(response, status, contentType, body, headers, PAGE_HEADERS);
}

/** 303 See Other: after a form post, and from pages that need a session to the sign-in form. */
export function redirect(
  response: ServerResponse,
  location: string,
  headers: Readonly<Record<string, string | string[]>> = {},
): void {
  response.writeHead(303, { ...headers, ...PAGE_HEADERS, Location: location, 'Content-Length': 0 });
  response.end();
}
