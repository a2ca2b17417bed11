import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import WebSocket from 'ws';
import { startRelay, type Relay } from '../../relay/server';
import { EXTENSION_ID } from '../../src/core/protocol/extension-identity';
import type { HeartbeatMessage } from '../../src/core/protocol/relay';
import type { LaunchedExtension } from '../../src/node/chromium';
import { serveDemo } from '../../src/node/demo-server';
import { messageText, parseBrainServR, parseFrame } from '../helpers/relay-client';
import { waitFor } from '../helpers/wait';
import { launchFresh, look, pairRelay, restartSimulated, stimulusLog, switchOnSimulated, waitRearmed } from './harness';

/**
 * The built extension (npm run build -> dist/) in Debian's Chromium,
 * headless, with the simulated headset, the demo feed and a real relay the
 * extension is paired with; consent given and the switch on.
 */
/** The simulated headset's speed while nothing is looked at: a minute of reading in 6 s. */
const READING_SPEED = 10;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof serveDemo>>;
let relay: Relay;
let page: Page;
const actions: { text: string; at: number }[] = [];

async function status(): Promise<{ state: string; calibrated: boolean; relay: string }> {
  return ext.serviceWorker.evaluate(
    async () =>
      (await chrome.storage.session.get('status')).status as { state: string; calibrated: boolean; relay: string },
  );
}

const current = () => page.evaluate(() => document.querySelector('article[data-brainbrowsr-current]')?.id ?? null);

beforeAll(async () => {
  const token = 'browser-test-token-123456';
  relay = await startRelay({ port: 0, host: '127.0.0.1', token, allowOrigins: [] });
  site = await serveDemo();
  ext = await launchFresh();
  await pairRelay(ext, { port: relay.port, token, on: true });
  await switchOnSimulated(ext);
  page = await ext.context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push({ text: m.text(), at: Date.now() });
  });
  await page.goto(site.url);
  await waitFor('streaming', async () => (await status())?.state === 'streaming', 20_000);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
  await relay?.close();
});

describe('the extension in Chromium', () => {
  it('loads with its fixed id; the offscreen document and its worker run', async () => {
    expect(ext.extensionId).toBe(EXTENSION_ID);
    const contexts = await ext.serviceWorker.evaluate(async () =>
      (await chrome.runtime.getContexts({})).map((c) => c.contextType),
    );
    expect(contexts).toContain('OFFSCREEN_DOCUMENT');
    const s = await status();
    expect(s.state).toBe('streaming');
    // The worker classifies: it reports the simulated user's calibrated profile, and heartbeats reach the relay.
    await waitFor('the worker ready with a calibrated profile', async () => (await status()).calibrated, 10_000);
    const sub = new WebSocket(`ws://127.0.0.1:${relay.port}/`, ['brainbrowsr.v2']);
    const beat = await new Promise<HeartbeatMessage>((resolve, reject) => {
      sub.on('message', (d) => {
        const m = parseFrame(messageText(d));
        if (m.type === 'heartbeat') resolve(m);
      });
      setTimeout(() => reject(new Error('no heartbeat')), 10_000);
    });
    sub.close();
    expect(beat.scores).toHaveLength(4);
    expect(await ext.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('ON');
  });

  it('gazing at "next" centres the next post within 5 s, and a relay client receives "3"', async () => {
    const sub = new WebSocket(`ws://127.0.0.1:${relay.port}/`);
    const frames: string[] = [];
    sub.on('message', (d) => frames.push(messageText(d)));
    await new Promise((r) => sub.once('open', r));
    const before = await current();
    await look(page, 4);
    const started = Date.now();
    const moved = await waitFor(
      'the next post',
      async () => {
        const id = await current();
        return id && id !== before ? id : undefined;
      },
      5000,
    );
    // Centred: the smooth scroll settles with the post in the middle of the viewport.
    await waitFor(
      'the post centred',
      () =>
        page.evaluate((id) => {
          const r = document.getElementById(id)!.getBoundingClientRect();
          return Math.abs(r.top + r.height / 2 - window.innerHeight / 2) < window.innerHeight * 0.05;
        }, moved),
      5000 - (Date.now() - started),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    await look(page, 0);
    expect(moved).toBe(before === null ? 'post-2' : `post-${Number(before.split('-')[1]) + 1}`);
    await waitFor('"3" on the relay', () => frames.includes('"3"'), 3000);
    expect(frames[0]).toBe('"Connected with the server"');
    expect(frames.filter((f) => !['"Connected with the server"', '"classification running"'].includes(f))).toEqual([
      '"3"',
    ]);
    sub.close();
  });

  it('60 s of reading the post (no target looked at) triggers nothing', async () => {
    await look(page, 0);
    await page.mouse.move(600, 450); // over the post, away from every target
    // 60 s of headset data at 10x real time: the same minute through the same pipeline, in 6 s.
    await restartSimulated(ext, READING_SPEED);
    await waitRearmed(page, undefined);
    const n = actions.length;
    const where = await current();
    const detections: string[] = [];
    const sub = new WebSocket(`ws://127.0.0.1:${relay.port}/`);
    sub.on('message', (d) => {
      const f = parseBrainServR(messageText(d));
      if (/^\d+$/.test(f)) detections.push(f);
    });
    // How much headset data was classified meanwhile: the heartbeats' stream times, as a v2 client sees them.
    const beats: number[] = [];
    const v2 = new WebSocket(`ws://127.0.0.1:${relay.port}/`, ['brainbrowsr.v2']);
    v2.on('message', (d) => {
      const m = parseFrame(messageText(d));
      if (m.type === 'heartbeat' && m.time !== undefined) beats.push(m.time);
    });
    await waitFor(
      '60 s of headset data classified',
      () => beats.length > 0 && beats.at(-1)! - beats[0] >= 60,
      60_000,
      200,
    );
    v2.close();
    sub.close();
    expect(actions.slice(n)).toEqual([]);
    expect(detections).toEqual([]);
    expect(await current()).toBe(where);
    expect((await status()).state).toBe('streaming');
    // The other tests run at real time (the look's latency above, the drawing below).
    await restartSimulated(ext, 1);
  }, 90_000);

  it('draws each target at its frequency within 0.05 Hz over 10 s, frame by frame', async () => {
    // 10 s of frames drawn since the squares came back (the headset was restarted just before).
    await waitFor('targets drawn', async () => ((await stimulusLog(page))?.visible.length ?? 0) >= 3, 10_000, 100);
    const since = await page.evaluate(() => performance.now());
    await waitFor(
      '10 s of frames',
      async () => ((await stimulusLog(page))?.log.at(-1)?.ts ?? 0) >= since + 10_500,
      20_000,
      250,
    );
    const log = await stimulusLog(page, 100_000);
    if (!log) throw new Error('the content script did not answer with its stimulus log');
    const t0 = log.log.at(-1)!.ts - 10_000;
    const frames = log.log.filter((f) => f.ts >= t0);
    expect(frames.length).toBeGreaterThan(log.refreshRate * 9);
    log.frequencies.forEach((f, k) => {
      // The frequency whose sinusoid best fits the drawn luminance against the frames' time stamps.
      const ts = frames.map((fr) => (fr.ts - t0) / 1000);
      const v = frames.map((fr) => (fr.values[k] ?? 0.5) - 0.5);
      let best = 0;
      let bestPower = -1;
      for (let g = f - 0.5; g <= f + 0.5; g += 0.001) {
        let re = 0;
        let im = 0;
        for (let i = 0; i < ts.length; i++) {
          re += v[i] * Math.cos(2 * Math.PI * g * ts[i]);
          im += v[i] * Math.sin(2 * Math.PI * g * ts[i]);
        }
        const p = re * re + im * im;
        if (p > bestPower) {
          bestPower = p;
          best = g;
        }
      }
      expect(Math.abs(best - f)).toBeLessThan(0.05);
    });
  }, 30_000);

  it('shows "signal lost" when the headset disconnects, and recovers by itself', async () => {
    await ext.serviceWorker.evaluate(() =>
      chrome.runtime.sendMessage({ to: 'offscreen', type: 'simulate-disconnect' }),
    );
    await waitFor('signal lost', async () => (await status()).state === 'signal-lost', 5000, 50);
    expect(await ext.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');
    await waitFor('streaming again', async () => (await status()).state === 'streaming', 10_000);
    expect(await ext.serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('ON');
  }, 20_000);
});
