import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import {
  BRAINSERVR_GREETING,
  BRAINSERVR_STOPPED,
  brainServRFrame,
  type HelloMessage,
  parsePublisherMessage,
  PUBLISHER_LEFT,
  type PublisherMessage,
  RELAY_MAX_FRAME,
  type ModeMessage,
  type StatusMessage,
  type TargetInfo,
  V2_SUBPROTOCOL,
} from '../src/core/protocol/relay';
import { messageText, textFrame } from './frames';
import {
  allowedHosts,
  isLoopbackAddress,
  isLoopbackListen,
  parseRequestTarget,
  type RequestTarget,
  tokenMatches,
} from './request-checks';

/**
 * One producer (the extension), many subscribers. Subscribers get BrainServR
 * frames by default or JSON objects with the `brainbrowsr.v2` subprotocol.
 * Every request is checked before anything else: a parsable target (400),
 * Host (DNS rebinding), Origin (cross-site WebSocket hijacking); then
 * publisher authentication and the connection cap before the upgrade. A
 * refused handshake gets a plain HTTP error and the relay goes on.
 */
export interface RelayOptions {
  port: number;
  host: string;
  token: string;
  /** Web origins allowed to subscribe (the extension's own is always allowed). */
  allowOrigins: string[];
  /** More names this machine answers to, accepted in Host when listening beyond loopback. */
  allowHosts?: string[];
  /** Accept publishers only with the token, even from the extension origin. */
  requireToken?: boolean;
  maxConnections?: number;
  /** Bytes a subscriber may have queued before it is dropped as too slow. */
  maxBufferedBytes?: number;
  pingIntervalMs?: number;
  log?: (line: string) => void;
}

export interface RelayStats {
  publisher: boolean;
  subscribers: number;
  uptime: number;
  relayed: number;
}

export interface Relay {
  readonly port: number;
  readonly server: Server;
  stats(): RelayStats;
  close(): Promise<void>;
}

/** A connected peer; `socket` is the one ws writes to, kept to send prepared frames. */
interface Peer {
  ws: WebSocket;
  socket: Duplex;
  label: string;
  alive: boolean;
}

type Admitted = { ok: true; target: RequestTarget; origin?: string } | { ok: false; status: number; reason: string };

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
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const loopbackOnly = isLoopbackListen(options.host);
  const started = Date.now();
  const brainServRSubscribers = new Set<Peer>();
  const v2Subscribers = new Set<Peer>();
  let publisher: Peer | undefined;
  let relayed = 0;
  // What the current publisher last said; forgotten when it goes, so no one hears a stale "streaming".
  let lastStatus: StatusMessage | undefined;
  /** What the targets mean now, told to v2 subscribers who join later. */
  let lastMode: ModeMessage | undefined;
  let targets: TargetInfo[] = [];

  const subscriberCount = () => brainServRSubscribers.size + v2Subscribers.size;
  const stats = (): RelayStats => ({
    publisher: publisher !== undefined,
    subscribers: subscriberCount(),
    uptime: (Date.now() - started) / 1000,
    relayed,
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
    handleProtocols: (protocols) => (protocols.has(V2_SUBPROTOCOL) ? V2_SUBPROTOCOL : false),
  });

  /** Writes a prepared frame; a peer that does not keep up is dropped, the relay and the others go on. */
  const deliver = (peer: Peer, frame: Buffer) => {
    if (peer.ws.readyState !== WebSocket.OPEN) return;
    if (peer.socket.writableLength > maxBuffered) {
      log(
        `drop slow ${peer === publisher ? 'publisher' : 'subscriber'} ${peer.label} (${peer.socket.writableLength} bytes queued)`,
      );
      peer.ws.terminate();
      return;
    }
    peer.socket.write(frame);
  };
  const sendText = (peer: Peer, text: string) => deliver(peer, textFrame(text));
  const broadcast = (peers: Set<Peer>, text: string) => {
    if (peers.size === 0) return;
    const frame = textFrame(text);
    for (const peer of peers) deliver(peer, frame);
  };

  const fanOut = (m: PublisherMessage) => {
    relayed++;
    const legacy = brainServRFrame(m);
    if (legacy !== undefined) broadcast(brainServRSubscribers, legacy);
    broadcast(v2Subscribers, JSON.stringify(m));
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
      if (isPublish) {
        // No web page may ever publish. The token is always enough; the extension's
        // origin is trusted without it only from this machine (a network client can
        // claim any Origin) and unless --require-token.
        const fromExtension = a.origin === EXTENSION_ORIGIN;
        const webPage = a.origin !== undefined && !fromExtension;
        const local = isLoopbackAddress(req.socket.remoteAddress);
        const tokenOk = tokenMatches(a.target.query.get('token'), options.token);
        if (webPage || !(tokenOk || (fromExtension && local && !options.requireToken))) {
          return refuse(socket, 401, 'Unauthorized');
        }
      } else if (subscriberCount() >= maxConnections) {
        return refuse(socket, 503, 'Too many connections');
      }
      const label = `${req.socket.remoteAddress}:${req.socket.remotePort}${a.origin ? ` (${a.origin})` : ''}`;
      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off('error', onError);
        const peer: Peer = { ws, socket, label, alive: true };
        ws.on('pong', () => (peer.alive = true));
        ws.on('error', () => ws.terminate());
        if (isPublish) onPublisher(peer);
        else onSubscriber(peer);
      });
    } catch (e) {
      log(`refused a request the relay could not handle: ${(e as Error).message}`);
      refuse(socket, 500, 'Internal error');
    }
  });

  function onPublisher(peer: Peer): void {
    if (publisher) {
      log(`publisher replaced by ${peer.label}`);
      publisher.ws.close(4000, 'replaced by a new publisher');
    }
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
      broadcast(v2Subscribers, JSON.stringify(lastStatus));
      broadcast(brainServRSubscribers, JSON.stringify(BRAINSERVR_STOPPED));
    });
  }

  function onSubscriber(peer: Peer): void {
    const v2 = peer.ws.protocol === V2_SUBPROTOCOL;
    const group = v2 ? v2Subscribers : brainServRSubscribers;
    group.add(peer);
    log(`subscriber connected ${peer.label}${v2 ? ' [v2]' : ''} (${subscriberCount()})`);
    sendText(peer, v2 ? JSON.stringify(hello()) : JSON.stringify(BRAINSERVR_GREETING));
    if (v2 && lastStatus) sendText(peer, JSON.stringify(lastStatus));
    if (v2 && lastMode) sendText(peer, JSON.stringify(lastMode));
    peer.ws.on('message', () => {
      // Subscribers have nothing to say; v2 clients are told so, BrainServR ones ignored.
      if (v2) sendText(peer, JSON.stringify({ type: 'error', error: 'subscribers cannot publish; use /publish' }));
    });
    peer.ws.on('close', () => {
      group.delete(peer);
      log(`subscriber disconnected ${peer.label} (${subscriberCount()})`);
    });
  }

  const peers = () => [...brainServRSubscribers, ...v2Subscribers, ...(publisher ? [publisher] : [])];
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
      for (const peer of peers()) peer.ws.terminate();
      wss.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
