import { BlockList, isIP } from 'node:net';
import { UsageError } from '../shared/errors.js';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `localhost`, 127.0.0.0/8, `::1` (and IPv4-mapped 127.x); brackets around IPv6 are allowed. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Only loopback is served without a token: bound to anything else (0.0.0.0, ::, a LAN address,
 * a host name) the catalog is on the network, so a bearer token must guard it.
 */
export function assertBindAllowed(host: string, token: string | undefined): void {
  if (token !== undefined || isLoopback(host)) return;
  throw new UsageError(
    `serve --host ${host}: not a loopback address, so the catalog would be open to the network; set PIIMAP_TOKEN to a long random secret (clients send it as Authorization: Bearer <token>), or bind 127.0.0.1`,
  );
}

/**
 * Served on loopback without a token, only requests naming a loopback host are answered: a web
 * page whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name as `Host`.
 * A request without `Host` (HTTP/1.0) is not from a browser and passes.
 */
export function hostHeaderAllowed(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined || hostHeader === '') return true;
  const name = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : (hostHeader.split(':')[0] ?? '');
  return isLoopback(name);
}
