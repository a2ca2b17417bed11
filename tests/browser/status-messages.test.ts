import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Relay, startRelay } from '../../relay/server';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { launchFresh, pairRelay, servePages, stimulusLog, switchOnSimulated, waitStreamSeconds } from './harness';

/**
 * The status is state, not a broadcast: a tab is sent what it draws of the
 * status (the line under the targets), when that changes, and nothing while
 * the switch is off; the rest (relay, samples lost, profile, memory) stays
 * with the service worker, the popup and the studio.
 */
const TOKEN = 'status-messages-token-123456';
/** Speed of the simulated headset: a minute of headset data in 20 s. */
const SPEED = 3;

let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let relay: Relay;

interface Received {
  type: string;
  state?: string;
}

/** The test build's record of what the service worker sent the page, in order. */
async function received(page: Page): Promise<Received[]> {
  const got = await page.evaluate<Received[] | null>(`new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.data?.type !== 'brainbrowsr:received') return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(e.data.messages);
    };
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      resolve(null);
    }, 2000);
    window.addEventListener('message', onMessage);
    window.postMessage({ type: 'brainbrowsr:received?' }, '*');
  })`);
  if (!got) throw new Error(`the content script of ${page.url()} did not answer`);
  return got;
}

type Status = { state: string; relay: string };
const status = () =>
  ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('status')).status as Status);

beforeAll(async () => {
  relay = await startRelay({ port: 0, host: '127.0.0.1', token: TOKEN, allowOrigins: [] });
  site = await servePages();
  ext = await launchFresh();
  await pairRelay(ext, { port: relay.port, token: TOKEN, on: true });
  await switchOnSimulated(ext, { speed: SPEED });
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
  await relay?.close();
});

describe('status messages to tabs', () => {
  it('a tab on screen is not told of a change it does not draw (the relay going away), and is of one it does', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${site.url}browse.html`);
    await waitFor('targets drawn', async () => ((await stimulusLog(page))?.visible.length ?? 0) >= 3, 15_000, 100);
    await waitFor('the relay connected', async () => (await status()).relay === 'connected', 15_000, 100);
    const before = (await received(page)).length;
    await relay.close();
    await waitFor('the relay gone', async () => (await status()).relay !== 'connected', 10_000, 50);
    // A change the page draws comes after it: the page hears of it, and of nothing before it.
    await ext.serviceWorker.evaluate(() =>
      chrome.runtime.sendMessage({ to: 'offscreen', type: 'simulate-disconnect' }),
    );
    await waitFor(
      'the page told of the lost signal',
      async () => (await received(page)).slice(before).some((m) => m.type === 'status' && m.state === 'signal-lost'),
      10_000,
      50,
    );
    const statuses = (await received(page)).slice(before).filter((m) => m.type === 'status');
    expect(statuses[0]).toEqual({ type: 'status', state: 'signal-lost' });
    await waitFor('streaming again', async () => (await status()).state === 'streaming', 15_000, 50);
    await page.close();
  }, 60_000);

  it('switched off, a tab receives nothing in 60 s of streaming', async () => {
    // The carer's switch off (popup): no page draws anything, while the headset goes on streaming.
    const ctl = await ext.context.newPage();
    await ctl.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    await ctl.evaluate(() =>
      chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { on: false } }),
    );
    await ctl.close();
    const idle = await ext.context.newPage();
    await idle.goto(`${site.url}link.html`);
    // Loaded (its content script answers), it asked once for what it draws: the status, layout and control.
    await waitFor(
      'the idle tab set up',
      () =>
        received(idle).then(
          (ms) => ms.some((m) => m.type === 'control'),
          () => false,
        ),
      10_000,
    );
    const before = await received(idle);
    await waitStreamSeconds(idle, 60);
    expect((await status()).state).toBe('streaming');
    // Nothing but the heartbeats that go to the tab in front (its score bars, drawn while on).
    expect((await received(idle)).slice(before.length).filter((m) => m.type !== 'heartbeat')).toEqual([]);
  }, 90_000);
});
