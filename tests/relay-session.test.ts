import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHER_LEFT } from '../src/core/protocol/relay';
import { type Relay, startRelay } from '../relay/server';
import { wsClient } from './helpers/relay-client';

/** What subscribers hear about the publisher's session: its status while it is there, its departure when it goes. */

const TOKEN = 'session-test-token-0123456789';
let relay: Relay;
let url: string;

beforeAll(async () => {
  relay = await startRelay({ port: 0, host: '127.0.0.1', token: TOKEN, allowOrigins: [] });
  url = `ws://127.0.0.1:${relay.port}`;
});
afterAll(() => relay.close());

const targets = [{ index: 3, label: '12Hz', frequency: 12, action: 'next-post' }];
const streaming = { type: 'status', state: 'streaming', device: 'simulated', targets };
const parsed = (frames: string[]) => frames.map((f) => JSON.parse(f) as Record<string, unknown>);

/** Closes a publisher and waits until the relay has let it go (and told its subscribers). */
async function hangUp(pub: ReturnType<typeof wsClient>) {
  pub.ws.close();
  await pub.closed;
  for (let i = 0; i < 500 && relay.stats().publisher; i++) await new Promise((r) => setTimeout(r, 10));
  expect(relay.stats().publisher).toBe(false);
}

async function streamingPublisher() {
  const pub = wsClient(`${url}/publish?token=${TOKEN}`);
  await pub.opened;
  pub.ws.send(JSON.stringify(streaming));
  return pub;
}

describe.each([
  ['closes cleanly', (ws: { close(): void }) => ws.close()],
  ['vanishes (connection reset)', (ws: { terminate(): void }) => ws.terminate()],
])('relay: when the publisher %s', (_how, leave) => {
  it('tells v2 and BrainServR subscribers, and new v2 subscribers never see the old "streaming"', async () => {
    const v2 = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    const legacy = wsClient(`${url}/`);
    await Promise.all([v2.opened, legacy.opened]);
    await Promise.all([v2.until(1), legacy.until(1)]);
    const pub = await streamingPublisher();
    const seen = async () => (await v2.until(v2.frames.length + 1)).length;
    while (JSON.stringify(parsed(v2.frames).at(-1)) !== JSON.stringify(streaming)) await seen();
    const before = { v2: v2.frames.length, legacy: legacy.frames.length };

    leave(pub.ws);
    await v2.until(before.v2 + 1);
    await legacy.until(before.legacy + 1);
    expect(parsed(v2.frames.slice(before.v2))).toEqual([{ type: 'status', state: 'off', message: PUBLISHER_LEFT }]);
    expect(legacy.frames.slice(before.legacy)).toEqual(['"classification stopped"']);
    expect(relay.stats().publisher).toBe(false);

    const late = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await late.opened;
    await late.until(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(parsed(late.frames)).toEqual([
      { type: 'hello', protocol: 'brainbrowsr.v2', targets: [], publisher: false },
      { type: 'status', state: 'off', message: PUBLISHER_LEFT },
    ]);

    // When it comes back, its new status is what everyone hears.
    const again = await streamingPublisher();
    await late.until(3);
    expect(parsed(late.frames)[2]).toEqual(streaming);
    const after = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await after.opened;
    await after.until(2);
    expect(parsed(after.frames)).toEqual([
      { type: 'hello', protocol: 'brainbrowsr.v2', targets, publisher: true },
      streaming,
    ]);
    for (const c of [v2, legacy, late, after]) c.ws.close();
    await hangUp(again);
  });
});

describe('relay: status a publisher sends', () => {
  it('is replayed to new subscribers exactly as last sent, not merged with older ones', async () => {
    const pub = await streamingPublisher();
    pub.ws.send(JSON.stringify({ type: 'status', state: 'signal-lost' }));
    const sub = wsClient(`${url}/?token=${TOKEN}`, { protocol: 'brainbrowsr.v2' });
    await new Promise((r) => setTimeout(r, 100));
    await sub.opened;
    await sub.until(2);
    // The targets are remembered for hello; the device of the earlier status is not carried over.
    expect(parsed(sub.frames)).toEqual([
      { type: 'hello', protocol: 'brainbrowsr.v2', targets, publisher: true },
      { type: 'status', state: 'signal-lost' },
    ]);
    sub.ws.close();
    await hangUp(pub);
  });
});
