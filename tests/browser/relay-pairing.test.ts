import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { type Relay, startRelay } from '../../relay/server';
import type { LaunchedExtension } from '../../src/node/chromium';
import { serveDemo } from '../../src/node/demo-server';
import { messageText, wsClient } from '../helpers/relay-client';
import { waitFor } from '../helpers/wait';
import {
  patchSettings,
  launchFresh,
  look,
  pairRelay,
  popupRelayLine,
  selectTarget,
  switchOnSimulated,
  waitStreamSeconds,
} from './harness';

/**
 * Sharing with the relay is the carer's choice: on a fresh install the
 * extension sends nothing to whatever listens on the relay's port; switched
 * on, it sends nothing but a nonce to a program that does not prove it is
 * the paired relay; paired and switched on, it publishes.
 */
/** The simulated headset at 10x real time: a look selects in a fraction of a second (the pairing's timers stay real). */
const SPEED = 10;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof serveDemo>>;
let page: Page;
const actions: string[] = [];

/** A plain WebSocket server, not the relay: what the extension would tell a stranger on the port. */
const stranger = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const strangerPort = () => (stranger.address() as { port: number }).port;
const heard: { protocol: string; messages: string[] }[] = [];
stranger.on('connection', (ws) => {
  const c = { protocol: ws.protocol, messages: [] as string[] };
  heard.push(c);
  ws.on('message', (d) => c.messages.push(messageText(d)));
});

const TOKEN = 'browser-pairing-token-0123456789';
let relay: Relay;

const relayState = () =>
  ext.serviceWorker.evaluate(
    async () => ((await chrome.storage.session.get('status')).status as { relay?: string } | undefined)?.relay,
  );

beforeAll(async () => {
  relay = await startRelay({ port: 0, host: '127.0.0.1', token: TOKEN, allowOrigins: [] });
  site = await serveDemo();
  ext = await launchFresh();
  // Fresh install; only the relay port changed, to the stranger's: the switch is left as installed.
  await patchSettings(ext, { relayPort: strangerPort() });
  await switchOnSimulated(ext, { speed: SPEED });
  page = await ext.context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
  await page.goto(site.url);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
  await relay?.close();
  await new Promise((r) => stranger.close(r));
});

describe('sharing with the relay', () => {
  it('on a fresh install sends nothing, not even to a server on the relay port, and the popup says so', async () => {
    // A selection made and acted on: everything the extension would have published has happened.
    // The first look of a session waits for the detector to learn the resting signal (about 20 s).
    // A key pressed before the page's squares are up is not a look: pressed again every 5 s.
    const n = actions.length;
    await page.bringToFront();
    let pressed = 0;
    await waitFor(
      'the first selection',
      async () => {
        if (Date.now() - pressed > 5000) {
          await look(page, 4);
          pressed = Date.now();
        }
        return actions.slice(n).some((t) => /-> next-post/.test(t));
      },
      45_000,
    );
    await look(page, 0);
    // Whatever the selection would send has had 2.5 s of headset data to go out.
    await waitStreamSeconds(page, 2.5);
    expect(heard).toEqual([]);
    expect(await relayState()).toBe('off');
    expect((await popupRelayLine(ext)).text).toBe('Not shared with other programs on this computer.');
  }, 60_000);

  it('switched on and paired, sends a program that is not the paired relay only its nonce, and says so', async () => {
    await pairRelay(ext, { port: strangerPort(), token: TOKEN, on: true });
    await waitFor('the extension to try the stranger', () => heard.length > 0 && heard[0].messages.length > 0, 10_000);
    // The stranger cannot answer with a proof: the extension says so and sends nothing more.
    await waitFor('"not the paired relay"', async () => (await relayState()) === 'wrong-relay', 15_000);
    await page.bringToFront();
    await selectTarget(actions, page, 4, /-> next-post/);
    for (const c of heard) {
      expect(c.protocol).toBe('brainbrowsr.pair.v1');
      for (const m of c.messages) {
        expect(Object.keys(JSON.parse(m) as object)).toEqual(['type', 'nonce']);
        expect(JSON.parse(m)).toMatchObject({ type: 'auth-hello' });
        expect(m).not.toContain(TOKEN);
      }
    }
    const line = await popupRelayLine(ext);
    expect(line.text).toBe(
      `Not sharing: the program at ws://127.0.0.1:${strangerPort()}/ is not the paired relay (nothing was sent).`,
    );
  }, 60_000);

  it('publishes to the paired relay only once sharing is switched on', async () => {
    await pairRelay(ext, { port: relay.port, token: TOKEN, on: false });
    await waitFor('sharing off', async () => (await relayState()) === 'off', 5000);
    const before = heard.reduce((n, c) => n + c.messages.length, 0);
    await page.bringToFront();
    await selectTarget(actions, page, 4, /-> next-post/);
    expect(relay.stats().publisher).toBe(false);
    expect(relay.stats().relayed).toBe(0);

    await pairRelay(ext, { port: relay.port, token: TOKEN, on: true });
    await waitFor('the extension publishing', async () => (await relayState()) === 'connected', 15_000);
    expect(relay.stats().publisher).toBe(true);
    expect((await popupRelayLine(ext)).text).toBe(
      `Sharing selections with the paired relay at ws://127.0.0.1:${relay.port}/.`,
    );
    const legacy = wsClient(`ws://127.0.0.1:${relay.port}/`);
    await legacy.until(1);
    await page.bringToFront();
    await selectTarget(actions, page, 4, /-> next-post/);
    await waitFor('"3" on the relay', () => legacy.frames.includes('"3"'), 5000);
    legacy.ws.close();
    // The stranger heard nothing more since sharing moved to the paired relay.
    expect(heard.reduce((n, c) => n + c.messages.length, 0)).toBe(before);
  }, 60_000);
});
