import type { Duplex } from 'node:stream';
import {
  BRAINSERVR_GREETING,
  BRAINSERVR_STOPPED,
  brainServRFrame,
  type HelloMessage,
  type ModeMessage,
  parsePublisherMessage,
  PUBLISHER_LEFT,
  publicView,
  type PublisherMessage,
  type StatusMessage,
  type TargetInfo,
  V2_SUBPROTOCOL,
} from '../src/core/protocol/relay';
import { textFrame } from './frames';
import { SubscriberLimits } from './subscriber-limits';

/** WebSocket.OPEN: a peer whose connection is open takes frames. */
const OPEN = 1;

/**
 * What the hub needs of a connected peer: the socket it writes prepared
 * frames to, and the connection's state and end. The transport keeps more.
 */
export interface HubPeer {
  ws: { readonly readyState: number; terminate(): void };
  socket: Duplex;
  label: string;
  /** When its queue was last empty (or drained). */
  lastDrained: number;
}

export interface HubOptions {
  /** Bytes one peer may have queued before it is dropped as too slow. */
  maxPeerBytes: number;
  /** Bytes all subscribers together may have queued; beyond, the most behind are dropped. */
  maxTotalBytes: number;
  /** How long a peer's queue may go without draining before it is dropped. */
  maxStallMs: number;
  log: (line: string) => void;
}

/** How a subscriber listens: BrainServR frames, or v2 JSON with everything (token) or the public view. */
export interface Subscription {
  v2: boolean;
  withToken: boolean;
}

export interface HubStats {
  publisher: boolean;
  subscribers: number;
  relayed: number;
  queuedBytes: number;
  behind: number;
  droppedSlow: number;
}

/**
 * The relay's hub: one publisher, three groups of subscribers, what the
 * publisher last said (told to subscribers who join later, forgotten when
 * it goes), and the fan-out: each message framed once per view and the same
 * bytes written to every subscriber of that view, within the limits on
 * what non-reading peers may cost. No sockets of its own: the transport
 * admits peers and hands it what they say and when they go.
 */
export class RelayHub<P extends HubPeer> {
  private readonly brainServR = new Set<P>();
  /** v2 subscribers that presented the token: everything the publisher sent. */
  private readonly v2 = new Set<P>();
  /** v2 subscribers without the token: the public view, no text. */
  private readonly v2Public = new Set<P>();
  private readonly groups = [this.brainServR, this.v2, this.v2Public];
  private current: P | undefined;
  private relayed = 0;
  // What the current publisher last said; forgotten when it goes, so no one hears a stale "streaming".
  private lastStatus: StatusMessage | undefined;
  /** What the targets mean now, told to v2 subscribers who join later. */
  private lastMode: ModeMessage | undefined;
  private targets: TargetInfo[] = [];
  private readonly limits: SubscriberLimits<P>;

  constructor(private readonly o: HubOptions) {
    this.limits = new SubscriberLimits<P>({
      maxPeerBytes: o.maxPeerBytes,
      maxTotalBytes: o.maxTotalBytes,
      maxStallMs: o.maxStallMs,
      drop: (peer, why) => {
        o.log(`drop slow ${peer === this.current ? 'publisher' : 'subscriber'} ${peer.label} (${why})`);
        peer.ws.terminate();
      },
    });
  }

  get publisher(): P | undefined {
    return this.current;
  }

  subscriberCount(): number {
    return this.brainServR.size + this.v2.size + this.v2Public.size;
  }

  /** Every connected peer, the publisher last. */
  peers(): P[] {
    return [...this.subscribers(), ...(this.current ? [this.current] : [])];
  }

  stats(): HubStats {
    return {
      publisher: this.current !== undefined,
      subscribers: this.subscriberCount(),
      relayed: this.relayed,
      queuedBytes: this.limits.queuedBytes(this.subscribers()),
      behind: this.limits.behind(this.subscribers()),
      droppedSlow: this.limits.dropped,
    };
  }

  /** Starts bounding what `peer` may have queued (call once, when it connects). */
  watch(peer: P): void {
    this.limits.watch(peer);
  }

  /** Queues that stopped draining are dropped even when no message is being sent. */
  sweep(): void {
    this.limits.sweep(this.peers());
  }

  /** The hello a v2 subscriber gets first. */
  hello(): HelloMessage {
    return { type: 'hello', protocol: V2_SUBPROTOCOL, targets: this.targets, publisher: this.current !== undefined };
  }

  /** A paired publisher takes the hub; what an earlier one said is forgotten. */
  addPublisher(peer: P): void {
    if (peer.ws.readyState !== OPEN) return;
    this.current = peer;
    this.lastStatus = undefined;
    this.lastMode = undefined;
    this.targets = [];
    this.o.log(`publisher connected ${peer.label}`);
  }

  /** A message from a publisher (`undefined`: a binary frame): checked, remembered, fanned out. */
  fromPublisher(peer: P, text: string | undefined): void {
    if (this.current !== peer) return;
    const parsed =
      text === undefined
        ? ({ ok: false, error: 'binary frames are not accepted' } as const)
        : parsePublisherMessage(text);
    if (!parsed.ok) return this.sendText(peer, JSON.stringify({ type: 'error', error: parsed.error }));
    const m = parsed.value;
    if (m.type === 'status') {
      this.lastStatus = m;
      if (m.targets) this.targets = m.targets;
    }
    if (m.type === 'mode') this.lastMode = m;
    if (m.type === 'detection') {
      this.o.log(`detection ${m.target}${m.label ? ` (${m.label})` : ''} -> ${this.subscriberCount()} subscribers`);
    }
    this.relayed++;
    this.broadcastAll(m, brainServRFrame(m));
  }

  publisherLeft(peer: P): void {
    if (this.current !== peer) return;
    this.current = undefined;
    this.o.log(`publisher disconnected ${peer.label}`);
    const left: StatusMessage = { type: 'status', state: 'off', message: PUBLISHER_LEFT };
    this.lastStatus = left;
    this.lastMode = undefined;
    this.targets = [];
    // The relay's own words, not the publisher's: every v2 subscriber hears why.
    this.limits.beginBroadcast(this.subscribers());
    this.broadcast(this.v2, JSON.stringify(left));
    this.broadcast(this.v2Public, JSON.stringify(left));
    this.broadcast(this.brainServR, JSON.stringify(BRAINSERVR_STOPPED));
    this.limits.endBroadcast(this.subscribers());
  }

  /** A subscriber joins its group and is told where things stand (v2) or greeted (BrainServR). */
  addSubscriber(peer: P, { v2, withToken }: Subscription): void {
    const group = !v2 ? this.brainServR : withToken ? this.v2 : this.v2Public;
    group.add(peer);
    this.o.log(
      `subscriber connected ${peer.label}${v2 ? (withToken ? ' [v2]' : ' [v2 public]') : ''} (${this.subscriberCount()})`,
    );
    const view = (m: HelloMessage | PublisherMessage) => JSON.stringify(withToken || !this.current ? m : publicView(m));
    this.sendText(peer, v2 ? view(this.hello()) : JSON.stringify(BRAINSERVR_GREETING));
    if (v2 && this.lastStatus) this.sendText(peer, view(this.lastStatus));
    if (v2 && this.lastMode) this.sendText(peer, view(this.lastMode));
  }

  /**
   * Subscribers have nothing to say; v2 clients are told so, BrainServR ones
   * ignored. Answered only while it reads: a peer that talks and never reads
   * gets nothing queued.
   */
  fromSubscriber(peer: P, { v2 }: Subscription): void {
    if (v2 && peer.socket.writableLength === 0) {
      this.sendText(peer, JSON.stringify({ type: 'error', error: 'subscribers cannot publish; use /publish' }));
    }
  }

  subscriberLeft(peer: P): void {
    for (const g of this.groups) g.delete(peer);
    this.o.log(`subscriber disconnected ${peer.label} (${this.subscriberCount()})`);
  }

  private subscribers(): P[] {
    return this.groups.flatMap((g) => [...g]);
  }

  /** Writes a prepared frame; a peer that does not keep up is dropped, the relay and the others go on. */
  private deliver(peer: P, frame: Buffer): void {
    if (peer.ws.readyState !== OPEN) return;
    if (this.limits.admit(peer, frame.length)) this.limits.write(peer, frame);
  }

  private sendText(peer: P, text: string): void {
    this.deliver(peer, textFrame(text));
  }

  private broadcast(peers: Set<P>, text: string): void {
    if (peers.size === 0) return;
    const frame = textFrame(text);
    for (const peer of peers) this.deliver(peer, frame);
  }

  /** One message to every subscriber, each in the view it may have; then the total queue is bounded again. */
  private broadcastAll(m: PublisherMessage, legacy: string | undefined): void {
    this.limits.beginBroadcast(this.subscribers());
    if (legacy !== undefined) this.broadcast(this.brainServR, legacy);
    this.broadcast(this.v2, JSON.stringify(m));
    this.broadcast(this.v2Public, JSON.stringify(publicView(m)));
    this.limits.endBroadcast(this.subscribers());
  }
}
