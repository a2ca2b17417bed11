import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { headset } from '../../src/core/devices/registry';
import { encodeMuse12 } from '../../src/core/devices/muse';
import type { LaunchedExtension } from '../../src/node/chromium';
import { loadRecording } from '../../src/node/files';
import { haveMuse, MUSE } from '../helpers/dataset';
import { waitFor } from '../helpers/wait';
import { lastBeat, launchFresh } from './harness';

/**
 * A Bluetooth headset through the Connect page's port, as Web Bluetooth
 * would deliver it (Debian's Chromium has none): notifications encoded from
 * a real Muse recording go through the function the page's notification
 * handler calls, and must come out of the offscreen document's one device
 * session as the recording's samples, with the headset table's stream
 * description, its loss counted, the start and stop commands written back,
 * and the headset closed when the port closes.
 */
const SECONDS = 10;
const FIRST_INDEX = 40_000;
/** The notification left out: electrode AF8 of the 50th packet (its 12 samples are lost). */
const DROPPED = { packet: 50, electrode: 2 };
/** Muse samples are 12-bit: 0.48828125 uV per step. */
const HALF_STEP = 0.48828125 / 2;

interface Notification {
  source: number;
  bytes: number[];
}

interface LinkState {
  writes: number[][];
  closed: boolean;
  fed: boolean;
  live: { channels: string[]; sampleRate: number; data: number[][]; samplesLost: number }[];
}

let ext: LaunchedExtension;
let connectPage: Page;
let samples: number[][];
let notifications: Notification[];

type Status = { state: string; device: string; deviceName?: string; samplesLost: number };
const status = () =>
  ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('status')).status as Status);

/** The Connect page's state of the test link (writes it was asked to make, closed, what the live feed sent). */
const linkState = () => connectPage.evaluate(() => (window as unknown as { testLink: LinkState }).testLink);

/**
 * In the Connect page: connect as its Connect button does (settings, then
 * the link through its own openHeadsetPort), subscribe to the live feed,
 * and feed `batches` (one second of notifications each, ten a second).
 */
async function openAndFeed(batches: Notification[][]): Promise<void> {
  await connectPage.evaluate(async (batches) => {
    type Port = { notify(source: number, bytes: Uint8Array): void; close(): void };
    const w = window as unknown as {
      testLink: LinkState;
      testPort: Port;
      brainbrowsrHeadsetPort: (
        device: string,
        name: string,
        o: { write: (b: Uint8Array) => Promise<void>; onClosed: () => void },
      ) => Port;
    };
    const state: LinkState = { writes: [], closed: false, fed: false, live: [] };
    w.testLink = state;
    chrome.runtime.onMessage.addListener((m: { to?: string; type?: string } & LinkState['live'][number]) => {
      if (m.to === 'pages' && m.type === 'live') state.live.push(m);
    });
    await chrome.runtime.sendMessage({ to: 'background', type: 'connect', device: 'muse' });
    const subscribe = () => void chrome.runtime.sendMessage({ to: 'offscreen', type: 'live-subscribe' });
    subscribe();
    const renew = setInterval(subscribe, 500);
    w.testPort = w.brainbrowsrHeadsetPort('muse', 'Muse-S test', {
      write: (b) => {
        state.writes.push(Array.from(b));
        return Promise.resolve();
      },
      onClosed: () => {
        state.closed = true;
        clearInterval(renew);
      },
    });
    // Ten times real time: one second of notifications every 100 ms (not awaited: the test watches it stream).
    void (async () => {
      for (const batch of batches) {
        for (const n of batch) w.testPort.notify(n.source, Uint8Array.from(n.bytes));
        await new Promise((r) => setTimeout(r, 100));
      }
      state.fed = true;
    })();
  }, batches);
}

beforeAll(async () => {
  if (!haveMuse()) return;
  const rec = loadRecording(`${MUSE}/sub-03_ses-2_run-1.bdf`);
  expect(rec.channels.slice(0, 4).map((c) => c.label)).toEqual(['TP9', 'AF7', 'AF8', 'TP10']);
  const packets = Math.floor((SECONDS * 256) / 12);
  samples = rec.data.slice(0, 4).map((c) => Array.from(c.subarray(0, packets * 12)));
  notifications = [];
  for (let p = 0; p < packets; p++) {
    for (let e = 0; e < 4; e++) {
      if (p === DROPPED.packet && e === DROPPED.electrode) continue;
      const values = samples[e].slice(p * 12, p * 12 + 12);
      notifications.push({ source: e, bytes: Array.from(encodeMuse12((FIRST_INDEX + p) & 0xffff, values)) });
    }
  }
  ext = await launchFresh();
  connectPage = await ext.context.newPage();
  await connectPage.goto(`chrome-extension://${ext.extensionId}/src/connect/connect.html`);
}, 60_000);

afterAll(async () => {
  await ext?.close();
});

describe.skipIf(!haveMuse())('a Bluetooth headset through the Connect page port', () => {
  it('streams a recorded Muse through the offscreen device session: samples, stream description, loss, commands', async () => {
    const perSecond = Math.ceil(notifications.length / SECONDS);
    const batches = Array.from({ length: SECONDS }, (_, s) => notifications.slice(s * perSecond, (s + 1) * perSecond));
    // The service worker's heartbeat listener, before any sample flows.
    expect(await lastBeat(connectPage)).toBeUndefined();
    await openAndFeed(batches);
    const streaming = await waitFor(
      'the Muse streaming',
      async () => {
        const s = await status();
        return s?.state === 'streaming' ? s : undefined;
      },
      10_000,
      20,
    );
    expect(streaming.device).toBe('muse');
    expect(streaming.deviceName).toBe('Muse-S test');
    // The session started the headset as the table says, through the page's control characteristic.
    expect((await linkState()).writes).toEqual(headset('muse').bluetooth!.start.map((c) => Array.from(c)));
    // The worker classifies it: heartbeats up to the end of what was fed (a 2 s window every 0.25 s).
    await waitFor('all the data fed', async () => (await linkState()).fed, 20_000, 50);
    await waitFor(
      `heartbeats up to ${SECONDS - 0.5} s of stream time`,
      async () => ((await lastBeat(connectPage))?.t ?? 0) >= SECONDS - 0.5,
      10_000,
      50,
    );
    // One notification dropped: its packet's 12 samples are counted lost, once.
    await waitFor('the loss counted', async () => (await status()).samplesLost === 12, 5000, 50);
    const live = (await linkState()).live;
    expect(live.length).toBeGreaterThan(0);
    expect(live.map((m) => [m.channels, m.sampleRate])).toEqual(live.map(() => [['TP9', 'AF7', 'AF8', 'TP10'], 256]));
    expect(live.at(-1)!.samplesLost).toBe(12);
    // The samples are the recording's (to the Muse's 12-bit step), in order, without the dropped packet.
    const kept = samples.map((c) => [...c.slice(0, DROPPED.packet * 12), ...c.slice(DROPPED.packet * 12 + 12)]);
    const got = [0, 1, 2, 3].map((c) => live.flatMap((m) => m.data[c]));
    expect(got[0].length).toBe(kept[0].length);
    const worst = Math.max(...got.flatMap((c, ch) => c.map((v, i) => Math.abs(v - kept[ch][i]))));
    expect(worst).toBeLessThanOrEqual(HALF_STEP + 1e-3);
  }, 60_000);

  it('a closed port closes the headset: the status is cleared', async () => {
    await connectPage.evaluate(() => (window as unknown as { testPort: { close(): void } }).testPort.close());
    const s = await waitFor(
      'the headset closed',
      async () => {
        const s = await status();
        return s?.state === 'off' ? s : undefined;
      },
      5000,
      20,
    );
    expect(s.device).toBe('none');
    expect(s.deviceName).toBeUndefined();
  });

  it('disconnecting in the extension stops the headset and closes the page link', async () => {
    await openAndFeed([notifications.slice(0, 200)]);
    await waitFor('streaming again', async () => (await status())?.state === 'streaming', 10_000, 20);
    await ext.serviceWorker.evaluate(() => chrome.runtime.sendMessage({ to: 'offscreen', type: 'disconnect' }));
    await waitFor('the page link closed', async () => (await linkState()).closed, 5000, 20);
    const { writes } = await linkState();
    // Started, then stopped as the table says, before the link closed.
    const { start, stop } = headset('muse').bluetooth!;
    expect(writes).toEqual([...start, ...stop].map((c) => Array.from(c)));
    expect((await status()).state).toBe('off');
  });
});
