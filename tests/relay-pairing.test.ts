import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Relay, startRelay } from '../relay/server';
import { EXTENSION_ORIGIN } from '../src/core/protocol/extension-identity';
import {
  newNonce,
  PAIRING_REFUSED,
  PAIRING_SUBPROTOCOL,
  pairingProof,
  PUBLISHER_BUSY,
  PublisherHandshake,
} from '../src/core/protocol/relay-handshake';
import { messageText, pairingClient, wsClient } from './helpers/relay-client';
import { waitFor } from './helpers/wait';

/** Who may publish (the paired extension, one at a time) and what a subscriber hears without the token. */

const TOKEN = 'pairing-test-token-0123456789';
let relay: Relay;
let url: string;

beforeAll(async () => {
  relay = await startRelay({ port: 0, host: '127.0.0.1', token: TOKEN, allowOrigins: [], pairingTimeoutMs: 1000 });
  url = `ws://127.0.0.1:${relay.port}`;
});
afterAll(() => relay.close());

const send = (ws: WebSocket, m: unknown) => ws.send(JSON.stringify(m));

async function hangUp(p: { ws: WebSocket; closed: Promise<unknown> }) {
  p.ws.close();
  await p.closed;
  await waitFor('the relay to let the publisher go', () => !relay.stats().publisher, 5000, 10);
}

describe('relay: pairing', () => {
  it('lets a publisher that proves it holds the token publish, with no token on the wire', async () => {
    const sent: string[] = [];
    const sub = wsClient(`${url}/`);
    await sub.until(1);
    const pub = pairingClient(`${url}/publish`, TOKEN);
    const realSend = pub.ws.send.bind(pub.ws);
    pub.ws.send = ((data: string) => (sent.push(data), realSend(data))) as typeof pub.ws.send;
    expect(await pub.paired).toBe('ok');
    expect(pub.proved()).toBe(true);
    expect(relay.stats().publisher).toBe(true);
    send(pub.ws, { type: 'detection', target: 3 });
    await sub.until(2);
    expect(sub.frames).toEqual(['"Connected with the server"', '"3"']);
    // What the publisher sent to pair: its nonce and its proof, never the token.
    expect(sent.slice(0, 2).map((s) => (JSON.parse(s) as { type: string }).type)).toEqual(['auth-hello', 'auth-proof']);
    expect(sent.join('')).not.toContain(TOKEN);
    sub.ws.close();
    await hangUp(pub);
  });

  it('a publisher with another token sees the relay cannot prove it is its relay, and sends nothing more', async () => {
    const pub = pairingClient(`${url}/publish`, 'another-relay-token-000000000');
    expect(await pub.paired).not.toBe('ok');
    expect(pub.proved()).toBe(false);
    expect(relay.stats().publisher).toBe(false);
  });

  it('refuses a publisher whose proof is wrong, or that never proves (4001), or that skips the handshake', async () => {
    const forged = wsClient(`${url}/publish`, { protocol: PAIRING_SUBPROTOCOL });
    await forged.opened;
    send(forged.ws, { type: 'auth-hello', nonce: newNonce() });
    await forged.until(1);
    const challenge = JSON.parse(forged.frames[0]) as { nonce: string };
    // A proof made with another token, and the relay's own proof sent back: both wrong.
    send(forged.ws, {
      type: 'auth-proof',
      proof: await pairingProof('wrong', 'publisher', newNonce(), challenge.nonce),
    });
    expect((await forged.closed).code).toBe(PAIRING_REFUSED);

    const silent = wsClient(`${url}/publish`, { protocol: PAIRING_SUBPROTOCOL });
    expect((await silent.closed).code).toBe(PAIRING_REFUSED);

    const eager = wsClient(`${url}/publish`, { protocol: PAIRING_SUBPROTOCOL });
    await eager.opened;
    send(eager.ws, { type: 'detection', target: 1 });
    expect((await eager.closed).code).toBe(PAIRING_REFUSED);
    expect(relay.stats().publisher).toBe(false);
  });

  it("refuses the extension's origin without the token or a proof (an Origin is a claim anyone local can make)", async () => {
    await expect(wsClient(`${url}/publish`, { origin: EXTENSION_ORIGIN }).opened).rejects.toThrow('HTTP 401');
    expect(relay.stats().publisher).toBe(false);
  });

  it("the extension's side refuses a challenge that is not this session's relay's (a replay, a guess)", async () => {
    const recorded = new PublisherHandshake(TOKEN);
    const nonce = newNonce();
    const proof = await pairingProof(TOKEN, 'relay', recorded.hello().nonce, nonce);
    const challenge = JSON.stringify({ type: 'auth-challenge', nonce, proof });
    expect(await recorded.answer(challenge)).toMatchObject({ type: 'auth-proof' });
    // The same challenge replayed to another connection (another publisher nonce) proves nothing.
    expect(await new PublisherHandshake(TOKEN).answer(challenge)).toBeUndefined();
    const guess = JSON.stringify({ type: 'auth-challenge', nonce, proof: 'A'.repeat(43) });
    expect(await new PublisherHandshake(TOKEN).answer(guess)).toBeUndefined();
    expect(await new PublisherHandshake(TOKEN).answer('{"type":"hello"}')).toBeUndefined();
  });
});

describe('relay: one publisher per token', () => {
  it('refuses a second publisher while the first is connected; its "headset: off" never reaches subscribers', async () => {
    const targets = [{ index: 0, label: 'Like', frequency: 8, action: 'like' }];
    const v2 = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    const legacy = wsClient(`${url}/`);
    await Promise.all([v2.until(1), legacy.until(1)]);
    const first = pairingClient(`${url}/publish`, TOKEN);
    expect(await first.paired).toBe('ok');
    send(first.ws, { type: 'status', state: 'streaming', device: 'simulated', targets });
    await waitFor('streaming', () => v2.frames.some((f) => f.includes('streaming')), 5000, 10);

    // A second browser paired with the same relay, and a tool with the token.
    const second = pairingClient(`${url}/publish`, TOKEN);
    expect(await second.paired).toBe(PUBLISHER_BUSY);
    const tool = wsClient(`${url}/publish?token=${TOKEN}`);
    await expect(tool.opened).rejects.toThrow('HTTP 409');

    send(first.ws, { type: 'detection', target: 2 });
    await legacy.until(2);
    await waitFor('the detection', () => v2.frames.some((f) => f.includes('detection')), 5000, 10);
    expect(legacy.frames).toEqual(['"Connected with the server"', '"2"']);
    const heard = v2.frames.map((f) => JSON.parse(f) as { type: string; state?: string });
    const since = heard.findIndex((m) => m.state === 'streaming');
    // After the first publisher's "streaming": its detection, and no "off" from the second.
    expect(heard.slice(since)).toMatchObject([
      { type: 'status', state: 'streaming' },
      { type: 'detection', target: 2 },
    ]);
    expect(heard.slice(since)).toHaveLength(2);
    const late = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await late.until(2);
    expect(JSON.parse(late.frames[1])).toMatchObject({ type: 'status', state: 'streaming' });

    // When the first goes, the next may take over.
    await hangUp(first);
    const next = pairingClient(`${url}/publish`, TOKEN);
    expect(await next.paired).toBe('ok');
    for (const c of [v2, legacy, late]) c.ws.close();
    await hangUp(next);
  });
});

describe('relay: one publisher per token (tools with the token too)', () => {
  it('a second publisher cannot take over the first; its false "headset: off" never reaches subscribers', async () => {
    const v2 = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await v2.until(1);
    const first = wsClient(`${url}/publish?token=${TOKEN}`);
    await first.opened;
    send(first.ws, { type: 'status', state: 'streaming', device: 'browser one' });
    await waitFor('streaming', () => v2.frames.some((f) => f.includes('streaming')), 5000, 10);
    const second = wsClient(`${url}/publish?token=${TOKEN}`);
    const accepted = await second.opened.then(
      () => true,
      () => false,
    );
    if (accepted) send(second.ws, { type: 'status', state: 'off', device: 'browser two' });
    send(first.ws, { type: 'detection', target: 2 });
    const n = v2.frames.length;
    await waitFor('the next message', () => v2.frames.length > n, 5000, 10);
    const heard = v2.frames.map((f) => JSON.parse(f) as { state?: string; device?: string });
    const since = heard.findIndex((m) => m.state === 'streaming');
    expect(heard.slice(since).filter((m) => m.state === 'off' || m.device === 'browser two')).toEqual([]);
    expect(accepted).toBe(false);
    expect(heard.at(-1)).toEqual({ type: 'detection', target: 2 });
    v2.ws.close();
    second.ws.close();
    await hangUp(first);
  });
});

describe('relay: what a subscriber gets without the token', () => {
  const targets = [
    { index: 0, label: 'Like', frequency: 8, action: 'like' },
    { index: 3, label: 'Next', frequency: 12, action: 'next-post' },
  ];
  const said = [
    { type: 'status', state: 'streaming', device: 'Cyton of Ada', message: 'recording ada-2026.bdf', targets },
    { type: 'mode', mode: 'typing' },
    { type: 'detection', target: 3, label: 'Next', frequency: 12, time: 4.5, confidence: 0.9 },
    { type: 'action', mode: 'typing', action: 'type-word', target: 3, text: 'Typed "hunter2"', time: 4.5 },
    { type: 'action', mode: 'hints', action: 'click', target: 1, text: 'Opened "Clinic results: HIV test"' },
    { type: 'heartbeat', time: 4.75, scores: [0.1, 0.2, 0.3, 0.9] },
  ];

  it('v2 without the token: indices, states, modes, scores and no text; with the token: everything', async () => {
    const pub = wsClient(`${url}/publish?token=${TOKEN}`);
    await pub.opened;
    const anonymous = wsClient(`${url}/`, { protocol: 'brainbrowsr.v2' });
    const full = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    const legacy = wsClient(`${url}/`);
    await Promise.all([anonymous.until(1), full.until(1), legacy.until(1)]);
    for (const m of said) send(pub.ws, m);
    await Promise.all([anonymous.until(1 + said.length), full.until(1 + said.length), legacy.until(3)]);

    expect(full.frames.slice(1).map((f) => JSON.parse(f) as unknown)).toEqual(said);
    const seen = anonymous.frames.slice(1).map((f) => JSON.parse(f) as unknown);
    expect(seen).toEqual([
      {
        type: 'status',
        state: 'streaming',
        targets: [
          { index: 0, frequency: 8 },
          { index: 3, frequency: 12 },
        ],
      },
      { type: 'mode', mode: 'typing' },
      { type: 'detection', target: 3, frequency: 12, time: 4.5, confidence: 0.9 },
      { type: 'action', mode: 'typing', target: 3, time: 4.5 },
      { type: 'action', mode: 'hints', target: 1 },
      { type: 'heartbeat', time: 4.75, scores: [0.1, 0.2, 0.3, 0.9] },
    ]);
    for (const text of ['hunter2', 'Clinic', 'Ada', 'Like', 'Next', 'type-word', 'click']) {
      expect(anonymous.frames.join('\n')).not.toContain(text);
    }
    // BrainServR clients: exactly the original frames.
    expect(legacy.frames).toEqual(['"Connected with the server"', '"3"', '"classification running"']);

    // Joining later: hello and the replayed status and mode are the public view too.
    const late = wsClient(`${url}/`, { protocol: 'brainbrowsr.v2' });
    await late.until(3);
    expect(late.frames.map((f) => JSON.parse(f) as unknown)).toEqual([
      {
        type: 'hello',
        protocol: 'brainbrowsr.v2',
        targets: [
          { index: 0, frequency: 8 },
          { index: 3, frequency: 12 },
        ],
        publisher: true,
      },
      {
        type: 'status',
        state: 'streaming',
        targets: [
          { index: 0, frequency: 8 },
          { index: 3, frequency: 12 },
        ],
      },
      { type: 'mode', mode: 'typing' },
    ]);
    for (const c of [anonymous, full, legacy, late]) c.ws.close();
    await hangUp(pub);
  });

  it('with --require-token, a subscriber without the token is refused; a wrong token is refused everywhere', async () => {
    const strict = await startRelay({ port: 0, host: '127.0.0.1', token: TOKEN, allowOrigins: [], requireToken: true });
    const at = `ws://127.0.0.1:${strict.port}`;
    try {
      await expect(wsClient(`${at}/`).opened).rejects.toThrow('HTTP 401');
      await expect(wsClient(`${at}/`, { protocol: 'brainbrowsr.v2' }).opened).rejects.toThrow('HTTP 401');
      await expect(wsClient(`${at}/?token=wrong`).opened).rejects.toThrow('HTTP 401');
      const legacy = wsClient(`${at}/?token=${TOKEN}`);
      await legacy.until(1);
      expect(legacy.frames).toEqual(['"Connected with the server"']);
      legacy.ws.close();
    } finally {
      await strict.close();
    }
    await expect(wsClient(`${url}/?token=wrong`, { protocol: 'brainbrowsr.v2' }).opened).rejects.toThrow('HTTP 401');
  });
});

export { messageText };
