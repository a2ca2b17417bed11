import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import { PAIRING_SUBPROTOCOL, PUBLISHER_BUSY } from '../src/core/protocol/relay-handshake';
import {
  BRAINSERVR_GREETING,
  BRAINSERVR_STOPPED,
  brainServRFrame,
  type HelloMessage,
  parsePublisherMessage,
  PUBLISHER_LEFT,
  publicView,
  type PublisherMessage,
  RELAY_MAX_FRAME,
  type ModeMessage,
  type StatusMessage,
  type TargetInfo,
  V2_SUBPROTOCOL,
} from '../src/core/protocol/relay';
import { messageText, textFrame } from './frames';
import { pairPublisher } from './pairing';
import { SubscriberLimits } from './subscriber-limits';
import { allowedHosts, isLoopbackListen, parseRequestTarget, type RequestTarget, tokenMatches } from './request-checks';

/**
 * One producer (the extension), many subscribers. Subscribers get BrainServR
 * frames by default or JSON objects with the `brainbrowsr.v2` subprotocol;
 * v2 subscribers without the token get the public view (no text).
 * Every request is checked before anything else: a parsable target (400),
 * Host (DNS rebinding), Origin (cross-site WebSocket hijacking); then
 * publisher authentication (the token, or the pairing proof after the
 * upgrade) and the connection cap. A refused handshake gets a plain HTTP
 * error and the relay goes on.
 */
export interface RelayOptions {
  port: number;
  host: string;
  token: string;
  /** Web origins allowed to subscribe (the extension's own is always allowed). */
  allowOrigins: string[];
  /** More names this machine answers to, accepted in Host when listening beyond loopback. */
  allowHosts?: string[];
  /** Subscribers too must present the token (publishers always must). */
  requireToken?: boolean;
  maxConnections?: number;
  /** Bytes one peer may have queued before it is dropped as too slow. */
  maxBufferedBytes?: number;
  /** Bytes all subscribers together may have queued; beyond, the most behind are dropped. */
  maxTotalBufferedBytes?: number;
  /** How long a peer's queue may go without draining before it is dropped, whatever it sends. */
  maxStallMs?: number;
  /** How long a publisher has to complete the pairing proof. */
  pairingTimeoutMs?: number;
  pingIntervalMs?: number;
  log?: (line: string) => void;
}

export interface RelayStats {
  publisher: boolean;
  subscribers: number;
  uptime: number;
  relayed: number;
  /** Bytes queued for all subscribers together (bounded by maxTotalBufferedBytes). */
  queuedBytes: number;
  /** Subscribers dropped for not reading. */
  droppedSlow: number;
}

export interface Relay {
  readonly port: number;
  readonly server: Server;
  stats(): RelayStats;
  close(): Promise<void>;
}

/** A connected peer; `socket` is the one ws writes to, kept to send prepared frames. */
export interface Peer {
  ws: WebSocket;
  socket: Duplex;
  label: string;
  alive: boolean;
  /** When its queue was last empty (or drained). */
  lastDrained: number;
}

type Admitted = { ok: true; target: RequestTarget; origin?: string } | { ok: false; status: number; reason: string };

/** The subprotocols a WebSocket request asks for. */
const headerProtocols = (req: IncomingMessage): string[] =>
  (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.log ?? (() => {});
  const maxConnections = options.maxConnections ?? 2000;
  const loopbackOnly = isLoopbackListen(options.host);
  const started = Date.now();
  const brainServRSubscribers = new Set<Peer>();
  /** v2 subscribers that presented the token: everything the publisher sent. */
  const v2Subscribers = new Set<Peer>();
  /** v2 subscribers without the token: the public view, no text. */
  const v2PublicSubscribers = new Set<Peer>();
  const subscriberGroups = [brainServRSubscribers, v2Subscribers, v2PublicSubscribers];
  let publisher: Peer | undefined;
  /** Publishers still proving they hold the token; few, and each for a few seconds only. */
  let pairing = 0;
  const maxPairing = 16;
  const limits = new SubscriberLimits<Peer>({
    maxPeerBytes: options.maxBufferedBytes ?? 256 * 1024,
    maxTotalBytes: options.maxTotalBufferedBytes ?? 8 * 1024 * 1024,
    maxStallMs: options.maxStallMs ?? 10_000,
    drop: (peer, why) => {
      log(`drop slow ${peer === publisher ? 'publisher' : 'subscriber'} ${peer.label} (${why})`);
      peer.ws.terminate();
    },
  });
  let relayed = 0;
  // What the current publisher last said; forgotten when it goes, so no one hears a stale "streaming".
  let lastStatus: StatusMessage | undefined;
  /** What the targets mean now, told to v2 subscribers who join later. */
  let lastMode: ModeMessage | undefined;
  let targets: TargetInfo[] = [];

  const subscriberCount = () => brainServRSubscribers.size + v2Subscribers.size + v2PublicSubscribers.size;
  const allSubscribers = () => subscriberGroups.flatMap((g) => [...g]);
  const stats = (): RelayStats => ({
    publisher: publisher !== undefined,
    subscribers: subscriberCount(),
    uptime: (Date.now() - started) / 1000,
    relayed,
    queuedBytes: limits.queuedBytes(allSubscribers()),
    droppedSlow: limits.dropped,
  });

  let loopbackHosts: Set<string> | undefined;
  const hostAllowed = (host: string | undefined): boolean => {
    if (host === undefined) return false;
    const port = (server.address() as AddressInfo).port;
    // Loopback-only, the set never changes; on the network, addresses may.
    const hosts = loopbackOnly
      ? (loopbackHosts ??= allowedHosts(options.host, port))
      : allowedHosts(options.host, port, options.allowHosts);
    return hosts.has(host.toLowerCase());
  };

  /** The checks every request passes, WebSocket or not. */
  const admit = (req: IncomingMessage): Admitted => {
    const target = parseRequestTarget(req.url);
    if (!target) return { ok: false, status: 400, reason: 'Bad request target' };
    if (!hostAllowed(req.headers.host)) return { ok: false, status: 403, reason: 'Forbidden host' };
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== EXTENSION_ORIGIN && !options.allowOrigins.includes(origin)) {
      return { ok: false, status: 403, reason: 'Forbidden origin' };
    }
    return { ok: true, target, origin };
  };

  // Headers must arrive within headersTimeout; the check runs every connectionsCheckingInterval.
  const server = createServer({ connectionsCheckingInterval: 2000 }, (req, res) => {
    const a = admit(req);
    if (!a.ok) {
      res.writeHead(a.status, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(`${a.reason}\n`);
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && a.target.path === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(stats()));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('BrainBrowsR relay: WebSocket on any path; GET /health\n');
  });
  // Requests Node's HTTP parser cannot read (bad request line, headers) get 400 and cost nothing else.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    refuse(
      socket,
      status,
      status === 431 ? 'Request header fields too large' : status === 408 ? 'Request timeout' : 'Bad request',
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: RELAY_MAX_FRAME,
    perMessageDeflate: false, // fan-out writes prepared uncompressed frames
    // A peer that never reads must not make the relay queue pongs for it: answered only when its queue is empty.
    autoPong: false,
    handleProtocols: (protocols, req) => {
      const wanted = parseRequestTarget(req.url)?.path === '/publish' ? PAIRING_SUBPROTOCOL : V2_SUBPROTOCOL;
      return protocols.has(wanted) ? wanted : false;
    },
  });

  /** Writes a prepared frame; a peer that does not keep up is dropped, the relay and the others go on. */
  const deliver = (peer: Peer, frame: Buffer) => {
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    if (limits.admit(peer, frame.length)) limits.write(peer, frame);
  };
  const sendText = (peer: Peer, text: string) => deliver(peer, textFrame(text));
  const broadcast = (peers: Set<Peer>, text: string) => {
    if (peers.size === 0) return;
    const frame = textFrame(text);
    for (const peer of peers) deliver(peer, frame);
  };
  /** One message to every subscriber, each in the view it may have; then the total queue is bounded again. */
  const broadcastAll = (m: PublisherMessage | StatusMessage, legacy: string | undefined) => {
    limits.beginBroadcast(allSubscribers());
    if (legacy !== undefined) broadcast(brainServRSubscribers, legacy);
    broadcast(v2Subscribers, JSON.stringify(m));
    broadcast(v2PublicSubscribers, JSON.stringify(publicView(m)));
    limits.endBroadcast(allSubscribers());
  };

  const fanOut = (m: PublisherMessage) => {
    relayed++;
    broadcastAll(m, brainServRFrame(m));
  };

  const hello = (): HelloMessage => ({
    type: 'hello',
    protocol: V2_SUBPROTOCOL,
    targets,
    publisher: publisher !== undefined,
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws owns the socket, a peer that resets must not raise an unhandled 'error'.
    const onError = () => socket.destroy();
    socket.on('error', onError);
    try {
      const a = admit(req);
      if (!a.ok) return refuse(socket, a.status, a.reason);
      const isPublish = a.target.path === '/publish';
      const presented = a.target.query.get('token');
      const tokenOk = tokenMatches(presented, options.token);
      if (presented !== null && !tokenOk) return refuse(socket, 401, 'Unauthorized');
      let proveAfterUpgrade = false;
      if (isPublish) {
        // No web page may ever publish. A publisher presents the token, or proves it
        // holds it after the upgrade (the pairing subprotocol). An Origin is a claim,
        // not a proof: the extension pairs like any other publisher.
        if (a.origin !== undefined && a.origin !== EXTENSION_ORIGIN) return refuse(socket, 401, 'Unauthorized');
        proveAfterUpgrade = !tokenOk;
        if (proveAfterUpgrade && !headerProtocols(req).includes(PAIRING_SUBPROTOCOL)) {
          return refuse(socket, 401, 'Unauthorized');
        }
        if (tokenOk && publisher) return refuse(socket, 409, 'Another publisher is connected');
        if (proveAfterUpgrade && pairing >= maxPairing) return refuse(socket, 503, 'Too many connections');
      } else if (options.requireToken && !tokenOk) {
        return refuse(socket, 401, 'Unauthorized');
      } else if (subscriberCount() >= maxConnections) {
        return refuse(socket, 503, 'Too many connections');
      }
      const label = `${req.socket.remoteAddress}:${req.socket.remotePort}${a.origin ? ` (${a.origin})` : ''}`;
      if (proveAfterUpgrade) pairing++;
      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off('error', onError);
        const peer: Peer = { ws, socket, label, alive: true, lastDrained: Date.now() };
        limits.watch(peer);
        ws.on('pong', () => (peer.alive = true));
        ws.on('ping', (data) => {
          if (socket.writableLength === 0) ws.pong(data);
        });
        ws.on('error', () => ws.terminate());
        if (!isPublish) return onSubscriber(peer, tokenOk);
        if (!proveAfterUpgrade) return onPublisher(peer);
        void pairPublisher(ws, options.token, options.pairingTimeoutMs ?? 5000).then((paired) => {
          pairing--;
          if (!paired) {
            log(`publisher refused ${label}: no pairing proof`);
            return;
          }
          if (publisher) {
            log(`publisher refused ${label}: another publisher is connected`);
            ws.close(PUBLISHER_BUSY, 'another publisher is connected to this relay');
            return;
          }
          ws.send(JSON.stringify({ type: 'auth-ok' }));
          onPublisher(peer);
        });
      });
    } catch (e) {
      log(`refused a request the relay could not handle: ${(e as Error).message}`);
      refuse(socket, 500, 'Internal error');
    }
  });

  function onPublisher(peer: Peer): void {
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    publisher = peer;
    lastStatus = undefined;
    lastMode = undefined;
    targets = [];
    log(`publisher connected ${peer.label}`);
    peer.ws.on('message', (data, isBinary) => {
      if (publisher !== peer) return;
      const parsed = isBinary
        ? ({ ok: false, error: 'binary frames are not accepted' } as const)
        : parsePublisherMessage(messageText(data));
      if (!parsed.ok) return sendText(peer, JSON.stringify({ type: 'error', error: parsed.error }));
      const m = parsed.value;
      if (m.type === 'status') {
        lastStatus = m;
        if (m.targets) targets = m.targets;
      }
      if (m.type === 'mode') lastMode = m;
      if (m.type === 'detection') {
        log(`detection ${m.target}${m.label ? ` (${m.label})` : ''} -> ${subscriberCount()} subscribers`);
      }
      fanOut(m);
    });
    peer.ws.on('close', () => {
      if (publisher !== peer) return;
      publisher = undefined;
      log(`publisher disconnected ${peer.label}`);
      lastStatus = { type: 'status', state: 'off', message: PUBLISHER_LEFT };
      lastMode = undefined;
      targets = [];
      // The relay's own words, not the publisher's: every v2 subscriber hears why.
      limits.beginBroadcast(allSubscribers());
      broadcast(v2Subscribers, JSON.stringify(lastStatus));
      broadcast(v2PublicSubscribers, JSON.stringify(lastStatus));
      broadcast(brainServRSubscribers, JSON.stringify(BRAINSERVR_STOPPED));
      limits.endBroadcast(allSubscribers());
    });
  }

  function onSubscriber(peer: Peer, withToken: boolean): void {
    const v2 = peer.ws.protocol === V2_SUBPROTOCOL;
    const group = !v2 ? brainServRSubscribers : withToken ? v2Subscribers : v2PublicSubscribers;
    group.add(peer);
    log(`subscriber connected ${peer.label}${v2 ? (withToken ? ' [v2]' : ' [v2 public]') : ''} (${subscriberCount()})`);
    const view = (m: HelloMessage | PublisherMessage) => JSON.stringify(withToken || !publisher ? m : publicView(m));
    sendText(peer, v2 ? view(hello()) : JSON.stringify(BRAINSERVR_GREETING));
    if (v2 && lastStatus) sendText(peer, view(lastStatus));
    if (v2 && lastMode) sendText(peer, view(lastMode));
    peer.ws.on('message', () => {
      // Subscribers have nothing to say; v2 clients are told so, BrainServR ones ignored.
      // Answered only while it reads: a peer that talks and never reads gets nothing queued.
      if (v2 && peer.socket.writableLength === 0) {
        sendText(peer, JSON.stringify({ type: 'error', error: 'subscribers cannot publish; use /publish' }));
      }
    });
    peer.ws.on('close', () => {
      group.delete(peer);
      log(`subscriber disconnected ${peer.label} (${subscriberCount()})`);
    });
  }

  const peers = () => [...allSubscribers(), ...(publisher ? [publisher] : [])];
  // Queues that stopped draining are dropped even when no message is being sent.
  const sweeper = setInterval(() => limits.sweep(peers()), Math.min(1000, options.maxStallMs ?? 1000));
  sweeper.unref();
  const pinger = setInterval(() => {
    for (const peer of peers()) {
      if (!peer.alive) {
        peer.ws.terminate();
        continue;
      }
      peer.alive = false;
      peer.ws.ping();
    }
  }, options.pingIntervalMs ?? 30_000);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    server,
    stats,
    close: async () => {
      clearInterval(pinger);
      clearInterval(sweeper);
      for (const peer of peers()) peer.ws.terminate();
      wss.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
