import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-responses.js';

/**
 * Checks `Authorization: Bearer <token>` in constant time (both sides hashed first, so their
 * lengths match and the token's length does not leak). Neither the token nor what was sent is
 * ever echoed.
 */
export function bearerChecker(token: string): (authorization: string | undefined) => void {
  const expected = digest(token);
  return (authorization) => {
    const sent = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
    if (sent !== undefined && timingSafeEqual(digest(sent), expected)) return;
    throw new HttpError(
      401,
      sent === undefined
        ? 'this server needs Authorization: Bearer <token> (the PIIMAP_TOKEN it was started with)'
        : 'the bearer token is not the one this server was started with',
      { 'WWW-Authenticate': 'Bearer realm="piimap"' },
    );
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
