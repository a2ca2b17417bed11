import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import {
  BRAINSERVR_GREETING,
  brainServRFrame,
  type HelloMessage,
  parsePublisherMessage,
  type PublisherMessage,
  RELAY_MAX_FRAME,
  type StatusMessage,
  V2_SUBPROTOCOL,
} from '../src/core/protocol/relay';

/**
 * One producer (the extension), many subscribers. Subscribers get BrainServR
 * frames by default or JSON objects with the `brainbrowsr.v2` subprotocol.
 * Every handshake is checked before the upgrade: Host (DNS rebinding),
 * Origin (cross-site WebSocket hijacking), publisher authentication and the
 * connection cap; a refused handshake gets a plain HTTP error.
 */
export interface RelayOptions {
  port: number;
  host: string;
  token: string;
  /** Web origins allowed to subscribe (the extension's own is always allowed). */
  allowOrigins: string[];
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

type Client = WebSocket & { alive?: boolean; v2?: boolean; label?: string };

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function refuse(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.write(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.log ?? (() => {});
  const maxConnections = options.maxConnections ?? 2000;
  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
  const started = Date.now();
  const subscribers = new Set<Client>();
  let publisher: Client | undefined;
  let relayed = 0;
  let lastStatus: StatusMessage | undefined;

  const stats = (): RelayStats => ({
    publisher: publisher !== undefined,
    subscribers: subscribers.size,
    uptime: (Date.now() - started) / 1000,
    relayed,
  });

  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(stats()));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('BrainBrowsR relay: WebSocket on any path; GET /health\n');
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: RELAY_MAX_FRAME,
    handleProtocols: (protocols) => (protocols.has(V2_SUBPROTOCOL) ? V2_SUBPROTOCOL : false),
  });

  const allowedHosts = (port: number) => {
    const hosts = new Set(LOOPBACK_HOSTS.map((h) => `${h}:${port}`));
    if (!LOOPBACK_HOSTS.includes(options.host)) hosts.add(`${options.host}:${port}`);
    return hosts;
  };

  const hello = (): HelloMessage => ({
    type: 'hello',
    protocol: V2_SUBPROTOCOL,
    targets: lastStatus?.targets ?? [],
    publisher: publisher !== undefined,
  });

  const send = (ws: Client, text: string) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    // A consumer that does not keep up is dropped; the relay and the others go on.
    if (ws.bufferedAmount > maxBuffered) {
      log(`drop slow subscriber ${ws.label} (${ws.bufferedAmount} bytes queued)`);
      ws.terminate();
      return;
    }
    ws.send(text);
  };

  const fanOut = (m: PublisherMessage) => {
    relayed++;
    const legacy = brainServRFrame(m);
    const v2 = JSON.stringify(m);
    for (const s of subscribers) {
      if (s.v2) send(s, v2);
      else if (legacy !== undefined) send(s, legacy);
    }
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const port = (server.address() as AddressInfo).port;
    const host = req.headers.host ?? '';
    if (!allowedHosts(port).has(host)) return refuse(socket, 403, 'Forbidden host');
    const origin = req.headers.origin;
    const url = new URL(req.url ?? '/', `http://${host}`);
    const isPublish = url.pathname === '/publish';
    const fromExtension = origin === EXTENSION_ORIGIN;
    if (origin !== undefined && !fromExtension && !options.allowOrigins.includes(origin)) {
      return refuse(socket, 403, 'Forbidden origin');
    }
    if (isPublish) {
      // No web page may ever publish; the token or the extension's own origin is required.
      const tokenOk = url.searchParams.get('token') === options.token && options.token.length > 0;
      const webPage = origin !== undefined && !fromExtension;
      if (webPage || !(tokenOk || (fromExtension && !options.requireToken))) {
        return refuse(socket, 401, 'Unauthorized');
      }
    } else if (subscribers.size >= maxConnections) {
      return refuse(socket, 503, 'Too many connections');
    }
    wss.handleUpgrade(req, socket, head, (ws: Client) => {
      ws.alive = true;
      ws.on('pong', () => (ws.alive = true));
      ws.label = `${req.socket.remoteAddress}:${req.socket.remotePort}${origin ? ` (${origin})` : ''}`;
      if (isPublish) onPublisher(ws);
      else onSubscriber(ws);
    });
  });

  function onPublisher(ws: Client): void {
    if (publisher) {
      log(`publisher replaced by ${ws.label}`);
      publisher.close(4000, 'replaced by a new publisher');
    }
    publisher = ws;
    log(`publisher connected ${ws.label}`);
    ws.on('message', (data, isBinary) => {
      if (publisher !== ws) return;
      const parsed = isBinary
        ? ({ ok: false, error: 'binary frames are not accepted' } as const)
        : parsePublisherMessage(String(data));
      if (!parsed.ok) {
        ws.send(JSON.stringify({ type: 'error', error: parsed.error }));
        return;
      }
      const m = parsed.value;
      if (m.type === 'status') lastStatus = { ...lastStatus, ...m, targets: m.targets ?? lastStatus?.targets };
      if (m.type === 'detection') {
        log(`detection ${m.target}${m.label ? ` (${m.label})` : ''} -> ${subscribers.size} subscribers`);
      }
      fanOut(m);
    });
    ws.on('close', () => {
      if (publisher === ws) {
        publisher = undefined;
        log(`publisher disconnected ${ws.label}`);
      }
    });
    ws.on('error', () => ws.terminate());
  }

  function onSubscriber(ws: Client): void {
    ws.v2 = ws.protocol === V2_SUBPROTOCOL;
    subscribers.add(ws);
    log(`subscriber connected ${ws.label}${ws.v2 ? ' [v2]' : ''} (${subscribers.size})`);
    send(ws, ws.v2 ? JSON.stringify(hello()) : JSON.stringify(BRAINSERVR_GREETING));
    if (ws.v2 && lastStatus) send(ws, JSON.stringify(lastStatus));
    ws.on('message', () => {
      // Subscribers have nothing to say; v2 clients are told so, BrainServR ones ignored.
      if (ws.v2) send(ws, JSON.stringify({ type: 'error', error: 'subscribers cannot publish; use /publish' }));
    });
    ws.on('close', () => {
      subscribers.delete(ws);
      log(`subscriber disconnected ${ws.label} (${subscribers.size})`);
    });
    ws.on('error', () => ws.terminate());
  }

  const pinger = setInterval(() => {
    for (const ws of [...subscribers, ...(publisher ? [publisher] : [])]) {
      if (!ws.alive) {
        ws.terminate();
        continue;
      }
      ws.alive = false;
      ws.ping();
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
      for (const ws of [...subscribers, ...(publisher ? [publisher] : [])]) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
