import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { PAIRING_SUBPROTOCOL, PUBLISHER_BUSY } from '../src/core/protocol/relay-handshake';
import { RELAY_MAX_FRAME, V2_SUBPROTOCOL } from '../src/core/protocol/relay';
import { type Admission, type Entry, refuse } from './admission';
import { messageText } from './frames';
import type { RelayHub } from './hub';
import { pairPublisher } from './pairing';
import { parseRequestTarget } from './request-checks';

/** A connected peer; `socket` is the one ws writes to, kept to send prepared frames. */
export interface Peer {
  ws: WebSocket;
  socket: Duplex;
  label: string;
  alive: boolean;
  /** When its queue was last empty (or drained). */
  lastDrained: number;
}

export interface WebSocketSideOptions {
  token: string;
  /** How long a publisher has to complete the pairing proof. */
  pairingTimeoutMs: number;
  log: (line: string) => void;
}

/**
 * The relay's WebSocket side: upgrades the requests admission lets in,
 * makes each a peer, runs the pairing proof for publishers without the
 * token, and hands the hub what peers say and when they go.
 */
export class WebSocketSide {
  private readonly wss: WebSocketServer;
  /** Publishers still proving they hold the token. */
  private pairing = 0;

  constructor(
    server: Server,
    private readonly admission: Admission,
    private readonly hub: RelayHub<Peer>,
    private readonly o: WebSocketSideOptions,
  ) {
    this.wss = new WebSocketServer({
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
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** Pings every peer; one that did not answer the last ping is cut off. */
  ping(): void {
    for (const peer of this.hub.peers()) {
      if (!peer.alive) {
        peer.ws.terminate();
        continue;
      }
      peer.alive = false;
      peer.ws.ping();
    }
  }

  close(): void {
    for (const peer of this.hub.peers()) peer.ws.terminate();
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Until ws owns the socket, a peer that resets must not raise an unhandled 'error'.
    const onError = () => socket.destroy();
    socket.on('error', onError);
    try {
      const entry = this.admission.upgrade(req, {
        publisher: this.hub.publisher !== undefined,
        subscribers: this.hub.subscriberCount(),
        pairing: this.pairing,
      });
      if ('ok' in entry) return refuse(socket, entry.status, entry.reason);
      const label = `${req.socket.remoteAddress}:${req.socket.remotePort}${entry.origin ? ` (${entry.origin})` : ''}`;
      if (entry.proveAfterUpgrade) this.pairing++;
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off('error', onError);
        const peer: Peer = { ws, socket, label, alive: true, lastDrained: Date.now() };
        this.hub.watch(peer);
        ws.on('pong', () => (peer.alive = true));
        ws.on('ping', (data) => {
          if (socket.writableLength === 0) ws.pong(data);
        });
        ws.on('error', () => ws.terminate());
        this.connected(peer, entry);
      });
    } catch (e) {
      this.o.log(`refused a request the relay could not handle: ${(e as Error).message}`);
      refuse(socket, 500, 'Internal error');
    }
  }

  private connected(peer: Peer, entry: Entry): void {
    if (!entry.publish) return this.subscriber(peer, entry.tokenOk);
    if (!entry.proveAfterUpgrade) return this.publisher(peer);
    void pairPublisher(peer.ws, this.o.token, this.o.pairingTimeoutMs).then((paired) => {
      this.pairing--;
      if (!paired) {
        this.o.log(`publisher refused ${peer.label}: no pairing proof`);
        return;
      }
      if (this.hub.publisher) {
        this.o.log(`publisher refused ${peer.label}: another publisher is connected`);
        peer.ws.close(PUBLISHER_BUSY, 'another publisher is connected to this relay');
        return;
      }
      peer.ws.send(JSON.stringify({ type: 'auth-ok' }));
      this.publisher(peer);
    });
  }

  private publisher(peer: Peer): void {
    this.hub.addPublisher(peer);
    if (this.hub.publisher !== peer) return;
    peer.ws.on('message', (data, isBinary) => this.hub.fromPublisher(peer, isBinary ? undefined : messageText(data)));
    peer.ws.on('close', () => this.hub.publisherLeft(peer));
  }

  private subscriber(peer: Peer, withToken: boolean): void {
    const subscription = { v2: peer.ws.protocol === V2_SUBPROTOCOL, withToken };
    this.hub.addSubscriber(peer, subscription);
    peer.ws.on('message', () => this.hub.fromSubscriber(peer, subscription));
    peer.ws.on('close', () => this.hub.subscriberLeft(peer));
  }
}
