import { afterEach, describe, expect, it } from 'vitest';
import { type Relay, startRelay } from '../relay/server';
import { wsClient } from './helpers/relay-client';
import { waitFor } from './helpers/wait';

/**
 * Subscribers that stop reading: real ws clients whose sockets are paused
 * (the kernel's buffers fill, then the relay's queue), answering pings or
 * sending unsolicited pongs all the while, as the one that took a relay down did.
 */

const TOKEN = 'limits-test-token-0123456789';
let relay: Relay | undefined;
afterEach(async () => {
  await relay?.close();
  relay = undefined;
});

/** A status of about 17 KB (every field at its bound): few messages fill a socket. */
const bulky = (i: number) =>
  JSON.stringify({
    type: 'status',
    state: 'streaming',
    message: `${i} `.padEnd(1000, 'm'),
    samplesLost: i,
    targets: Array.from({ length: 64 }, (_, k) => ({
      index: k,
      label: 'l'.repeat(100),
      frequency: 10,
      action: 'a'.repeat(100),
    })),
  });

async function start(o: { perPeer: number; total: number; stallMs: number }) {
  relay = await startRelay({
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    allowOrigins: [],
    maxBufferedBytes: o.perPeer,
    maxTotalBufferedBytes: o.total,
    maxStallMs: o.stallMs,
    pingIntervalMs: 200,
  });
  return relay;
}

/** A v2 subscriber that never reads again and sends a pong every 100 ms. */
async function stalled(port: number) {
  const c = wsClient(`ws://127.0.0.1:${port}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
  await c.until(1);
  (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const pongs = setInterval(() => c.ws.readyState === c.ws.OPEN && c.ws.pong(), 100);
  void c.closed.then(() => clearInterval(pongs));
  return c;
}

describe('relay: subscribers that do not read', () => {
  it('are dropped when their queue has not drained for maxStallMs, pongs or not, even with nothing more sent', async () => {
    const r = await start({ perPeer: 8 * 1024 * 1024, total: 64 * 1024 * 1024, stallMs: 1500 });
    const slow = await Promise.all([1, 2, 3].map(() => stalled(r.port)));
    const reader = wsClient(`ws://127.0.0.1:${r.port}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await reader.until(1);
    const pub = wsClient(`ws://127.0.0.1:${r.port}/publish?token=${TOKEN}`);
    await pub.opened;
    // Until the kernel's buffers are full and the relay queues for all three stalled ones; then nothing more.
    // Counted once the reader has caught up: a reader slowed by a busy machine is behind for a moment too,
    // and stopping then left a stalled one with nothing queued, which nothing drops (seen once in a full run).
    let sent = 0;
    const stalledAllQueued = async () => {
      if (r.stats().behind < slow.length) return false;
      await reader.until(1 + sent, 10_000);
      return r.stats().behind >= slow.length;
    };
    while (sent < 2000 && !(await stalledAllQueued())) {
      for (let k = 0; k < 20; k++) pub.ws.send(bulky(sent++));
      await new Promise((res) => setTimeout(res, 5));
    }
    expect(r.stats().behind).toBe(slow.length);
    const queuedAt = Date.now();
    await waitFor('the stalled subscribers dropped', () => r.stats().subscribers === 1, 8000, 50);
    expect(Date.now() - queuedAt).toBeLessThan(1500 + 2000);
    for (const s of slow) expect((await s.closed).code).toBe(1006);
    expect(r.stats().queuedBytes).toBe(0);
    // The one that reads got everything, in order.
    await reader.until(1 + sent, 10_000);
    expect(reader.frames.slice(1).map((f) => (JSON.parse(f) as { samplesLost: number }).samplesLost)).toEqual(
      Array.from({ length: sent }, (_, i) => i),
    );
    reader.ws.close();
    pub.ws.close();
  }, 30_000);

  it('hold at most maxTotalBufferedBytes together, whatever each may hold; the most behind go first', async () => {
    const total = 2 * 1024 * 1024;
    const r = await start({ perPeer: 1024 * 1024, total, stallMs: 60_000 });
    const slow = await Promise.all(Array.from({ length: 12 }, () => stalled(r.port)));
    const reader = wsClient(`ws://127.0.0.1:${r.port}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await reader.until(1);
    const pub = wsClient(`ws://127.0.0.1:${r.port}/publish?token=${TOKEN}`);
    await pub.opened;
    let most = 0;
    let sent = 0;
    // 12 x 1 MiB could be queued per subscriber; the total must stay under 2 MiB all along.
    while (r.stats().subscribers > 1 && sent < 4000) {
      for (let k = 0; k < 10; k++) pub.ws.send(bulky(sent++));
      await new Promise((res) => setTimeout(res, 5));
      most = Math.max(most, r.stats().queuedBytes);
      expect(r.stats().queuedBytes).toBeLessThanOrEqual(total);
    }
    expect(r.stats().subscribers).toBe(1);
    expect(r.stats().droppedSlow).toBe(12);
    expect(most).toBeGreaterThan(total / 2); // the bound was reached, not merely unused
    for (const s of slow) expect((await s.closed).code).toBe(1006);
    await reader.until(1 + sent, 20_000);
    expect(reader.frames).toHaveLength(1 + sent);
    reader.ws.close();
    pub.ws.close();
  }, 60_000);
});
