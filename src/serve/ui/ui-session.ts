import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'piimap_session';
/** A browser session lasts 8 hours from sign-in, then the token is asked for again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** Sessions kept at most; past it the oldest is dropped (its browser signs in again). */
const MAX_SESSIONS = 1000;

/**
 * Browser sessions of a server started with a token. The token is typed once into the sign-in
 * form (POST body, never a URL); the server answers with a random session id in an HttpOnly,
 * SameSite=Strict cookie. Sessions live in memory: a restart, or signing out, ends them.
 */
export class UiSessions {
  private readonly expiry = new Map<string, number>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  create(): string {
    const id = randomBytes(32).toString('base64url');
    this.expiry.set(id, this.now() + SESSION_TTL_MS);
    for (const [old, expires] of this.expiry)
      if (this.expiry.size > MAX_SESSIONS || expires <= this.now()) this.expiry.delete(old);
    return id;
  }

  valid(id: string | undefined): boolean {
    if (id === undefined) return false;
    const expires = this.expiry.get(id);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.expiry.delete(id);
    return false;
  }

  end(id: string | undefined): void {
    if (id !== undefined) this.expiry.delete(id);
  }
}

/** The token typed into the form equals the server's, compared in constant time (both hashed first). */
export function tokenMatches(expected: string, sent: string): boolean {
  return timingSafeEqual(digest(expected), digest(sent));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function sessionCookie(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
}

/** Secure too when a TLS proxy in front says the browser came over https. */
export function setSessionCookie(request: IncomingMessage, id: string, maxAgeMs = SESSION_TTL_MS): string {
  const secure = request.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure}`;
}
