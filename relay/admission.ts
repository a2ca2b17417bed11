import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import { PAIRING_SUBPROTOCOL } from '../src/core/protocol/relay-handshake';
import { allowedHosts, isLoopbackListen, parseRequestTarget, type RequestTarget, tokenMatches } from './request-checks';

/**
 * Who may come in. Every request is checked before anything else: a
 * parsable target (400), Host (DNS rebinding), Origin (cross-site WebSocket
 * hijacking). A WebSocket request then needs, to publish, the token or the
 * pairing subprotocol (the proof follows the upgrade), no other publisher
 * and room among the pairing ones; to subscribe, the token when required
 * and room under the connection cap. A refused request gets a plain HTTP
 * error and the relay goes on.
 */
export type Admitted = { ok: true; target: RequestTarget; origin?: string } | Refusal;
export type Refusal = { ok: false; status: number; reason: string };

export interface AdmissionOptions {
  host: string;
  token: string;
  /** Web origins allowed to subscribe (the extension's own is always allowed). */
  allowOrigins: string[];
  /** More names this machine answers to, accepted in Host when listening beyond loopback. */
  allowHosts?: string[];
  /** Subscribers too must present the token (publishers always must). */
  requireToken?: boolean;
  maxConnections: number;
  /** Publishers proving they hold the token at once; each for a few seconds only. */
  maxPairing: number;
}

/** What the hub holds now, as far as admission cares. */
export interface Occupancy {
  publisher: boolean;
  subscribers: number;
  /** Publishers still proving they hold the token. */
  pairing: number;
}

/** An admitted WebSocket request: whom it is for, and what it proved. */
export interface Entry {
  publish: boolean;
  /** It presented the right token. */
  tokenOk: boolean;
  /** A publisher that must prove it holds the token after the upgrade. */
  proveAfterUpgrade: boolean;
  origin?: string;
}

/** The subprotocols a WebSocket request asks for. */
const headerProtocols = (req: IncomingMessage): string[] =>
  (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());

const refusal = (status: number, reason: string): Refusal => ({ ok: false, status, reason });

export class Admission {
  private loopbackHosts: Set<string> | undefined;
  private readonly loopbackOnly: boolean;

  /** `port()`: the port the server listens on (known once it listens). */
  constructor(
    private readonly o: AdmissionOptions,
    private readonly port: () => number,
  ) {
    this.loopbackOnly = isLoopbackListen(o.host);
  }

  /** The checks every request passes, WebSocket or not. */
  request(req: IncomingMessage): Admitted {
    const target = parseRequestTarget(req.url);
    if (!target) return refusal(400, 'Bad request target');
    if (!this.hostAllowed(req.headers.host)) return refusal(403, 'Forbidden host');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== EXTENSION_ORIGIN && !this.o.allowOrigins.includes(origin)) {
      return refusal(403, 'Forbidden origin');
    }
    return { ok: true, target, origin };
  }

  /** A WebSocket request, given what the hub holds now. */
  upgrade(req: IncomingMessage, now: Occupancy): Entry | Refusal {
    const a = this.request(req);
    if (!a.ok) return a;
    const publish = a.target.path === '/publish';
    const presented = a.target.query.get('token');
    const tokenOk = tokenMatches(presented, this.o.token);
    if (presented !== null && !tokenOk) return refusal(401, 'Unauthorized');
    const entry: Entry = { publish, tokenOk, proveAfterUpgrade: false, origin: a.origin };
    if (publish) {
      // No web page may ever publish. A publisher presents the token, or proves it
      // holds it after the upgrade (the pairing subprotocol). An Origin is a claim,
      // not a proof: the extension pairs like any other publisher.
      if (a.origin !== undefined && a.origin !== EXTENSION_ORIGIN) return refusal(401, 'Unauthorized');
      entry.proveAfterUpgrade = !tokenOk;
      if (entry.proveAfterUpgrade && !headerProtocols(req).includes(PAIRING_SUBPROTOCOL)) {
        return refusal(401, 'Unauthorized');
      }
      if (tokenOk && now.publisher) return refusal(409, 'Another publisher is connected');
      if (entry.proveAfterUpgrade && now.pairing >= this.o.maxPairing) return refusal(503, 'Too many connections');
    } else if (this.o.requireToken && !tokenOk) {
      return refusal(401, 'Unauthorized');
    } else if (now.subscribers >= this.o.maxConnections) {
      return refusal(503, 'Too many connections');
    }
    return entry;
  }

  private hostAllowed(host: string | undefined): boolean {
    if (host === undefined) return false;
    const port = this.port();
    // Loopback-only, the set never changes; on the network, addresses may.
    const hosts = this.loopbackOnly
      ? (this.loopbackHosts ??= allowedHosts(this.o.host, port))
      : allowedHosts(this.o.host, port, this.o.allowHosts);
    return hosts.has(host.toLowerCase());
  }
}

/** Answers a request the relay will not serve with a plain HTTP error, and closes the connection. */
export function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
