import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  encodeGanglion,
  encodeGanglionFw3,
  GANGLION_ROUND_SAMPLES,
  GANGLION_UV_PER_COUNT,
} from '../../src/core/devices/ganglion';
import { headset, type HeadsetKind } from '../../src/core/devices/registry';
import { encodeMuse12 } from '../../src/core/devices/muse';
import type { LaunchedExtension } from '../../src/node/chromium';
import { loadRecording } from '../../src/node/files';
import { ganglionChannels, ganglionTolerance, haveDataset, haveMuse, MUSE } from '../helpers/dataset';
import { waitFor } from '../helpers/wait';
import { lastBeat, launchFresh } from './harness';

/**
 * Bluetooth headsets through the Connect page's port, as Web Bluetooth
 * would deliver them (Debian's Chromium has none): notifications encoded
 * from real recordings (a Muse's; EEG sent as a Ganglion's) go through the
 * function the page's notification handler calls, and must come out of the
 * offscreen document's one device session as the recording's samples, with
 * the headset table's stream description, their loss counted, the start
 * and stop commands written back, and the headset closed when the port
 * closes. One browser for the file.
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

/** Ten rounds of the Ganglion's firmware 2 (a raw packet and 100 delta packets each): 10.05 s. */
const GANGLION_ROUNDS = 10;
/**
 * Left out: a delta packet (it and the rest of its round never decode) and
 * another round's raw packet (its whole round never decodes). Round r's
 * notifications are r x 101 + p (p = 0 the raw packet), its samples
 * r x 201 + j (j = 0 to 200).
 */
const GANGLION_DROPPED = [
  { round: 2, packet: 30, samples: [2 * 201 + 59, 2 * 201 + 200] },
  { round: 6, packet: 0, samples: [6 * 201, 6 * 201 + 200] },
];

let ext: LaunchedExtension;
let connectPage: Page;
let samples: number[][];
let notifications: Notification[];
let ganglionSamples: number[][];
let ganglionNotifications: Notification[];

type Status = { state: string; device: string; deviceName?: string; samplesLost: number };
const status = () =>
  ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('status')).status as Status);

/** The Connect page's state of the test link (writes it was asked to make, closed, what the live feed sent). */
const linkState = () => connectPage.evaluate(() => (window as unknown as { testLink: LinkState }).testLink);

/**
 * In the Connect page: connect `device` as its Connect button does
 * (settings, then the link through its own openHeadsetPort, named `name` as
 * the chooser would), subscribe to the live feed, and feed `batches` (one
 * second of notifications each, ten a second).
 */
async function openAndFeed(
  device: HeadsetKind,
  name: string,
  batches: Notification[][],
  firmware?: string,
): Promise<void> {
  await connectPage.evaluate(
    async ({ device, name, batches, firmware }) => {
      type Port = { notify(source: number, bytes: Uint8Array): void; close(): void };
      const w = window as unknown as {
        testLink: LinkState;
        testPort: Port;
        brainbrowsrHeadsetPort: (
          device: string,
          name: string,
          o: { write: (b: Uint8Array) => Promise<void>; onClosed: () => void; firmware?: string },
        ) => Port;
      };
      const state: LinkState = { writes: [], closed: false, fed: false, live: [] };
      w.testLink = state;
      chrome.runtime.onMessage.addListener((m: { to?: string; type?: string } & LinkState['live'][number]) => {
        if (m.to === 'pages' && m.type === 'live') state.live.push(m);
      });
      await chrome.runtime.sendMessage({ to: 'background', type: 'connect', device });
      const subscribe = () => void chrome.runtime.sendMessage({ to: 'offscreen', type: 'live-subscribe' });
      subscribe();
      const renew = setInterval(subscribe, 500);
      w.testPort = w.brainbrowsrHeadsetPort(device, name, {
        write: (b) => {
          state.writes.push(Array.from(b));
          return Promise.resolve();
        },
        onClosed: () => {
          state.closed = true;
          clearInterval(renew);
        },
        firmware,
      });
      // Ten times real time: one second of notifications every 100 ms (not awaited: the test watches it stream).
      void (async () => {
        for (const batch of batches) {
          for (const n of batch) w.testPort.notify(n.source, Uint8Array.from(n.bytes));
          await new Promise((r) => setTimeout(r, 100));
        }
        state.fed = true;
      })();
    },
    { device, name, batches, firmware },
  );
}

/** About one second of notifications per batch. */
function inSeconds(all: Notification[], seconds: number): Notification[][] {
  const batches = Math.ceil(seconds);
  const perBatch = Math.ceil(all.length / batches);
  return Array.from({ length: batches }, (_, s) => all.slice(s * perBatch, (s + 1) * perBatch));
}

/**
 * Feeds `seconds` of `device`'s notifications through the page's port and
 * checks what every headset's path must give: the session streams under the
 * chooser's name, starts the headset as the table says, the worker
 * classifies it all, `lost` samples are counted, once, and the live feed
 * describes the stream as the headset table does (`described`: the table's
 * row for `device`, spelt out). Returns what the live feed carried, by channel.
 */
async function streamThrough(
  device: HeadsetKind,
  name: string,
  fed: Notification[],
  /** `firmware`: what the headset says of its firmware on connecting (the Connect page reads it). */
  o: { seconds: number; lost: number; described: [string[], number]; firmware?: string },
): Promise<number[][]> {
  const { seconds, lost } = o;
  // The service worker's heartbeat listener, before any sample of this stream flows.
  await forgetBeats();
  expect(await lastBeat(connectPage)).toBeUndefined();
  await openAndFeed(device, name, inSeconds(fed, seconds), o.firmware);
  const streaming = await waitFor(
    `the ${device} streaming`,
    async () => {
      const s = await status();
      return s?.state === 'streaming' ? s : undefined;
    },
    10_000,
    20,
  );
  expect(streaming.device).toBe(device);
  expect(streaming.deviceName).toBe(name);
  // The session started the headset as the table says, through the page's control characteristic.
  expect((await linkState()).writes).toEqual(headset(device).bluetooth!.start.map((c) => Array.from(c)));
  // The live feed describes the stream as the table's row does.
  const spec = headset(device);
  expect([spec.channelNames(spec.channels), spec.sampleRate]).toEqual(o.described);
  const describedAs = async () => (await linkState()).live.map((m) => [m.channels, m.sampleRate]);
  await waitFor('the live feed', async () => (await describedAs()).length > 0, 5000, 20);
  const early = await describedAs();
  expect(early).toEqual(early.map(() => o.described));
  // The worker classifies it: heartbeats up to the end of what was fed (a 2 s window every 0.25 s;
  // its stream time counts the samples it got).
  const received = seconds - lost / spec.sampleRate;
  await waitFor('all the data fed', async () => (await linkState()).fed, 20_000, 50);
  await waitFor(
    `heartbeats up to ${received - 0.5} s of stream time`,
    async () => ((await lastBeat(connectPage))?.t ?? 0) >= received - 0.5,
    10_000,
    50,
  );
  await waitFor(`${lost} samples counted lost`, async () => (await status()).samplesLost === lost, 5000, 50);
  const live = (await linkState()).live;
  expect(live.map((m) => [m.channels, m.sampleRate])).toEqual(live.map(() => o.described));
  expect(live.at(-1)!.samplesLost).toBe(lost);
  return o.described[0].map((_, c) => live.flatMap((m) => m.data[c]));
}

/** Forgets the last heartbeat seen: the next stream's must be its own. */
async function forgetBeats(): Promise<void> {
  await ext.serviceWorker.evaluate(() => {
    delete (self as unknown as { testBeat?: unknown }).testBeat;
  });
}

/**
 * Streams a little of `fed` again, then disconnects from the extension: the
 * session must stop the headset with the table's commands, then close the page link.
 */
async function disconnectFromExtension(device: HeadsetKind, name: string, fed: Notification[]): Promise<void> {
  await openAndFeed(device, name, [fed.slice(0, 200)]);
  await waitFor('streaming again', async () => (await status())?.state === 'streaming', 10_000, 20);
  await ext.serviceWorker.evaluate(() => chrome.runtime.sendMessage({ to: 'offscreen', type: 'disconnect' }));
  await waitFor('the page link closed', async () => (await linkState()).closed, 5000, 20);
  const { writes } = await linkState();
  // Started, then stopped as the table says, before the link closed.
  const { start, stop } = headset(device).bluetooth!;
  expect(writes).toEqual([...start, ...stop].map((c) => Array.from(c)));
  expect((await status()).state).toBe('off');
}

beforeAll(async () => {
  if (!haveMuse() && !haveDataset()) return;
  if (haveMuse()) prepareMuse();
  if (haveDataset()) prepareGanglion();
  ext = await launchFresh();
  connectPage = await ext.context.newPage();
  await connectPage.goto(`chrome-extension://${ext.extensionId}/src/connect/connect.html`);
}, 60_000);

function prepareMuse(): void {
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
}

function prepareGanglion(): void {
  ganglionSamples = ganglionChannels(GANGLION_ROUNDS * GANGLION_ROUND_SAMPLES);
  const gone = new Set(GANGLION_DROPPED.map((d) => d.round * 101 + d.packet));
  ganglionNotifications = encodeGanglion(ganglionSamples)
    .filter((_, k) => !gone.has(k))
    .map((p) => ({ source: 0, bytes: Array.from(p) }));
}

afterAll(async () => {
  await ext?.close();
});

describe.skipIf(!haveMuse())('a Muse through the Connect page port', () => {
  it('streams a recorded Muse through the offscreen device session: samples, stream description, loss, commands', async () => {
    // One notification dropped: its packet's 12 samples are counted lost, once.
    const got = await streamThrough('muse', 'Muse-S test', notifications, {
      seconds: SECONDS,
      lost: 12,
      described: [['TP9', 'AF7', 'AF8', 'TP10'], 256],
    });
    // The samples are the recording's (to the Muse's 12-bit step), in order, without the dropped packet.
    const kept = samples.map((c) => [...c.slice(0, DROPPED.packet * 12), ...c.slice(DROPPED.packet * 12 + 12)]);
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
    await disconnectFromExtension('muse', 'Muse-S test', notifications);
  });
});

describe.runIf(haveDataset())('an OpenBCI Ganglion through the Connect page port', () => {
  const seconds = (GANGLION_ROUNDS * GANGLION_ROUND_SAMPLES) / 200;

  it('streams recorded Ganglion notifications through the same device session: samples, stream description, loss', async () => {
    // The left-out delta packet's round from it on, and the round of the left-out raw packet, never decode.
    const lost = GANGLION_DROPPED.reduce((n, d) => n + d.samples[1] - d.samples[0] + 1, 0);
    expect(lost).toBe(142 + 201);
    const got = await streamThrough('ganglion', 'Ganglion-1a2b', ganglionNotifications, {
      seconds,
      lost,
      described: [['ch1', 'ch2', 'ch3', 'ch4'], 200],
    });
    // The samples are the recording's, in order, without the lost ones, to the format's quantisation.
    const keptAt = ganglionSamples[0].flatMap((_, i) =>
      GANGLION_DROPPED.some((d) => i >= d.samples[0] && i <= d.samples[1]) ? [] : [i],
    );
    expect(got[0].length).toBe(keptAt.length);
    const off = got.flatMap((channel, c) =>
      keptAt.flatMap((i, k) => {
        const want = ganglionSamples[c][i];
        const error = Math.abs(channel[k] - want);
        return error <= ganglionTolerance(i, want) ? [] : [{ c, i, error }];
      }),
    );
    expect(off).toEqual([]);
  }, 60_000);

  it('disconnecting in the extension stops the Ganglion and closes the page link', async () => {
    await disconnectFromExtension('ganglion', 'Ganglion-1a2b', ganglionNotifications);
  });

  it('a board that says it runs firmware 3 is decoded as firmware 3 by the same session', async () => {
    // 10 s as firmware 3 sends them (no deltas: each value shifted, its sign in bit 0; of each round of 201
    // samples the board sends 200, two a notification); one notification left out.
    const fw3 = ganglionSamples.map((c) => c.slice(0, 2000));
    const carried = fw3[0].flatMap((_, i) =>
      i % 201 < 200 && (i % 201) % 2 === 0 && i + 1 < 2000 ? [[i, i + 1]] : [],
    );
    const gone = 300;
    const fed = encodeGanglionFw3(fw3)
      .filter((_, k) => k !== gone)
      .map((p) => ({ source: 0, bytes: Array.from(p) }));
    expect(fed).toHaveLength(carried.length - 1);
    // Lost: the left-out notification's two samples, and one sample at each of the 9 round ends (never sent).
    const got = await streamThrough('ganglion', 'Ganglion-3c4d', fed, {
      seconds: 10,
      lost: 2 + 9,
      described: [['ch1', 'ch2', 'ch3', 'ch4'], 200],
      firmware: '3.0.2',
    });
    const keptAt = carried.filter((_, k) => k !== gone).flat();
    expect(got[0].length).toBe(keptAt.length);
    // Within the format's step (64 counts, twice where bit 0 carries the sign); read as firmware 2 they are not.
    const tolerance = 2 * 64 * GANGLION_UV_PER_COUNT + 1e-3;
    const off = got.flatMap((channel, c) =>
      keptAt.flatMap((i, k) => (Math.abs(channel[k] - fw3[c][i]) <= tolerance ? [] : [{ c, i }])),
    );
    expect(off).toEqual([]);
  }, 60_000);
});
