import type { RelayState } from '../core/state/stream-status';
import { type PublisherMessage, RELAY_DEFAULT_PORT } from '../core/protocol/relay';
import {
  type AuthOk,
  handshakeFrame,
  PAIRING_SUBPROTOCOL,
  PUBLISHER_BUSY,
  PublisherHandshake,
} from '../core/protocol/relay-handshake';

/** How long the relay has to prove itself and accept this publisher (it answers in milliseconds). */
const PAIRING_TIMEOUT_MS = 5000;

/**
 * Publishes to the relay the carer paired with and switched on; nothing
 * otherwise. On every connection the relay must first prove it holds the
 * pairing token (src/core/protocol/relay-handshake.ts): until it has, the
 * extension sends nothing but its nonce, and a program that is not the
 * paired relay gets nothing else. Reconnects with backoff; drops messages
 * while not publishing (detections are live events, not a queue).
 */
export class RelayPublisher {
  private ws?: WebSocket;
  private enabled = false;
  private token?: string;
  private port = RELAY_DEFAULT_PORT;
  /** True once the relay proved itself and accepted this publisher. */
  private paired = false;
  private backoff = 1000;
  private timer = 0;
  private lastStatus?: string;
  private lastMode?: string;
  /** Why the last attempt was refused ('wrong-relay', 'busy'): said until an attempt succeeds. */
  private refusal?: RelayState;

  constructor(private readonly onState: (state: RelayState, url?: string) => void) {}

  private get url(): string {
    return `ws://127.0.0.1:${this.port}/publish`;
  }

  configure(enabled: boolean, token?: string, port = RELAY_DEFAULT_PORT): void {
    const changed = enabled !== this.enabled || token !== this.token || port !== this.port;
    this.enabled = enabled;
    this.token = token;
    this.port = port;
    if (!changed) return;
    this.stop();
    this.backoff = 1000;
    this.refusal = undefined;
    if (!enabled) this.onState('off');
    else if (!token) this.onState('unpaired', this.url);
    else this.connect();
  }

  private stop(): void {
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = undefined;
    this.paired = false;
    ws?.close();
  }

  private connect(): void {
    const token = this.token;
    if (!this.enabled || !token) return;
    this.onState(this.refusal ?? 'connecting', this.url);
    const ws = new WebSocket(this.url, [PAIRING_SUBPROTOCOL]);
    const handshake = new PublisherHandshake(token);
    let proved = false;
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify(handshake.hello()));
      // A program that listens but never proves anything is not the paired relay either.
      this.timer = self.setTimeout(() => {
        if (this.ws === ws && !this.paired) this.refused(ws, 'wrong-relay');
      }, PAIRING_TIMEOUT_MS);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws || typeof event.data !== 'string') return;
      const text = event.data;
      if (!proved) {
        proved = true; // one challenge per connection
        void handshake.answer(text).then((proof) => {
          if (this.ws !== ws) return;
          if (!proof) return this.refused(ws, 'wrong-relay');
          ws.send(JSON.stringify(proof));
        });
      } else if (!this.paired && handshakeFrame<AuthOk>(text, 'auth-ok')) {
        clearTimeout(this.timer);
        this.paired = true;
        this.backoff = 1000;
        this.refusal = undefined;
        this.onState('connected', this.url);
        if (this.lastStatus) ws.send(this.lastStatus);
        if (this.lastMode) ws.send(this.lastMode);
      }
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      clearTimeout(this.timer);
      this.ws = undefined;
      this.paired = false;
      this.retry(event.code === PUBLISHER_BUSY ? 'busy' : 'connecting');
    };
    ws.onerror = () => undefined; // onclose follows
  }

  /** The program on the port is not the paired relay: say so, send nothing, look again later. */
  private refused(ws: WebSocket, state: RelayState): void {
    clearTimeout(this.timer);
    this.ws = undefined;
    ws.close();
    this.retry(state);
  }

  private retry(state: RelayState): void {
    // A relay that went away is looked for again; a refusal stands until an attempt succeeds.
    this.refusal = state === 'connecting' ? this.refusal : state;
    this.onState(this.refusal ?? state, this.url);
    this.timer = self.setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, 10_000);
  }

  publish(m: PublisherMessage): void {
    const text = JSON.stringify(m);
    if (m.type === 'status') this.lastStatus = text;
    if (m.type === 'mode') this.lastMode = text;
    if (this.paired && this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
  }
}
