import { type PublisherMessage, RELAY_DEFAULT_PORT } from '../core/protocol/relay';

/**
 * Publishes to the local relay when it runs; reconnects with backoff; drops
 * messages while disconnected (detections are live events, not a queue).
 * The relay trusts this extension's origin; a token is sent when set.
 */
export class RelayPublisher {
  private ws?: WebSocket;
  private enabled = false;
  private token?: string;
  private backoff = 1000;
  private timer = 0;
  private lastStatus?: string;
  private lastMode?: string;
  private port = RELAY_DEFAULT_PORT;

  constructor(private readonly onState: (state: 'off' | 'connecting' | 'connected') => void) {}

  private get url(): string {
    return `ws://127.0.0.1:${this.port}/publish`;
  }

  configure(enabled: boolean, token?: string, port = RELAY_DEFAULT_PORT): void {
    const changed = enabled !== this.enabled || token !== this.token || port !== this.port;
    this.enabled = enabled;
    this.token = token;
    this.port = port;
    if (!changed) return;
    this.ws?.close();
    this.ws = undefined;
    clearTimeout(this.timer);
    if (enabled) this.connect();
    else this.onState('off');
  }

  private connect(): void {
    if (!this.enabled) return;
    this.onState('connecting');
    const url = this.token ? `${this.url}?token=${encodeURIComponent(this.token)}` : this.url;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.backoff = 1000;
      this.onState('connected');
      if (this.lastStatus) ws.send(this.lastStatus);
      if (this.lastMode) ws.send(this.lastMode);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.onState('connecting');
      this.timer = self.setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 10_000);
    };
    ws.onerror = () => undefined; // onclose follows
  }

  publish(m: PublisherMessage): void {
    const text = JSON.stringify(m);
    if (m.type === 'status') this.lastStatus = text;
    if (m.type === 'mode') this.lastMode = text;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(text);
  }
}
