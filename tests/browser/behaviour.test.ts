import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startRelay, type Relay } from '../../relay/server';
import { DEFAULT_LAYOUT } from '../../src/core/protocol/layout';
import type { LaunchedExtension } from '../../src/node/chromium';
import { serveDemo } from '../../src/node/demo-server';
import { waitFor } from '../helpers/wait';
import { freePort } from '../helpers/free-port';
import {
  chooseInMenu,
  labels,
  launchFresh,
  pairRelay,
  lastBeat,
  look,
  lookAway as lookAwayFrom,
  openMenuOn,
  selectTarget,
  stimulusLog,
  switchOnSimulated,
  waitRearmed,
  waitStreamSeconds,
} from './harness';

/** Actions, gaze, pausing, restarts and settings of the built extension (test build) in Chromium, switched on. */
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof serveDemo>>;
let page: Page;
const actions: string[] = [];

/**
 * The simulated headset at 10x real time: "nothing happens for N s" waits
 * N s of headset data (stream time), a look selects in a fraction of a second.
 */
const SPEED = 10;

/** The simulated person looks at nothing, whichever page is in front (or loading). */
const lookAway = () => lookAwayFrom(page);

async function state(): Promise<string> {
  return ext.serviceWorker.evaluate(
    async () => ((await chrome.storage.session.get('status')).status as { state: string })?.state,
  );
}

const select = (p: Page, key: number, expectText: RegExp) => selectTarget(actions, p, key, expectText);

/** The targets flickering on the page in front (Previous waits for a post before the current one). */
const targetsDrawn = (p: Page) =>
  waitFor('targets drawn', async () => ((await stimulusLog(p))?.visible.length ?? 0) >= 3, 15_000, 100);

const current = (p: Page) => p.evaluate(() => document.querySelector('article[data-brainbrowsr-current]')?.id ?? null);

function watch(p: Page): void {
  p.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
}

beforeAll(async () => {
  site = await serveDemo();
  ext = await launchFresh();
  await switchOnSimulated(ext, { speed: SPEED });
  page = await ext.context.newPage();
  watch(page);
  await page.goto(site.url);
  await waitFor('streaming', async () => (await state()) === 'streaming', 20_000);
  await targetsDrawn(page);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

describe('page actions', () => {
  it('pointing at a target while holding Alt+Shift selects it: like the current post, then Undo takes it back', async () => {
    const box = await page.evaluate(() => {
      // The overlay's shadow root is closed: find the top-left target by its position instead.
      return { x: 12 + 80, y: 12 + 80 };
    });
    const n = actions.length;
    // Without the modifiers the pointer resting on a target does nothing.
    await page.mouse.move(box.x, box.y);
    await waitStreamSeconds(page, 4);
    expect(actions.slice(n)).toEqual([]);
    await page.keyboard.down('Alt');
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + 1, box.y + 1);
    await waitFor('like', () => actions.slice(n).some((a) => /-> like: Liked/.test(a)), 6000);
    await page.mouse.move(600, 450);
    await page.keyboard.up('Shift');
    await page.keyboard.up('Alt');
    await waitRearmed(page, (await lastBeat(page))?.t);
    const liked = await page.evaluate(() =>
      document.querySelector('article[data-brainbrowsr-current] button.like')?.getAttribute('aria-pressed'),
    );
    expect(liked).toBe('true');
    // For a few seconds the Menu target offers to take the like back.
    await waitFor('the undo offer', async () => (await labels(page))[1] === 'Undo: Unlike', 3000, 100);
    await select(page, 2, /-> undo: Like removed/);
    expect(
      await page.evaluate(() =>
        document.querySelector('article[data-brainbrowsr-current] button.like')?.getAttribute('aria-pressed'),
      ),
    ).toBe('false');
  }, 30_000);

  it('next and previous move between posts and mark the current one', async () => {
    const start = await current(page);
    const startIndex = start ? Number(start.split('-')[1]) : 1;
    await select(page, 4, /-> next-post/);
    expect(await current(page)).toBe(`post-${startIndex + 1}`);
    await select(page, 4, /-> next-post/);
    expect(await current(page)).toBe(`post-${startIndex + 2}`);
    await select(page, 3, /-> previous-post/);
    expect(await current(page)).toBe(`post-${startIndex + 1}`);
  }, 40_000);

  it('sleep: asleep targets cannot be selected; the wake target stays and wakes them', async () => {
    await openMenuOn(actions, page, 'feed');
    await chooseInMenu(actions, page, 'Sleep', /-> sleep: Asleep/);
    const before = await current(page);
    const n = actions.length;
    await look(page, 4); // "Next" is asleep now
    await waitStreamSeconds(page, 5);
    await look(page, 0);
    expect(actions.slice(n)).toEqual([]);
    expect(await current(page)).toBe(before);
    await waitRearmed(page, (await lastBeat(page))?.t);
    await select(page, 2, /-> wake: Awake/);
    await select(page, 4, /-> next-post/);
  }, 90_000);

  it('on a page without posts: scroll down, scroll up, Back from the menu', async () => {
    await page.goto(`${site.url}plain.html`);
    // Scroll down drawn (scroll up stays hidden at the top) and the last look re-armed.
    await waitFor('scroll down drawn', async () => (await stimulusLog(page))?.visible.includes(3), 15_000, 100);
    await waitRearmed(page, undefined);
    await select(page, 4, /-> scroll-down/);
    const down = await page.evaluate(() => window.scrollY);
    expect(down).toBeGreaterThan(300);
    await select(page, 3, /-> scroll-up/);
    expect(await page.evaluate(() => window.scrollY)).toBeLessThan(down);
    await openMenuOn(actions, page, 'page');
    await chooseInMenu(actions, page, 'Back', /-> back: /);
    // The look-away key went to a page being left: look away through the extension instead.
    await lookAway();
    await waitFor('back on the feed', () => page.url() === site.url, 5000);
  }, 90_000);
});

describe('pausing and restarts', () => {
  it('makes no selection while the tab is hidden, and selects again once it is back in front', async () => {
    // "Next" must not be the target just selected and still looked at (it re-arms only once looked away from).
    await lookAway();
    await page.goto(site.url);
    await targetsDrawn(page);
    await waitRearmed(page, undefined);
    // A tab without targets in front (content scripts do not run on about:blank).
    const other = await ext.context.newPage();
    await other.goto('about:blank');
    await other.bringToFront();
    // The pipeline told that no squares are on screen: it pauses.
    await waitFor('the pipeline paused', async () => (await lastBeat(page))?.state === 'paused', 5000, 50);
    const n = actions.length;
    // The user keeps looking at "Next" (19 Hz) while the feed tab is hidden.
    await ext.serviceWorker.evaluate(() =>
      chrome.runtime.sendMessage({ to: 'offscreen', type: 'gaze', frequency: 19 }),
    );
    await waitStreamSeconds(page, 5);
    expect(actions.slice(n)).toEqual([]);
    await other.close();
    await page.bringToFront();
    await waitFor('next on the feed', () => actions.slice(n).some((a) => /-> next-post/.test(a)), 8000);
    await lookAway();
    await waitRearmed(page, (await lastBeat(page))?.t);
  }, 40_000);

  it('keeps streaming and acting when the service worker is stopped and restarted', async () => {
    await look(page, 0);
    await waitRearmed(page, undefined);
    await ext.serviceWorker.evaluate(() => {
      (self as unknown as { marker: number }).marker = 1;
    });
    const cdp = await ext.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string }[];
    };
    const sw = targetInfos.find((t) => t.type === 'service_worker')!;
    await cdp.send('Target.closeTarget', { targetId: sw.targetId });
    // A fresh worker (its globals are gone) with the same state from storage.
    const marker = () =>
      ext.serviceWorker.evaluate(() => (self as unknown as { marker?: number }).marker).catch(() => 'no worker');
    await waitFor('a fresh service worker', async () => (await marker()) === undefined, 10_000, 100);
    expect(await marker()).toBeUndefined();
    expect(await state()).toBe('streaming');
    const before = await current(page);
    await select(page, 4, /-> next-post/);
    expect(await current(page)).not.toBe(before);
  }, 30_000);

  it('publishes to a relay started later, and again after the relay restarts', async () => {
    // Paired first (the token the relay will print), the relay not yet running: the extension looks for it.
    const token = 'behaviour-test-token-1234';
    const port = await freePort();
    await pairRelay(ext, { port, token, on: true });
    let relay: Relay = await startRelay({ port, host: '127.0.0.1', token, allowOrigins: [] });
    await waitFor('the extension publishing', () => relay.stats().publisher, 40_000, 250);
    await relay.close();
    relay = await startRelay({ port, host: '127.0.0.1', token, allowOrigins: [] });
    await waitFor('the extension publishing again', () => relay.stats().publisher, 40_000, 250);
    await relay.close();
  }, 90_000);
});

describe('settings and pages', () => {
  it('refuses a frequency the display cannot render and applies a new layout without reload', async () => {
    const layout = {
      ...DEFAULT_LAYOUT,
      targets: DEFAULT_LAYOUT.targets.map((t) => (t.index === 2 ? { ...t, frequency: 45 } : t)),
    };
    // Settings come from an extension page (the service worker does not receive its own messages).
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    const apply = (l: typeof layout) =>
      popup.evaluate(
        (l) =>
          chrome.runtime.sendMessage({
            to: 'background',
            type: 'set-settings',
            settings: { device: 'simulated', mains: 50, relay: true, layout: l },
          }),
        l,
      );
    await apply(layout);
    await page.bringToFront();
    await waitFor('the new layout drawn', async () => (await stimulusLog(page))?.frequencies[2] === 45, 10_000, 100);
    const log = await stimulusLog(page);
    if (!log) throw new Error('the content script did not answer with its stimulus log');
    expect(log.frequencies[2]).toBe(45);
    expect(log.refreshRate).toBeLessThan(90);
    expect(log.refused).toEqual([2]);
    await apply(DEFAULT_LAYOUT);
    await popup.close();
  }, 30_000);

  it('the Connect page shows the chosen simulated headset and says plainly that Bluetooth is unavailable', async () => {
    const connect = await ext.context.newPage();
    await connect.goto(`chrome-extension://${ext.extensionId}/src/connect/connect.html`);
    await connect.waitForSelector('input[name=device]');
    expect(await connect.locator('input[value=simulated]').isChecked()).toBe(true);
    expect(await connect.locator('input[value=ganglion]').isDisabled()).toBe(true);
    expect(await connect.textContent('body')).toMatch(/This browser cannot reach Bluetooth headsets/);
    await waitFor(
      'status shown',
      async () => /Connected: receiving the signal/.test((await connect.textContent('#status')) ?? ''),
      5000,
    );
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    await waitFor('popup status', async () => (await popup.getAttribute('#state', 'data-state')) === 'streaming', 5000);
    expect(await popup.textContent('#state')).toBe('Headset connected');
    await popup.close();
    await connect.close();
  });
});
