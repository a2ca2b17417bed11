import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BRAINSERVR_GREETING, BRAINSERVR_STOPPED, PUBLISHER_LEFT } from '../src/core/protocol/relay';
import { type HubPeer, RelayHub } from '../relay/hub';

/**
 * The relay's hub without a network: each peer's socket is an in-memory
 * byte stream (what the hub writes are complete WebSocket frames, read back
 * here), the connection below it a state and a terminate. Admission,
 * upgrades and real sockets are the relay tests' (tests/relay*.test.ts).
 */

interface TestPeer extends HubPeer {
  ws: { readyState: number; terminate(): void };
  socket: PassThrough;
  terminated: boolean;
}

/** A peer; `readBuffer` bounds what its socket holds before writes queue (a peer that does not read). */
function peer(label: string, readBuffer = 1 << 20): TestPeer {
  const p: TestPeer = {
    socket: new PassThrough({ readableHighWaterMark: readBuffer, writableHighWaterMark: readBuffer }),
    label,
    lastDrained: Date.now(),
    terminated: false,
    ws: {
      readyState: 1,
      terminate: () => {
        p.terminated = true;
        p.ws.readyState = 3;
      },
    },
  };
  return p;
}

/** The texts of the WebSocket text frames written to `p` since the last call. */
function received(p: TestPeer): string[] {
  const texts: string[] = [];
  let bytes = p.socket.read() as Buffer | null;
  while (bytes && bytes.length > 0) {
    expect(bytes[0]).toBe(0x81); // FIN, text
    let n = bytes[1];
    let at = 2;
    if (n === 126) {
      n = bytes.readUInt16BE(2);
      at = 4;
    } else if (n === 127) {
      n = Number(bytes.readBigUInt64BE(2));
      at = 10;
    }
    texts.push(bytes.subarray(at, at + n).toString('utf8'));
    bytes = bytes.subarray(at + n);
  }
  return texts;
}
const json = (p: TestPeer) => received(p).map((t) => JSON.parse(t) as unknown);

function hub(limits: Partial<{ maxPeerBytes: number; maxTotalBytes: number; maxStallMs: number }> = {}) {
  const log: string[] = [];
  const h = new RelayHub<TestPeer>({
    maxPeerBytes: 256 * 1024,
    maxTotalBytes: 8 * 1024 * 1024,
    maxStallMs: 10_000,
    ...limits,
    log: (line) => log.push(line),
  });
  return { h, log };
}

const TARGETS = [
  { index: 0, label: 'Like', frequency: 8, action: 'like' },
  { index: 1, label: 'Menu', frequency: 10, action: 'menu' },
];
const STREAMING = JSON.stringify({ type: 'status', state: 'streaming', device: 'Cyton', targets: TARGETS });

describe('relay hub', () => {
  it('gives each subscriber its view: BrainServR strings, v2 everything, v2 without the token no text', () => {
    const { h } = hub();
    const legacy = peer('legacy');
    const full = peer('full');
    const pub = peer('public');
    h.addSubscriber(legacy, { v2: false, withToken: false });
    h.addSubscriber(full, { v2: true, withToken: true });
    h.addSubscriber(pub, { v2: true, withToken: false });
    expect(json(legacy)).toEqual([BRAINSERVR_GREETING]);
    expect(json(full)).toEqual([{ type: 'hello', protocol: 'brainbrowsr.v2', targets: [], publisher: false }]);
    received(pub);

    const publisher = peer('extension');
    h.addPublisher(publisher);
    h.fromPublisher(publisher, STREAMING);
    h.fromPublisher(publisher, JSON.stringify({ type: 'detection', target: 1, label: 'Menu', frequency: 10 }));
    expect(json(legacy)).toEqual(['1']);
    expect(json(full)).toEqual([JSON.parse(STREAMING), { type: 'detection', target: 1, label: 'Menu', frequency: 10 }]);
    expect(json(pub)).toEqual([
      { type: 'status', state: 'streaming', targets: TARGETS.map((t) => ({ index: t.index, frequency: t.frequency })) },
      { type: 'detection', target: 1, frequency: 10 },
    ]);
    expect(h.stats()).toMatchObject({
      publisher: true,
      subscribers: 3,
      relayed: 2,
      queuedBytes: 0,
      behind: 0,
      droppedSlow: 0,
    });
  });

  it('tells a v2 subscriber who joins later the targets, the last status and mode; forgets them when the publisher goes', () => {
    const { h, log } = hub();
    const publisher = peer('extension');
    h.addPublisher(publisher);
    h.fromPublisher(publisher, STREAMING);
    h.fromPublisher(publisher, JSON.stringify({ type: 'mode', mode: 'menu', time: 3 }));
    const late = peer('late');
    h.addSubscriber(late, { v2: true, withToken: true });
    expect(json(late)).toEqual([
      { type: 'hello', protocol: 'brainbrowsr.v2', targets: TARGETS, publisher: true },
      JSON.parse(STREAMING),
      { type: 'mode', mode: 'menu', time: 3 },
    ]);

    const legacy = peer('legacy');
    h.addSubscriber(legacy, { v2: false, withToken: false });
    received(legacy);
    h.publisherLeft(publisher);
    const left = { type: 'status', state: 'off', message: PUBLISHER_LEFT };
    expect(json(late)).toEqual([left]);
    expect(json(legacy)).toEqual([BRAINSERVR_STOPPED]);
    expect(h.publisher).toBeUndefined();
    // Nobody hears a stale "streaming" or mode afterwards: only why the stream stopped.
    const after = peer('after');
    h.addSubscriber(after, { v2: true, withToken: false });
    expect(json(after)).toEqual([{ type: 'hello', protocol: 'brainbrowsr.v2', targets: [], publisher: false }, left]);
    // A new publisher starts from nothing.
    h.addPublisher(peer('next'));
    const fresh = peer('fresh');
    h.addSubscriber(fresh, { v2: true, withToken: true });
    expect(json(fresh)).toEqual([{ type: 'hello', protocol: 'brainbrowsr.v2', targets: [], publisher: true }]);
    expect(log).toContain('publisher disconnected extension');
  });

  it('answers a publisher that sends something invalid and relays nothing of it', () => {
    const { h } = hub();
    const publisher = peer('extension');
    const sub = peer('sub');
    h.addSubscriber(sub, { v2: true, withToken: true });
    received(sub);
    h.addPublisher(publisher);
    h.fromPublisher(publisher, undefined);
    h.fromPublisher(publisher, JSON.stringify({ type: 'detection', target: 1, extra: 'smuggled' }));
    h.fromPublisher(publisher, '{not json');
    const errors = json(publisher) as { type: string; error: string }[];
    expect(errors.map((e) => e.type)).toEqual(['error', 'error', 'error']);
    expect(errors[0].error).toBe('binary frames are not accepted');
    expect(errors[1].error).toMatch(/extra/);
    expect(received(sub)).toEqual([]);
    expect(h.stats().relayed).toBe(0);
  });

  it('ignores a peer that is not the publisher (one replaced, or one still pairing)', () => {
    const { h } = hub();
    const first = peer('first');
    const second = peer('second');
    const sub = peer('sub');
    h.addSubscriber(sub, { v2: false, withToken: false });
    received(sub);
    h.addPublisher(first);
    h.addPublisher(second);
    h.fromPublisher(first, JSON.stringify({ type: 'detection', target: 0 }));
    h.publisherLeft(first);
    expect(received(sub)).toEqual([]);
    expect(h.publisher).toBe(second);
    // A connection that closed before it was handed over never becomes the publisher.
    const closed = peer('closed');
    closed.ws.readyState = 3;
    h.publisherLeft(second);
    h.addPublisher(closed);
    expect(h.publisher).toBeUndefined();
  });

  it('tells a v2 subscriber that talks that it cannot publish, but only while it reads; BrainServR ones are ignored', () => {
    const { h } = hub();
    const v2 = peer('v2');
    const legacy = peer('legacy');
    h.addSubscriber(v2, { v2: true, withToken: false });
    h.addSubscriber(legacy, { v2: false, withToken: false });
    received(v2);
    received(legacy);
    h.fromSubscriber(v2, { v2: true, withToken: false });
    h.fromSubscriber(legacy, { v2: false, withToken: false });
    expect(json(v2)).toEqual([{ type: 'error', error: 'subscribers cannot publish; use /publish' }]);
    expect(received(legacy)).toEqual([]);
  });

  it('drops a subscriber that does not read once its queue passes the bound, and goes on serving the others', () => {
    const { h, log } = hub({ maxPeerBytes: 2000 });
    // Its socket holds 64 bytes, then writes queue in the relay.
    const stuck = peer('stuck', 64);
    const reader = peer('reader');
    h.addSubscriber(stuck, { v2: true, withToken: true });
    h.addSubscriber(reader, { v2: true, withToken: true });
    h.watch(stuck);
    received(reader);
    const publisher = peer('extension');
    h.addPublisher(publisher);
    for (let i = 0; i < 100 && !stuck.terminated; i++) {
      h.fromPublisher(publisher, JSON.stringify({ type: 'heartbeat', time: i, scores: [0.1, 0.2, 0.3, 0.4] }));
    }
    expect(stuck.terminated).toBe(true);
    expect(log.some((l) => /^drop slow subscriber stuck \(\d+ bytes queued\)$/.test(l))).toBe(true);
    expect(h.stats().droppedSlow).toBe(1);
    h.subscriberLeft(stuck);
    h.fromPublisher(publisher, JSON.stringify({ type: 'detection', target: 0 }));
    expect(json(reader).at(-1)).toEqual({ type: 'detection', target: 0 });
    expect(h.stats().subscribers).toBe(1);
  });
});
