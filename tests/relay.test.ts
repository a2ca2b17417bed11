import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import type { ErrorMessage } from '../src/core/protocol/relay';
import { type Relay, type RelayStats, startRelay } from '../relay/server';
import { relayToken } from '../relay/token';
import { messageText, parseBrainServR, parseFrame, rawExchange, statusOf } from './helpers/relay-client';

const TOKEN = 'test-token-0123456789abcdef';
let relay: Relay;
let url: string;
const logs: string[] = [];

beforeAll(async () => {
  relay = await startRelay({
    port: 0,
    host: '127.0.0.1',
    token: TOKEN,
    allowOrigins: ['https://tool.example'],
    maxBufferedBytes: 256 * 1024,
    log: (l) => logs.push(l),
  });
  url = `ws://127.0.0.1:${relay.port}`;
});
afterAll(() => relay.close());

/** Opens a client and collects its text frames. */
function connect(path = '/', opts: WebSocket.ClientOptions & { protocol?: string } = {}) {
  const ws = new WebSocket(url + path, opts.protocol ? [opts.protocol] : [], opts);
  const frames: string[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    frames.push(messageText(d));
    waiters.splice(0).forEach((w) => w());
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const until = async (n: number, ms = 5000) => {
    const end = Date.now() + ms;
    while (frames.length < n) {
      if (Date.now() > end) throw new Error(`got ${frames.length} of ${n} frames: ${frames.join(' | ')}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return frames;
  };
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.once('close', (code, reason) => r({ code, reason: String(reason) })),
  );
  return { ws, frames, opened, until, closed };
}

async function publisher(query = `?token=${TOKEN}`, opts: WebSocket.ClientOptions = {}) {
  const p = connect(`/publish${query}`, opts);
  await p.opened;
  return p;
}

const sendJson = (ws: WebSocket, m: unknown) => ws.send(JSON.stringify(m));

async function waitFor(what: string, ok: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Closes a publisher and waits until the relay has let it go (and told its subscribers). */
async function hangUp(p: { ws: WebSocket; closed: Promise<unknown> }) {
  p.ws.close();
  await p.closed;
  await waitFor('the relay to notice the publisher left', () => !relay.stats().publisher);
}

describe('relay: BrainServR subscribers', () => {
  it('greets, then relays heartbeats and detections as JSON strings', async () => {
    const sub = connect();
    await sub.opened;
    await sub.until(1);
    expect(sub.frames[0]).toBe('"Connected with the server"');
    const pub = await publisher();
    sendJson(pub.ws, { type: 'heartbeat', time: 1.5, scores: [0.1, 0.2, 0.3, 0.9] });
    sendJson(pub.ws, { type: 'scores', scores: [0.1, 0.2, 0.3, 0.9] }); // no BrainServR equivalent
    sendJson(pub.ws, { type: 'detection', target: 3, label: 'next', frequency: 12, time: 2, confidence: 0.97 });
    await sub.until(3);
    expect(sub.frames).toEqual(['"Connected with the server"', '"classification running"', '"3"']);
    sub.ws.close();
    await hangUp(pub);
  });

  it('works with a client written like the original content script', async () => {
    const actions: string[] = [];
    const sub = connect();
    sub.ws.on('message', (event) => {
      // As the original extension did: JSON.parse, then switch on the string.
      const msg = parseBrainServR(messageText(event));
      switch (msg) {
        case '0':
          actions.push('like');
          break;
        case '1':
          actions.push('toggle');
          break;
        case '2':
          actions.push('previous');
          break;
        case '3':
          actions.push('next');
          break;
        default:
          actions.push(`log:${msg}`);
      }
    });
    await sub.opened;
    const pub = await publisher();
    for (const target of [3, 3, 0, 2, 1]) sendJson(pub.ws, { type: 'detection', target });
    await sub.until(6);
    expect(actions).toEqual(['log:Connected with the server', 'next', 'next', 'like', 'previous', 'toggle']);
    sub.ws.close();
    await hangUp(pub);
  });
});

describe('relay: brainbrowsr.v2 subscribers', () => {
  it('get hello with targets, status, detections and heartbeats as objects', async () => {
    const pub = await publisher();
    const targets = [
      { index: 0, label: '8Hz', frequency: 8, action: 'like' },
      { index: 3, label: '12Hz', frequency: 12, action: 'next-post' },
    ];
    sendJson(pub.ws, { type: 'status', state: 'streaming', device: 'simulated', targets });
    await new Promise((r) => setTimeout(r, 100));
    const sub = connect(`/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await sub.opened;
    expect(sub.ws.protocol).toBe('brainbrowsr.v2');
    await sub.until(2);
    const hello = parseFrame(sub.frames[0]);
    expect(hello).toEqual({ type: 'hello', protocol: 'brainbrowsr.v2', targets, publisher: true });
    expect(JSON.parse(sub.frames[1])).toMatchObject({ type: 'status', state: 'streaming', device: 'simulated' });
    sendJson(pub.ws, { type: 'detection', target: 3, label: '12Hz', frequency: 12, time: 10.25, confidence: 0.95 });
    sendJson(pub.ws, { type: 'heartbeat', time: 10.5, scores: [0.01, 0.02] });
    await sub.until(4);
    expect(JSON.parse(sub.frames[2])).toEqual({
      type: 'detection',
      target: 3,
      label: '12Hz',
      frequency: 12,
      time: 10.25,
      confidence: 0.95,
    });
    expect(JSON.parse(sub.frames[3])).toEqual({ type: 'heartbeat', time: 10.5, scores: [0.01, 0.02] });
    // A subscriber cannot inject anything.
    sub.ws.send(JSON.stringify({ type: 'detection', target: 1 }));
    await sub.until(5);
    expect(parseFrame(sub.frames[4]).type).toBe('error');
    sub.ws.close();
    await hangUp(pub);
  });
});

describe('relay: what the targets mean (v2 mode and action messages)', () => {
  it('tells v2 subscribers the mode and what each selection did; BrainServR clients hear only the index', async () => {
    const pub = await publisher();
    sendJson(pub.ws, { type: 'status', state: 'streaming', device: 'simulated' });
    sendJson(pub.ws, { type: 'mode', mode: 'hints' });
    await new Promise((r) => setTimeout(r, 100));
    // A late v2 subscriber learns the mode in force, after hello and status.
    const v2 = connect(`/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    const old = connect('/');
    await Promise.all([v2.opened, old.opened]);
    await v2.until(3);
    expect(JSON.parse(v2.frames[2])).toEqual({ type: 'mode', mode: 'hints' });
    await old.until(1);
    sendJson(pub.ws, { type: 'detection', target: 2 });
    sendJson(pub.ws, { type: 'action', mode: 'hints', action: 'click', target: 2, text: 'Pressed "Harmonics"' });
    sendJson(pub.ws, { type: 'mode', mode: 'page' });
    await v2.until(6);
    expect(JSON.parse(v2.frames[4])).toEqual({
      type: 'action',
      mode: 'hints',
      action: 'click',
      target: 2,
      text: 'Pressed "Harmonics"',
    });
    expect(JSON.parse(v2.frames[5])).toEqual({ type: 'mode', mode: 'page' });
    await old.until(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(old.frames.slice(1)).toEqual([JSON.stringify('2')]);
    // A mode the extension does not have is refused, and not relayed.
    sendJson(pub.ws, { type: 'mode', mode: 'dance' });
    await pub.until(1);
    expect(parseFrame<ErrorMessage>(pub.frames[0]).error).toMatch(/mode\.mode must be one of feed, page, menu/);
    v2.ws.close();
    old.ws.close();
    await hangUp(pub);
  });
});

describe('relay: who may connect', () => {
  it('refuses a foreign web origin with 403 and accepts allowed ones', async () => {
    await expect(connect('/', { origin: 'https://evil.example' }).opened).rejects.toThrow('HTTP 403');
    const ok = connect('/', { origin: 'https://tool.example' });
    await ok.opened;
    ok.ws.close();
  });

  it('refuses publishing without the right token, and from any web page even with it', async () => {
    await expect(connect('/publish').opened).rejects.toThrow('HTTP 401');
    await expect(connect('/publish?token=wrong').opened).rejects.toThrow('HTTP 401');
    await expect(connect(`/publish?token=${TOKEN}`, { origin: 'https://tool.example' }).opened).rejects.toThrow(
      'HTTP 401',
    );
    await expect(connect(`/publish?token=${TOKEN}`, { origin: 'https://evil.example' }).opened).rejects.toThrow(
      'HTTP 403',
    );
    expect(relay.stats().publisher).toBe(false);
  });

  it("refuses the extension's own origin without the token: publishers pair (tests/relay-pairing.test.ts)", async () => {
    await expect(publisher('', { origin: EXTENSION_ORIGIN })).rejects.toThrow('HTTP 401');
    expect(relay.stats().publisher).toBe(false);
  });

  it('refuses a Host that is not loopback (DNS rebinding)', async () => {
    await expect(connect('/', { headers: { Host: `attacker.example:${relay.port}` } }).opened).rejects.toThrow(
      'HTTP 403',
    );
  });

  it('answers /health with JSON', async () => {
    const res = await fetch(`http://127.0.0.1:${relay.port}/health`);
    const body = (await res.json()) as RelayStats;
    expect(body).toMatchObject<Record<string, unknown>>({
      publisher: expect.any(Boolean),
      subscribers: expect.any(Number),
      relayed: expect.any(Number),
    });
    expect(body.uptime).toBeGreaterThan(0);
  });

  it('refuses /health to a foreign Host (a rebinding page would learn a session is live) or web origin', async () => {
    const ask = (headers: string) =>
      rawExchange(relay.port, `GET /health HTTP/1.1\r\n${headers}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(await ask(`Host: attacker.example:${relay.port}`))).toBe(403);
    expect(statusOf(await ask('Host: attacker.example'))).toBe(403);
    // No Host at all: HTTP/1.1 requires one (400), HTTP/1.0 does not, the relay does (403).
    expect(statusOf(await ask(''))).toBe(400);
    expect(statusOf(await rawExchange(relay.port, 'GET /health HTTP/1.0\r\n\r\n'))).toBe(403);
    expect(statusOf(await ask(`Host: 127.0.0.1:${relay.port}\r\nOrigin: https://evil.example`))).toBe(403);
    expect(statusOf(await ask(`Host: localhost:${relay.port}`))).toBe(200);
    expect(statusOf(await ask(`Host: 127.0.0.1:${relay.port}\r\nOrigin: https://tool.example`))).toBe(200);
  });
});

describe('relay: bad publisher input', () => {
  it('answers malformed and unknown messages with an error frame and forwards nothing', async () => {
    const sub = connect(`/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await sub.opened;
    await sub.until(1);
    const pub = await publisher();
    const bad = [
      'not json',
      '"3"',
      JSON.stringify({ type: 'detection', target: '3' }),
      JSON.stringify({ type: 'detection', target: -1 }),
      JSON.stringify({ type: 'detection', target: 1, extra: true }),
      JSON.stringify({ type: 'reboot' }),
      JSON.stringify({ type: 'status', state: 'exploded' }),
      JSON.stringify({ type: 'heartbeat', scores: ['x'] }),
    ];
    for (const b of bad) pub.ws.send(b);
    pub.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await pub.until(bad.length + 1);
    for (const f of pub.frames)
      expect(parseFrame(f)).toMatchObject<Record<string, unknown>>({ type: 'error', error: expect.any(String) });
    expect(parseFrame<ErrorMessage>(pub.frames[5]).error).toMatch(/unknown message type "reboot"/);
    sendJson(pub.ws, { type: 'detection', target: 2 });
    const frames = () => sub.frames.map((f) => parseFrame(f)).filter((m) => m.type !== 'hello' && m.type !== 'status');
    for (let i = 0; i < 50 && frames().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    // Only the valid detection reached the subscriber.
    expect(frames()).toEqual([{ type: 'detection', target: 2 }]);
    sub.ws.close();
    await hangUp(pub);
  });

  it('refuses unknown fields nested in status.targets, so nothing smuggled is replayed in hello', async () => {
    const pub = await publisher();
    const target = { index: 0, label: '8Hz', frequency: 8, action: 'like' };
    sendJson(pub.ws, { type: 'status', state: 'streaming', targets: [{ ...target, smuggled: 'x'.repeat(60_000) }] });
    await pub.until(1);
    expect(JSON.parse(pub.frames[0])).toEqual({ type: 'error', error: 'unknown field status.targets[0].smuggled' });
    const sub = connect(`/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await sub.opened;
    await sub.until(1);
    expect(JSON.parse(sub.frames[0])).toMatchObject({ type: 'hello', targets: [] });
    expect(sub.frames.join('')).not.toContain('smuggled');
    sub.ws.close();
    await hangUp(pub);
  });

  it('closes a connection that sends an oversized frame with 1009', async () => {
    const pub = await publisher();
    pub.ws.send(JSON.stringify({ type: 'status', state: 'streaming', message: 'x'.repeat(70_000) }));
    const { code } = await pub.closed;
    expect(code).toBe(1009);
  });
});

describe('relay: load and failure', () => {
  it('drops a slow consumer and keeps serving the others', async () => {
    const fast = connect(`/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    const slow = connect(`/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await Promise.all([fast.opened, slow.opened]);
    await fast.until(1);
    const before = relay.stats().subscribers;
    // The slow client stops reading from its socket.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const pub = await publisher();
    const scores = Array.from({ length: 64 }, (_, i) => i / 64 + 0.000123456789);
    const N = 8000;
    for (let i = 0; i < N; i++) {
      sendJson(pub.ws, { type: 'heartbeat', time: i, scores });
      if (i % 500 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    const heartbeats = () => fast.frames.map((f) => parseFrame(f)).filter((m) => m.type === 'heartbeat');
    for (let i = 0; i < 600 && heartbeats().length < N; i++) await new Promise((r) => setTimeout(r, 50));
    expect(relay.stats().subscribers).toBe(before - 1);
    expect(logs.some((l) => l.startsWith('drop slow subscriber'))).toBe(true);
    // Nothing lost by the subscriber that kept up, in order.
    const times = heartbeats().map((m) => m.time);
    expect(times).toEqual(Array.from({ length: N }, (_, i) => i));
    fast.ws.close();
    slow.ws.terminate();
    await hangUp(pub);
  }, 60_000);

  it('serves 1000 subscribers at once, every one receiving every detection', async () => {
    const subs = Array.from({ length: 1000 }, () => connect());
    await Promise.all(subs.map((s) => s.opened));
    await Promise.all(subs.map((s) => s.until(1)));
    const pub = await publisher();
    for (let i = 0; i < 5; i++) sendJson(pub.ws, { type: 'detection', target: i % 4 });
    await Promise.all(subs.map((s) => s.until(6, 20_000)));
    for (const s of subs) expect(s.frames.slice(1)).toEqual(['"0"', '"1"', '"2"', '"3"', '"0"']);
    subs.forEach((s) => s.ws.close());
    await hangUp(pub);
  }, 60_000);

  it('keeps the publisher it has: another is refused (409), and the next one is heard once the first left', async () => {
    const sub = connect();
    await sub.opened;
    const first = await publisher();
    await expect(publisher()).rejects.toThrow('HTTP 409');
    sendJson(first.ws, { type: 'detection', target: 1 });
    await sub.until(2);
    expect(sub.frames).toEqual(['"Connected with the server"', '"1"']);
    await hangUp(first);
    await sub.until(3);
    expect(sub.frames[2]).toBe('"classification stopped"');
    const next = await publisher();
    sendJson(next.ws, { type: 'detection', target: 2 });
    await sub.until(4);
    expect(sub.frames[3]).toBe('"2"');
    sub.ws.close();
    await hangUp(next);
  });
});

describe('relay: token', () => {
  it('is generated once and stored readable by the user only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brainbrowsr-token-'));
    const env = { XDG_CONFIG_HOME: dir, HOME: dir };
    const a = relayToken(env);
    const b = relayToken(env);
    expect(a.token).toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(32);
    expect(statSync(a.source).mode & 0o777).toBe(0o600);
    expect(relayToken({ ...env, BRAINBROWSR_RELAY_TOKEN: 'from-env' }).token).toBe('from-env');
  });
});
