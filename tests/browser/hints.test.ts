import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import {
  type HintRect,
  launchFresh,
  selectTarget,
  servePages,
  type ShownHint,
  stimulusLog,
  switchOnSimulated,
} from './harness';

/**
 * Hint mode on the test build with the simulated headset and scripted gaze:
 * "Choose…" (target 1) opens hints through the page mode, each tag's code
 * is read from the test hook, and the gaze selects its digits one target at
 * a time. Every test asserts the page's own state afterwards.
 */
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
const actions: string[] = [];

async function open(name: string): Promise<Page> {
  const page = await ext.context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
  await page.goto(`${site.url}${name}`);
  await page.bringToFront();
  await waitFor('targets drawn', async () => ((await stimulusLog(page))?.visible.length ?? 0) >= 3, 20_000, 200);
  return page;
}

const shown = async (page: Page): Promise<ShownHint[]> => (await stimulusLog(page))?.hints ?? [];

/** Selects "Choose…" and waits for the tags. */
async function openHints(page: Page): Promise<ShownHint[]> {
  await selectTarget(actions, page, 1, /-> page\/open-hints/);
  return waitFor('hint tags', async () => {
    const h = await shown(page);
    return h.length > 0 && h;
  }, 5000);
}

/** Selects each digit of `code` (target position d is gaze key d + 1); returns the last action's line. */
async function selectCode(page: Page, code: number[], last: RegExp): Promise<string> {
  for (const d of code.slice(0, -1)) await selectTarget(actions, page, d + 1, /-> hints\/nothing: \d+ left/);
  return selectTarget(actions, page, code[code.length - 1] + 1, last);
}

const hintFor = (hints: ShownHint[], text: string) => {
  const h = hints.find((x) => x.text === text);
  if (!h) throw new Error(`no hint for "${text}" among ${hints.map((x) => x.text).join(', ')}`);
  return h;
};

const overlaps = (a: HintRect, b: HintRect) =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 0;

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await switchOnSimulated(ext);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

describe('hint mode', () => {
  it('opens the link named "Harmonics" by its code; no tag covers its element\'s text', async () => {
    const page = await open('browse.html');
    const hints = await openHints(page);
    expect((await stimulusLog(page))?.mode).toBe('hints');
    // Every link, button, field and the tick box on screen has a tag, and no tag covers its element's words.
    expect(hints.length).toBeGreaterThan(40);
    for (const h of hints) for (const t of h.textRects) expect(overlaps(h.tag, t), `${h.text}`).toBe(false);
    const harmonics = hintFor(hints, 'Harmonics');
    // Up to 63 on screen: 3 selections at most; more: one more for the part of the screen.
    expect(harmonics.code.length).toBeLessThanOrEqual(hints.length <= 63 ? 3 : 4);
    console.log(`browse.html: ${hints.length} tags, "Harmonics" is ${harmonics.code.join('')}`);
    const line = await selectCode(page, harmonics.code, /-> hints\/open-link: Opening “Harmonics”/);
    expect(line).toMatch(/Opening “Harmonics”/);
    await page.waitForURL(/link\.html\?n=9$/, { timeout: 5000 });
    expect(await page.textContent('#opened')).toBe('You opened link 9');
    await page.close();
  }, 90_000);

  it('ticks the newsletter box and says so; the tag keeps off the box and its label', async () => {
    const page = await open('browse.html');
    const hints = await openHints(page);
    const box = hintFor(hints, 'Send me the newsletter');
    expect(box.textRects.some((t) => overlaps(box.tag, t))).toBe(false);
    await selectCode(page, box.code, /-> hints\/toggle: Ticked “Send me the newsletter”/);
    expect(await page.isChecked('#newsletter')).toBe(true);
    expect((await stimulusLog(page))?.mode).toBe('page');
    expect(await shown(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it('an element that vanishes while its hint is shown is not pressed, and the message says so', async () => {
    const page = await open('browse.html');
    const hints = await openHints(page);
    const print = hintFor(hints, 'Print');
    // The page removes the button (as pages do when they update) after the hints were drawn.
    await page.evaluate(() => document.getElementById('b-print')!.remove());
    const line = await selectCode(page, print.code, /-> hints\/nothing: That button is no longer there; nothing was pressed/);
    expect(line).toMatch(/nothing was pressed/);
    expect(await page.evaluate(() => document.body.dataset.printed ?? null)).toBeNull();
    // Fresh hints are shown, and the button is not among them.
    const fresh = await shown(page);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.some((h) => h.text === 'Print')).toBe(false);
    await page.close();
  }, 90_000);

  it('a page with 3000 links stays responsive: hints on the nearest, a notice, and the chosen link opens', async () => {
    const page = await open('thousands.html');
    const hints = await openHints(page);
    // The page kept drawing while the hints were built: the longest gap between frames of the last 10 s.
    const frames = (await stimulusLog(page, 600))!.log.map((f) => f.ts);
    const gap = Math.max(...frames.slice(1).map((t, i) => t - frames[i]));
    console.log(`3000 links: ${hints.length} tags, longest pause between frames ${gap.toFixed(0)} ms`);
    expect(gap).toBeLessThan(300);
    expect(hints.length).toBeGreaterThan(63);
    expect(hints.length).toBeLessThanOrEqual(189);
    const target = hints.find((h) => h.code.length === Math.max(...hints.map((x) => x.code.length)))!;
    const n = /^Item (\d+)$/.exec(target.text)![1];
    await selectCode(page, target.code, new RegExp(`-> hints/open-link: Opening “Item ${n}”`));
    await page.waitForURL(new RegExp(`link\\.html\\?n=${n}$`), { timeout: 5000 });
    expect(await page.textContent('#opened')).toBe(`You opened link ${n}`);
    await page.close();
  }, 120_000);
});
