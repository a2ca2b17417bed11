import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { ShownHint } from '../../src/content/hints/report';
import type { MenuSnapshot } from '../../src/content/menu/menu-mode';
import type { ScanReport } from '../../src/content/one-switch';
import { DEFAULT_DECISION } from '../../src/core/online/decider';
import type { ToBackground } from '../../src/core/protocol/messages';
import type { Settings } from '../../src/core/state/settings';
import { pairThroughSettings } from '../../src/cli/commands/demo-pair';
import { DIST_TEST, launchWithExtension, type LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';

/**
 * Shared set-up of the browser tests: the test build (dist-test/, the only
 * one with test hooks) in Chromium, the welcome page it opens on install,
 * and switching the simulated headset on the way a carer would (consent,
 * a device, the switch), through the extension's own messages.
 */
export const WELCOME_PATH = 'src/welcome/welcome.html';

/** Launches the test build and waits for the welcome page a fresh install opens. */
export async function launchFresh(
  options: { dist?: string; keepWelcome?: boolean } = {},
): Promise<LaunchedExtension & { welcome?: Page }> {
  const ext = await launchWithExtension({ headless: true, dist: options.dist ?? DIST_TEST });
  const welcome = await waitFor(
    'the welcome page opened on install',
    () => ext.context.pages().find((p) => p.url().endsWith(WELCOME_PATH)),
    10_000,
    100,
  );
  if (!options.keepWelcome) {
    await welcome.close();
    return ext;
  }
  return { ...ext, welcome };
}

/** From an extension page: consent, the switch on, the simulated headset (optionally faster than real time). */
export async function switchOnSimulated(ext: LaunchedExtension, options: { speed?: number } = {}): Promise<void> {
  if (options.speed) await patchSettings(ext, { simulationSpeed: options.speed });
  const ctl = await ext.context.newPage();
  await ctl.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
  await ctl.evaluate(async () => {
    await chrome.runtime.sendMessage({
      to: 'background',
      type: 'set-control',
      patch: { consentAt: Date.now(), on: true },
    });
    await chrome.runtime.sendMessage({ to: 'background', type: 'connect', device: 'simulated' });
  });
  await ctl.close();
  await waitFor('streaming', async () => (await streamState(ext)) === 'streaming', 20_000);
}

/**
 * Changes settings as the studio's Apply does, from an extension page (the
 * service worker does not receive its own messages): `patch` over what is stored.
 */
export async function patchSettings(ext: LaunchedExtension, patch: Partial<Settings>): Promise<void> {
  const ctl = await ext.context.newPage();
  await ctl.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
  await ctl.evaluate(async (patch) => {
    const settings = await chrome.runtime.sendMessage<ToBackground, Settings>({
      to: 'background',
      type: 'get-settings',
    });
    await chrome.runtime.sendMessage({ to: 'background', type: 'set-settings', settings: { ...settings, ...patch } });
  }, patch);
  await ctl.close();
}

/** The stream's state as the service worker keeps it (off, connecting, streaming, ...). */
const streamState = (ext: LaunchedExtension) =>
  ext.serviceWorker.evaluate(
    async () => ((await chrome.storage.session.get('status')).status as { state: string } | undefined)?.state,
  );

/**
 * Stops the simulated headset and starts it again at another speed (it takes
 * the speed when it starts): a test can run minutes of headset data in
 * seconds, and the next one go back to real time.
 */
export async function restartSimulated(ext: LaunchedExtension, speed: number): Promise<void> {
  await ext.serviceWorker.evaluate(() => chrome.runtime.sendMessage({ to: 'offscreen', type: 'disconnect' }));
  await waitFor('the headset off', async () => (await streamState(ext)) === 'off', 10_000);
  await switchOnSimulated(ext, { speed });
}

export interface TargetInfo {
  index: number;
  label: string;
  shown: boolean;
  flickering: boolean;
  /** Lit by the one-switch scan. */
  lit: boolean;
  size: number;
}

export interface StimulusLog {
  refreshRate: number;
  refused: number[];
  frequencies: number[];
  log: { ts: number; frame: number; values: (number | null)[] }[];
  frameCost: number[];
  actionLatencies: number[];
  targets: TargetInfo[];
  visible: number[];
  rects: { index: number; x: number; y: number; w: number; h: number }[];
  progress: number[];
  streamTime?: number;
  /** What the targets mean now (feed, page, menu, hints, typing, asleep). */
  mode?: string;
  /** Hint tags (or a list's options) shown now. */
  hints?: ShownHint[];
  /** The one-switch scan (content/one-switch.ts). */
  scan?: ScanReport;
  /** The menu's entries and their codes, while it is open. */
  menu?: MenuSnapshot;
}

export type { ShownHint };

/**
 * The test build's hook: what the content script has drawn (undefined if nothing answers within `ms`).
 * A string, not a function: under tsx (benchmarks, scripts) esbuild's keepNames helper does not exist in the page.
 */
export function stimulusLog(page: Page, frames = 1, ms = 2000): Promise<StimulusLog | undefined> {
  return page.evaluate<StimulusLog | undefined>(`new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.data?.type !== 'brainbrowsr:stimulus-log') return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(e.data);
    };
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      resolve(undefined);
    }, ${Number(ms)});
    window.addEventListener('message', onMessage);
    window.postMessage({ type: 'brainbrowsr:stimulus-log?', frames: ${Number(frames)} }, '*');
  })`);
}

/**
 * Test builds only: how long a menu or hints opened on `page` from now on stay
 * open unused (null: their usual 20 s), so an idle close is tested in seconds.
 */
export function setIdleMs(page: Page, ms: number | null): Promise<unknown> {
  return page.evaluate(`new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.data?.type !== 'brainbrowsr:idle-ms') return;
      window.removeEventListener('message', onMessage);
      resolve(e.data.ms);
    };
    window.addEventListener('message', onMessage);
    window.postMessage({ type: 'brainbrowsr:idle-ms?', ms: ${JSON.stringify(ms)} }, '*');
  })`);
}

/**
 * Test builds only: how long looking away from the squares takes back a
 * hint's last selection on `page`, from now on (stream seconds; null: the
 * usual time).
 */
export function setLookAwaySeconds(page: Page, seconds: number | null): Promise<unknown> {
  return page.evaluate(`new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.data?.type !== 'brainbrowsr:look-away-s') return;
      window.removeEventListener('message', onMessage);
      resolve(e.data.seconds);
    };
    window.addEventListener('message', onMessage);
    window.postMessage({ type: 'brainbrowsr:look-away-s?', seconds: ${JSON.stringify(seconds)} }, '*');
  })`);
}

/** Labels of the targets drawn now, by index. */
export async function labels(page: Page): Promise<string[]> {
  return ((await stimulusLog(page))?.targets ?? []).map((t) => t.label);
}

/** Simulated gaze from the keyboard: Alt+Shift+digit (0 looks away). */
export const look = (page: Page, digit: number) => page.keyboard.press(`Alt+Shift+Digit${digit}`);

/** The extension's service worker seen from any page of the browser. */
function serviceWorkerOf(p: Page) {
  const worker = p
    .context()
    .serviceWorkers()
    .find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) throw new Error('no extension service worker in this browser');
  return worker;
}

/**
 * Looks away through the extension (the service worker tells the offscreen
 * document), not with a key: a selection may have navigated the page or
 * switched tabs, and a key pressed there may reach a page being left.
 */
export async function lookAway(p: Page): Promise<void> {
  await serviceWorkerOf(p).evaluate(() =>
    chrome.runtime.sendMessage({ to: 'offscreen', type: 'gaze', frequency: null }),
  );
}

export interface Beat {
  /** Stream time (s) of the window: how much headset data the pipeline has classified. */
  t: number;
  /** The target that fired and has not re-armed yet. */
  held?: number;
  /** The decider's state: 'paused' while no target is on screen. */
  state?: string;
}

/**
 * The last heartbeat the offscreen document sent the service worker, heard
 * by a listener the test adds there (again after a restart of the worker):
 * the pipeline's state whichever tab is in front, or none.
 */
export function lastBeat(p: Page): Promise<Beat | undefined> {
  return listenInServiceWorker(p).then((heard) => heard.beat);
}

/**
 * What a listener the test adds to the service worker has heard (added
 * again after a restart of the worker): the offscreen document's last
 * heartbeat, and the action reports content scripts send the offscreen
 * document (the relay's), as `-> action: text [mode]`.
 */
function listenInServiceWorker(p: Page): Promise<{ beat?: Beat; reports: string[] }> {
  return serviceWorkerOf(p).evaluate(() => {
    type Heard = { t?: number; rearming?: number; state?: string; action?: string; text?: string; mode?: string };
    const g = self as unknown as { testBeat?: Beat; testReports?: string[]; testListening?: boolean };
    if (!g.testListening) {
      g.testListening = true;
      g.testReports = [];
      chrome.runtime.onMessage.addListener((m: Heard & { to?: string; type?: string }) => {
        if (m.to === 'background' && m.type === 'heartbeat' && typeof m.t === 'number') {
          g.testBeat = { t: m.t, held: m.rearming, state: m.state };
        }
        if (m.to === 'offscreen' && m.type === 'action') g.testReports!.push(`-> ${m.action}: ${m.text} [${m.mode}]`);
      });
    }
    return { beat: g.testBeat, reports: g.testReports ?? [] };
  });
}

/** Waits until the pipeline has classified `seconds` more of headset data (stream time, whatever the speed). */
export async function waitStreamSeconds(p: Page, seconds: number): Promise<void> {
  const t0 = (await waitFor('a heartbeat', () => lastBeat(p), 10_000, 50)).t;
  await waitFor(`${seconds} s of headset data`, async () => ((await lastBeat(p))?.t ?? 0) >= t0 + seconds, 120_000, 50);
}

/**
 * Waits until the decider has re-armed after the look that ended at stream
 * time `since` (s): a heartbeat at least `rearm` seconds later reports no
 * fired target held, so the next look can select anything, the same target
 * again included (one look, one action). Stream time, not the wall clock:
 * this takes as long as the pipeline needs at the simulated headset's speed.
 */
export async function waitRearmed(p: Page, since: number | undefined): Promise<void> {
  await waitFor(
    'the decider re-armed after the look (no fired target held)',
    async () => {
      const beat = await lastBeat(p);
      if (!beat || (since !== undefined && beat.t < since + DEFAULT_DECISION.rearm)) return false;
      return beat.held === undefined;
    },
    15_000,
    50,
  );
}

/**
 * Looks at target `key` (1-4) until one of `actions` (the page's logged
 * actions, appended to as they come) matches `expectText`, then looks away;
 * returns the action and when (Date.now()) it was seen.
 */
export async function lookUntil(
  actions: string[],
  p: Page,
  key: number,
  expectText: RegExp,
): Promise<{ text: string; at: number }> {
  const n = actions.length;
  await look(p, key);
  const text = await waitFor(
    `an action matching ${expectText}`,
    () => actions.slice(n).find((a) => expectText.test(a)),
    // A look takes 2-3 s of stream time to select; a fresh tab first reports its squares to the pipeline.
    10_000,
    20,
  ).catch(async (e: unknown) => {
    // What came instead, where the tab is and what the pipeline last said: enough to tell a miss from a lost line.
    const beat = await lastBeat(p).catch(() => undefined);
    const said = actions.slice(n).join(' | ') || 'no action';
    throw new Error(`${(e as Error).message}; came: ${said}; at ${p.url()}; last beat ${JSON.stringify(beat)}`);
  });
  const at = Date.now();
  await lookAway(p);
  return { text, at };
}

/**
 * A selection that leaves the page: looks at target `key` until the page is
 * at `leadsTo` and the action's report (the one the relay gets) matches
 * `expectText`, then looks away and waits for the re-arm. The page's own
 * console line is not awaited: it can go with the page, as Playwright drops
 * the lines of a context already gone (the lines that did come, in
 * `actions`, are shown if it fails). Every report in between must match.
 */
export async function selectLeaving(
  actions: string[],
  p: Page,
  key: number,
  expectText: RegExp,
  leadsTo: RegExp,
): Promise<string> {
  const n = (await listenInServiceWorker(p)).reports.length;
  const since = async () => (await listenInServiceWorker(p)).reports.slice(n);
  const lines = actions.length;
  await look(p, key);
  const fail = async (e: unknown) => {
    const reports = (await since().catch(() => [])).join(' | ') || 'none';
    const said = actions.slice(lines).join(' | ') || 'none';
    throw new Error(`${(e as Error).message}; reports: ${reports}; page lines: ${said}; at ${p.url()}`);
  };
  await p.waitForURL(leadsTo, { timeout: 10_000 }).catch(fail);
  const report = await waitFor(`a report matching ${expectText}`, async () => (await since())[0], 5000, 20).catch(fail);
  await lookAway(p);
  const reports = await since();
  if (!expectText.test(report) || reports.length > 1) {
    throw new Error(`leaving for ${p.url()}, the reports were ${reports.join(' | ')}, not one matching ${expectText}`);
  }
  await waitRearmed(p, (await lastBeat(p))?.t);
  return report;
}

/**
 * One look, one action: looks at target `key` until an action matches
 * `expectText`, looks away and waits until the decider has re-armed.
 */
export async function selectTarget(actions: string[], p: Page, key: number, expectText: RegExp): Promise<string> {
  const { text } = await lookUntil(actions, p, key, expectText);
  await waitRearmed(p, (await lastBeat(p))?.t);
  return text;
}

/** The hint tags (or a list's option rows) shown now, from the test hook. */
export const shownHints = async (p: Page): Promise<ShownHint[]> => (await stimulusLog(p))?.hints ?? [];

/** Selects "Choose…" (target 1) and waits for the tags. */
export async function openHints(actions: string[], p: Page): Promise<ShownHint[]> {
  await selectTarget(actions, p, 1, /-> open-hints: .* \[page\]/);
  return waitFor(
    'hint tags',
    async () => {
      const h = await shownHints(p);
      return h.length > 0 && h;
    },
    5000,
  );
}

/** The hint of the element named `text` (the test fails, listing those shown, when there is none). */
export function hintFor(hints: ShownHint[], text: string): ShownHint {
  const h = hints.find((x) => x.text === text);
  if (!h) throw new Error(`no hint for "${text}" among ${hints.map((x) => x.text).join(', ')}`);
  return h;
}

/**
 * A page of the test site in a new tab, in front, its `[BrainBrowsR] …`
 * lines collected in `actions`, the simulated person looking at the page
 * and "Choose…" (or the square `flickering`) drawn.
 */
export async function openSitePage(
  ctx: BrowserContext,
  url: string,
  actions: string[],
  /** The square that must be flickering before the page counts as ready (one switch: the switch). */
  flickering = 0,
): Promise<Page> {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
  await page.goto(url);
  await page.bringToFront();
  // Whatever the last test left the gaze on, the user now looks at the page.
  await look(page, 0);
  await waitFor(
    `square ${flickering} flickering`,
    async () => (await stimulusLog(page))?.visible.includes(flickering),
    20_000,
    200,
  );
  return page;
}

/**
 * Selects a hint code digit by digit (target position d is gaze key d + 1);
 * returns the last action's line. The last selection is done when `last`
 * is logged or, for a link that leaves the page, when the page is at `url`
 * (a page being left may not get to log it: then no line). When a
 * selection does not come, says what the page showed meanwhile.
 */
export async function selectCode(
  actions: string[],
  p: Page,
  code: readonly number[],
  last: RegExp,
  url?: RegExp,
): Promise<string | undefined> {
  try {
    for (const d of code.slice(0, -1)) await selectTarget(actions, p, d + 1, /-> nothing: \d+ left \[hints\]/);
    const final = code[code.length - 1] + 1;
    return url ? await selectLeaving(actions, p, final, last, url) : await selectTarget(actions, p, final, last);
  } catch (e) {
    const l = await stimulusLog(p, 600).catch(() => undefined);
    const ts = l?.log.map((f) => f.ts) ?? [];
    const gap = Math.max(0, ...ts.slice(1).map((t, i) => t - ts[i]));
    console.log(
      `no selection on ${p.url()}: mode ${l?.mode}, flickering ${l?.visible.join(',')}, longest frame gap ${gap.toFixed(0)} ms, last actions ${actions.slice(-6).join(' | ')}`,
    );
    throw e;
  }
}

/** Selects the Menu target (index 1) once it says Menu (an undo offer may hold it for a few seconds). */
export async function openMenuOn(actions: string[], p: Page, mode: 'page' | 'feed'): Promise<MenuSnapshot> {
  await waitFor('the Menu target', async () => (await labels(p))[1] === 'Menu', 15_000, 200);
  await selectTarget(actions, p, 2, new RegExp(`-> open-menu: Menu \\[${mode}\\]`));
  // A wait on state, not a measure of speed: 3 s ran out once on a busy machine (behaviour.test, a full run).
  return waitFor('the menu drawn', async () => (await stimulusLog(p))?.menu, 10_000);
}

/** Selects an entry of the menu shown now by its code (target positions, one selection each). */
export async function chooseInMenu(
  actions: string[],
  p: Page,
  label: string,
  done: RegExp,
  /** The address the choice leads to, for an entry that leaves the page (its line may go with the page). */
  leadsTo?: RegExp,
): Promise<string> {
  const menu = (await stimulusLog(p))?.menu;
  const item = menu?.items.find((i) => i.label === label);
  if (!item) throw new Error(`no "${label}" in the menu: ${JSON.stringify(menu)}`);
  let text = '';
  for (const [k, digit] of item.code.entries()) {
    const last = k === item.code.length - 1;
    if (last && leadsTo) return selectLeaving(actions, p, digit + 1, done, leadsTo);
    text = await selectTarget(actions, p, digit + 1, last ? done : /-> nothing: .*\[menu\]/);
    if (last) continue;
    // A plain throw, not vitest's expect: the benchmarks drive the extension through this harness too.
    const prefix = JSON.stringify((await stimulusLog(p))?.menu?.prefix);
    const wanted = JSON.stringify(item.code.slice(0, k + 1));
    if (prefix !== wanted) throw new Error(`after ${k + 1} selections the menu's prefix is ${prefix}, not ${wanted}`);
  }
  return text;
}

/** Serves tests/browser/pages/ on loopback (content scripts run on http pages). */
export async function servePages(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = resolve(import.meta.dirname, 'pages');
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0].replace(/^\/+/, '') || 'index.html';
    if (!/^[a-z0-9-]+\.html$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(resolve(dir, name));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Pairs the extension with a relay as a carer does (Studio > Settings), as the demo does. */
export const pairRelay = pairThroughSettings;

/** What the popup says about sharing with the relay (and the state behind it). */
export async function popupRelayLine(ext: LaunchedExtension): Promise<{ text: string; state: string }> {
  const popup = await ext.context.newPage();
  try {
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    await popup.waitForFunction(() => document.getElementById('relay-line')?.dataset.state !== undefined);
    return await popup.$eval('#relay-line', (e) => ({
      text: e.textContent ?? '',
      state: (e as HTMLElement).dataset.state ?? '',
    }));
  } finally {
    await popup.close();
  }
}
