import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import { PUBLISHER_LEFT, parsePublisherMessage } from '../src/core/protocol/relay';
import { rawExchange, spawnRelay, statusOf, upgradeRequest, wsClient } from './helpers/relay-client';
import { waitFor } from './helpers/wait';

/**
 * The relay under hostile input: a real relay process (bin/relay.mjs) gets
 * malformed requests and thousands of random request lines, headers, paths
 * and frames, and must answer with HTTP errors, keep running and keep
 * serving its subscribers. The fuzz is seeded (RELAY_FUZZ_SEED replays a run).
 */

const TOKEN = 'hostile-test-token-0123456789';
const SEED = Number(process.env.RELAY_FUZZ_SEED ?? Date.now() % 2 ** 31);
let relay: Awaited<ReturnType<typeof spawnRelay>>;
let host: string;

beforeAll(async () => {
  relay = await spawnRelay(TOKEN);
  host = `127.0.0.1:${relay.port}`;
});
afterAll(async () => {
  await relay.stop();
});

/** Checks the relay still does its job: a BrainServR and a v2 subscriber both receive a detection. */
async function stillServes() {
  expect(relay.alive(), `relay died: ${relay.stderr()}`).toBe(true);
  const url = `ws://${host}/`;
  const legacy = wsClient(url);
  const v2 = wsClient(url, { protocol: 'brainbrowsr.v2' });
  const clients = [legacy, v2];
  // Closed whatever happens: a publisher left open would hold the token, and every later check would get 409.
  try {
    await Promise.all([legacy.opened, v2.opened]);
    await Promise.all([legacy.until(1), v2.until(1)]);
    const pub = wsClient(`ws://${host}/publish?token=${TOKEN}`);
    clients.push(pub);
    await pub.opened;
    pub.ws.send(JSON.stringify({ type: 'detection', target: 2 }));
    await legacy.until(2);
    expect(legacy.frames[0]).toBe('"Connected with the server"');
    expect(legacy.frames.at(-1)).toBe('"2"');
    // A v2 subscriber may first hear that the previous check's publisher left: wait for the detection itself.
    const detection = await waitFor(
      'the detection on the v2 subscriber',
      () => v2.frames.map((f) => JSON.parse(f) as { type?: string }).find((m) => m.type === 'detection'),
      5000,
    );
    expect(detection).toEqual({ type: 'detection', target: 2 });
  } finally {
    for (const c of clients) c.ws.close();
    await Promise.all(clients.map((c) => c.closed));
  }
}

describe('relay: requests it cannot parse', () => {
  const targets = ['//[', 'http://[', '/%', 'http://x:99999/', '//evil.example/publish', '*'];

  it.each(targets)('answers a WebSocket upgrade to %s with 400 and goes on', async (target) => {
    const reply = await rawExchange(relay.port, upgradeRequest(target, host));
    expect(statusOf(reply), reply).toBe(400);
    await stillServes();
  });

  it.each(targets)('answers a plain GET of %s with 400 and goes on', async (target) => {
    const reply = await rawExchange(relay.port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(statusOf(reply), reply).toBe(400);
    await stillServes();
  });

  it('answers a garbled request line and oversized headers with 400 and 431', async () => {
    expect(statusOf(await rawExchange(relay.port, 'GET / HTTP/1.1 extra\r\n\r\n'))).toBe(400);
    expect(statusOf(await rawExchange(relay.port, '\x00\x01\x02 nonsense\r\n\r\n'))).toBe(400);
    const huge = `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expect(statusOf(await rawExchange(relay.port, huge))).toBe(431);
    await stillServes();
  });
});

// ---- fuzz ---------------------------------------------------------------------

/** mulberry32: small, seedable, good enough to pick test cases. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}

const PATH_PIECES = [
  '/', '//', '/[', 'http://[', '/%', '%', '%zz', '%00', 'http://x:99999/', '?', '#', '/publish', '?token=',
  `token=${TOKEN}`, '..', '/../', '\\', '@', ':', '[::1]', 'ws://', '*', 'é', '\u2028', '\t', '&', '=', ';',
  'a'.repeat(3000), '/health', '%2fpublish', 'javascript:',
]; // prettier-ignore
const BAD_METHODS = ['G ET', '', 'GET\x00', 'CONNECT', 'BREW'];
const BAD_VERSIONS = ['HTTP/2', 'HTTP/9.9', '', 'HTTP/1.1 x', 'http/1.1'];

/** A request that is usually nearly valid, with one or more things wrong at random places. */
function fuzzRequest(r: ReturnType<typeof rng>, port: number): Buffer {
  const broken = () => r.next() < 0.2;
  const target =
    r.next() < 0.5
      ? r.pick(['/', '/', '/health', '/x?y=1', '/publish', `/publish?token=${TOKEN}`, '/publish?token=wrong'])
      : Array.from({ length: 1 + r.int(4) }, () => r.pick(PATH_PIECES)).join('');
  const hosts = [
    `127.0.0.1:${port}`,
    `localhost:${port}`,
    `[::1]:${port}`,
    'attacker.example',
    '',
    '[',
    '127.0.0.1:99999',
    'a'.repeat(500),
  ];
  const origins = [EXTENSION_ORIGIN, 'null', 'https://evil.example', 'chrome-extension://', '', '\x7f'];
  const plausible = [
    'Sec-WebSocket-Protocol: brainbrowsr.v2', 'Sec-WebSocket-Protocol: brainbrowsr.v2, other', 'Sec-WebSocket-Version: 8',
    'Sec-WebSocket-Extensions: permessage-deflate', 'Accept: */*', 'Connection: keep-alive', 'User-Agent: fuzz',
    `Origin: ${r.pick(origins)}`, 'Content-Length: 0',
  ]; // prettier-ignore
  const malformed = [
    'Upgrade: h2c', 'Sec-WebSocket-Key: %%%', 'Sec-WebSocket-Version: x', 'Sec-WebSocket-Protocol: ,,,',
    'Sec-WebSocket-Protocol: a b', 'Sec-WebSocket-Extensions: permessage-deflate; x=%', 'Sec-WebSocket-Extensions: ;;;',
    'Content-Length: -1', 'Content-Length: 99999999999999999999', 'Transfer-Encoding: chunked', 'Bad Header: x',
    ': empty', `Host: ${r.pick(hosts)}`, `X-Long: ${'b'.repeat(r.int(3) * 6000)}`, 'Host: x\r\n\r\n', 'X: \x00',
  ]; // prettier-ignore
  const lines = [`${broken() ? r.pick(BAD_METHODS) : 'GET'} ${target} ${broken() ? r.pick(BAD_VERSIONS) : 'HTTP/1.1'}`];
  lines.push(`Host: ${r.pick(broken() ? hosts : hosts.slice(0, 3))}`);
  if (r.next() < 0.6) {
    lines.push('Upgrade: websocket', 'Connection: Upgrade');
    lines.push('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13');
  }
  for (let i = r.int(3); i > 0; i--) lines.push(r.pick(plausible));
  if (broken()) lines.push(r.pick(malformed));
  if (r.next() < 0.3) lines.sort(() => r.next() - 0.5);
  let text = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8');
  if (broken()) {
    const damage = r.int(4);
    if (damage === 0)
      text = text.subarray(0, r.int(text.length)); // truncated
    else if (damage === 1)
      text = Buffer.concat([text, r.bytes(r.int(200))]); // trailing garbage
    else if (damage === 2) {
      const at = r.int(text.length);
      text = Buffer.concat([text.subarray(0, at), r.bytes(1 + r.int(8)), text.subarray(at)]); // bytes inserted
    } else text = r.bytes(1 + r.int(300)); // noise
  }
  return text;
}

/** A client-to-server WebSocket frame, usually well formed, sometimes not. */
function fuzzFrame(r: ReturnType<typeof rng>, payload: Buffer): Buffer {
  const sane = r.next() < 0.7;
  const opcode = sane ? r.pick([1, 1, 1, 2, 9, 10]) : r.int(16);
  const fin = sane || r.next() < 0.5 ? 0x80 : 0;
  const rsv = sane ? 0 : r.int(8) << 4;
  const masked = sane || r.next() < 0.7;
  const n = payload.length;
  const lengthBytes = n < 126 ? Buffer.from([n]) : n < 65536 ? Buffer.from([126, n >> 8, n & 255]) : Buffer.alloc(9);
  if (n >= 65536) {
    lengthBytes[0] = 127;
    lengthBytes.writeBigUInt64BE(BigInt(n), 1);
  }
  if (!sane && r.next() < 0.3) lengthBytes[0] = r.int(128); // a length that lies
  lengthBytes[0] |= masked ? 0x80 : 0;
  const mask = r.bytes(4);
  const body = Buffer.from(payload);
  if (masked) for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
  return Buffer.concat([Buffer.from([fin | rsv | opcode]), lengthBytes, masked ? mask : Buffer.alloc(0), body]);
}

const VALID_MESSAGES: unknown[] = [
  { type: 'detection', target: 3, label: '12Hz', frequency: 12, time: 2, confidence: 0.9 },
  { type: 'heartbeat', time: 1, scores: [0.1, 0.2, 0.3, 0.4] },
  { type: 'scores', scores: [0.5] },
  {
    type: 'status',
    state: 'streaming',
    device: 'sim',
    targets: [{ index: 0, label: 'a', frequency: 8, action: 'like' }],
  },
];

/** A publisher message, valid or damaged at some depth. */
function fuzzMessage(r: ReturnType<typeof rng>): Buffer {
  const m = structuredClone(r.pick(VALID_MESSAGES)) as Record<string, unknown>;
  const junk = () =>
    r.pick<unknown>([null, true, -1, 1e308, 'x'.repeat(r.int(2000)), [], {}, [[[[[]]]]], { a: { b: { c: 1 } } }, '3']);
  const objects: Record<string, unknown>[] = [m];
  const targets = m.targets as Record<string, unknown>[] | undefined;
  if (targets) objects.push(targets[0]);
  const o = r.pick(objects);
  const keys = Object.keys(o);
  switch (r.int(6)) {
    case 0:
      break; // valid
    case 1:
      o[r.pick(['extra', '__proto__', 'constructor', 'x'.repeat(100)])] = junk();
      break;
    case 2:
      o[r.pick(keys)] = junk();
      break;
    case 3:
      delete o[r.pick(keys)];
      break;
    case 4:
      if (targets) for (let i = 0; i < 70; i++) targets.push({ ...targets[0], pad: 'y'.repeat(800) });
      break;
    default:
      return r.bytes(r.int(300));
  }
  return Buffer.from(JSON.stringify(m));
}

describe('relay: fuzz', () => {
  it(`survives thousands of random request lines, headers, paths and frames (seed ${SEED})`, async () => {
    const r = rng(SEED);
    // Subscribers that stay connected through the whole run.
    const watcher = wsClient(`ws://${host}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    // Without the token a v2 subscriber gets numbers and the protocol's own words only.
    const anonymous = wsClient(`ws://${host}/`, { protocol: 'brainbrowsr.v2' });
    const legacyWatcher = wsClient(`ws://${host}/`);
    await Promise.all([watcher.opened, anonymous.opened, legacyWatcher.opened]);
    const statuses = new Map<number | undefined, number>();
    const batch = 60;

    for (let i = 0; i < 2400; i += batch) {
      const replies = await Promise.all(
        Array.from({ length: batch }, () => rawExchange(relay.port, fuzzRequest(r, relay.port), 250, { end: true })),
      );
      for (const reply of replies) {
        const status = statusOf(reply);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        // Whatever came back is an HTTP response (or nothing: the connection was closed).
        if (reply.length > 0) expect(reply.startsWith('HTTP/1.1 '), `seed ${SEED}: ${reply.slice(0, 80)}`).toBe(true);
      }
      expect(relay.alive(), `seed ${SEED}: relay died: ${relay.stderr()}`).toBe(true);
    }

    for (let i = 0; i < 1200; i += batch) {
      await Promise.all(
        Array.from({ length: batch }, () => {
          const role = r.pick(['/', '/v2', `/publish?token=${TOKEN}`] as const);
          const handshake = upgradeRequest(
            role === '/v2' ? '/' : role,
            host,
            role === '/v2' ? ['Sec-WebSocket-Protocol: brainbrowsr.v2'] : [],
          );
          const frames = Array.from({ length: 1 + r.int(6) }, () =>
            fuzzFrame(r, role.startsWith('/publish') ? fuzzMessage(r) : r.bytes(r.int(200))),
          );
          // The frames follow the handshake in the same write: they reach the relay as the upgrade's head.
          return rawExchange(relay.port, Buffer.concat([Buffer.from(handshake), ...frames]), 250, { end: true });
        }),
      );
      expect(relay.alive(), `seed ${SEED}: relay died: ${relay.stderr()}`).toBe(true);
    }

    console.log(`relay fuzz seed ${SEED}: HTTP status counts`, Object.fromEntries(statuses));
    // The fuzz reached every layer: refusals of each kind and real upgrades.
    for (const status of [101, 400, 401, 403, 404])
      expect(statuses.get(status) ?? 0, `seed ${SEED}: ${[...statuses].join(',')}`).toBeGreaterThan(0);
    // Everything forwarded to the v2 watcher passed the strict schema on its way out too.
    const forwarded = watcher.frames.slice(1).map((f) => JSON.parse(f) as { type: string });
    expect(forwarded.length).toBeGreaterThan(0);
    for (const m of forwarded) expect(parsePublisherMessage(JSON.stringify(m)).ok, JSON.stringify(m)).toBe(true);
    // The same traffic without the token: no text but the protocol's own words (whatever a fuzzing publisher sent).
    const words = new Set(['type', 'state', 'mode', 'protocol', 'publisher']);
    const texts = (v: unknown, key = ''): string[] =>
      typeof v === 'string'
        ? words.has(key) || v === PUBLISHER_LEFT
          ? []
          : [`${key}: ${v}`]
        : v && typeof v === 'object'
          ? Object.entries(v).flatMap(([k, x]) => texts(x, Array.isArray(v) ? key : k))
          : [];
    expect(anonymous.frames.length).toBeGreaterThan(1);
    expect(anonymous.frames.slice(1).flatMap((f) => texts(JSON.parse(f)))).toEqual([]);
    for (const f of legacyWatcher.frames) {
      expect([
        'Connected with the server',
        'classification running',
        'classification stopped',
        '0',
        '1',
        '2',
        '3',
      ]).toContain(JSON.parse(f));
    }
    expect(watcher.ws.readyState).toBe(watcher.ws.OPEN);
    expect(legacyWatcher.ws.readyState).toBe(legacyWatcher.ws.OPEN);
    watcher.ws.close();
    anonymous.ws.close();
    legacyWatcher.ws.close();
    await stillServes();
    const health = await fetch(`http://${host}/health`);
    expect(health.status).toBe(200);
  }, 120_000);
});
