import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';

/**
 * The checks every request to the relay passes before anything else: a
 * request target that parses, a Host that names this machine, and who is
 * connecting (loopback or the network).
 */

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** True for an address on this machine's loopback interface (127.0.0.0/8, ::1, and IPv4-mapped 127.x). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** True when the relay listens on loopback only (the default), false when the user opted in to the network. */
export function isLoopbackListen(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

const withPort = (name: string, port: number) => `${isIP(name) === 6 ? `[${name}]` : name}:${port}`.toLowerCase();

/**
 * The Host values the relay answers. Loopback-only: the loopback names alone,
 * so a page that rebinds its own domain to 127.0.0.1 is refused. Listening
 * on the network (opted in): also this machine's host name, its addresses
 * and the names given with --allow-host, so honest network clients work
 * while a rebound foreign name is still refused. Addresses are read on each
 * call because interfaces come and go (DHCP, VPN).
 */
export function allowedHosts(listenHost: string, port: number, extraNames: readonly string[] = []): Set<string> {
  const names = [...LOOPBACK_NAMES];
  if (!isLoopbackListen(listenHost)) {
    if (listenHost !== '0.0.0.0' && listenHost !== '::') names.push(listenHost);
    const name = hostname();
    names.push(name, `${name}.local`, ...extraNames);
    for (const addresses of Object.values(networkInterfaces())) {
      for (const a of addresses ?? []) if (!a.address.includes('%')) names.push(a.address);
    }
  }
  return new Set(names.map((n) => withPort(n, port)));
}

export interface RequestTarget {
  path: string;
  query: URLSearchParams;
}

/** RFC 3986 path and query characters after a leading slash; anything else must be percent-encoded. */
const ORIGIN_FORM = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/**
 * Parses an origin-form request target (`/path?query`), or undefined (400)
 * for anything else: an absolute or scheme-relative URL (`//host/publish`
 * would resolve to another path), `*`, a character outside RFC 3986, a `%`
 * not followed by two hex digits. A relay behind no proxy needs none of them.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | undefined {
  if (!raw || !ORIGIN_FORM.test(raw) || raw[1] === '/' || BAD_PERCENT.test(raw)) return undefined;
  try {
    const url = new URL(raw, 'http://relay.invalid');
    if (url.host !== 'relay.invalid') return undefined;
    return { path: url.pathname, query: url.searchParams };
  } catch {
    return undefined;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares a presented token in constant time (the relay may be reachable from the network). */
export function tokenMatches(presented: string | null, token: string): boolean {
  return presented !== null && token.length > 0 && timingSafeEqual(digest(presented), digest(token));
}
