import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Admission } from './admission';
import { relayHttpServer } from './http';
import { RelayHub } from './hub';
import { type Peer, WebSocketSide } from './websocket';

/**
 * One producer (the extension), many subscribers. Subscribers get BrainServR
 * frames by default or JSON objects with the `brainbrowsr.v2` subprotocol;
 * v2 subscribers without the token get the public view (no text).
 * Who may come in: `admission.ts`; the HTTP side: `http.ts`; upgrades and
 * peers: `websocket.ts`; publisher, subscribers and fan-out: `hub.ts`.
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
  /** Subscribers with bytes queued now (not keeping up). */
  behind: number;
  /** Subscribers dropped for not reading. */
  droppedSlow: number;
}

export interface Relay {
  readonly port: number;
  readonly server: Server;
  stats(): RelayStats;
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const hub = new RelayHub<Peer>({
    maxPeerBytes: options.maxBufferedBytes ?? 256 * 1024,
    maxTotalBytes: options.maxTotalBufferedBytes ?? 8 * 1024 * 1024,
    maxStallMs: options.maxStallMs ?? 10_000,
    log,
  });
  const stats = (): RelayStats => {
    const h = hub.stats();
    return {
      publisher: h.publisher,
      subscribers: h.subscribers,
      uptime: (Date.now() - started) / 1000,
      relayed: h.relayed,
      queuedBytes: h.queuedBytes,
      behind: h.behind,
      droppedSlow: h.droppedSlow,
    };
  };
  const admission = new Admission(
    { ...options, maxConnections: options.maxConnections ?? 2000, maxPairing: 16 },
    () => (server.address() as AddressInfo).port,
  );
  const server = relayHttpServer(admission, stats);
  const sockets = new WebSocketSide(server, admission, hub, {
    token: options.token,
    pairingTimeoutMs: options.pairingTimeoutMs ?? 5000,
    log,
  });

  // Queues that stopped draining are dropped even when no message is being sent.
  const sweeper = setInterval(() => hub.sweep(), Math.min(1000, options.maxStallMs ?? 1000));
  sweeper.unref();
  const pinger = setInterval(() => sockets.ping(), options.pingIntervalMs ?? 30_000);
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
      sockets.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
