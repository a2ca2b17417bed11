import type { Duplex } from 'node:stream';

/** What the limits need of a connected peer. */
export interface LimitedPeer {
  socket: Duplex;
  /** When its queue was last empty (or drained). */
  lastDrained: number;
}

export interface Limits<P extends LimitedPeer> {
  /** Bytes one peer may have queued. */
  maxPeerBytes: number;
  /** Bytes all subscribers together may have queued. */
  maxTotalBytes: number;
  /** How long a queue may go without draining. */
  maxStallMs: number;
  drop(peer: P, why: string): void;
}

/**
 * Bounds what the relay holds for peers that do not read. A peer is dropped
 * when its queue passes maxPeerBytes, when its queue has not drained for
 * maxStallMs (pongs or other frames it sends do not count: only reading
 * does), or, when all queues together pass maxTotalBytes, the most behind
 * first. Healthy loopback readers never queue in the relay at all: the
 * kernel's socket buffers take each frame at once.
 */
export class SubscriberLimits<P extends LimitedPeer> {
  /** Peers dropped since the start. */
  dropped = 0;
  /** Bytes queued for all subscribers, kept during a broadcast. */
  private total = 0;
  private inBroadcast = false;

  constructor(private readonly o: Limits<P>) {}

  watch(peer: P): void {
    peer.socket.on('drain', () => (peer.lastDrained = Date.now()));
  }

  /** Peers with bytes queued in the relay: those not keeping up right now. */
  behind(peers: Iterable<P>): number {
    let n = 0;
    for (const p of peers) if (!p.socket.destroyed && p.socket.writableLength > 0) n++;
    return n;
  }

  queuedBytes(peers: Iterable<P>): number {
    let sum = 0;
    for (const p of peers) if (!p.socket.destroyed) sum += p.socket.writableLength;
    return sum;
  }

  beginBroadcast(subscribers: Iterable<P>): void {
    this.total = this.queuedBytes(subscribers);
    this.inBroadcast = true;
  }

  /** Whether `bytes` more may be written to `peer`; false when it was dropped instead. */
  admit(peer: P, bytes: number): boolean {
    const queued = peer.socket.writableLength;
    const now = Date.now();
    if (queued === 0) {
      peer.lastDrained = now;
      return true;
    }
    if (queued + bytes > this.o.maxPeerBytes) return this.dropPeer(peer, `${queued} bytes queued`);
    if (now - peer.lastDrained > this.o.maxStallMs) {
      return this.dropPeer(peer, `not read for ${((now - peer.lastDrained) / 1000).toFixed(1)} s`);
    }
    if (this.inBroadcast && this.total + bytes > this.o.maxTotalBytes) {
      return this.dropPeer(peer, `all subscribers have ${this.total} bytes queued`);
    }
    return true;
  }

  write(peer: P, frame: Buffer): void {
    const before = peer.socket.writableLength;
    peer.socket.write(frame);
    this.total += peer.socket.writableLength - before;
  }

  /** After a broadcast: peers whose write queued although their queue was empty may push the total over. */
  endBroadcast(subscribers: Iterable<P>): void {
    this.inBroadcast = false;
    if (this.total > this.o.maxTotalBytes) this.shed([...subscribers]);
  }

  /** Every second: stalled queues go even when nothing is being sent, and the total is bounded again. */
  sweep(peers: P[]): void {
    const now = Date.now();
    for (const p of peers) {
      if (p.socket.destroyed) continue;
      if (p.socket.writableLength === 0) p.lastDrained = now;
      else if (now - p.lastDrained > this.o.maxStallMs) {
        this.dropPeer(p, `not read for ${((now - p.lastDrained) / 1000).toFixed(1)} s`);
      }
    }
    this.total = this.queuedBytes(peers);
    if (this.total > this.o.maxTotalBytes) this.shed(peers);
  }

  private shed(peers: P[]): void {
    const behind = peers
      .filter((p) => !p.socket.destroyed && p.socket.writableLength > 0)
      .sort((a, b) => b.socket.writableLength - a.socket.writableLength);
    for (const p of behind) {
      if (this.total <= this.o.maxTotalBytes) break;
      this.dropPeer(p, `all subscribers have ${this.total} bytes queued`);
    }
  }

  private dropPeer(peer: P, why: string): false {
    this.total -= peer.socket.writableLength;
    this.dropped++;
    this.o.drop(peer, why);
    return false;
  }
}
