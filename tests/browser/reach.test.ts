import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedExtension } from '../../src/node/chromium';
import { overlaps } from '../../src/core/browse/rect';
import { waitFor } from '../helpers/wait';
import {
  hintFor,
  launchFresh,
  openHints as openHintsOn,
  openSitePage,
  selectCode,
  selectTarget,
  servePages,
  setLookAwaySeconds,
  shownHints,
  stimulusLog,
  switchOnSimulated,
  type ShownHint,
} from './harness';

/**
 * Reaching everything on a page by hints (issue 21): tags that never lie
 * over each other or over another element's words, 64 links within three
 * selections after "Choose…", a way back at the last step that costs no
 * code (looking away), and elements under the corner squares chosen by
 * their code (the squares step aside for the choice).
 */
const SPEED = 10;
/** Long enough that the harness's pauses between looks never count as looking away (stream s at 10x). */
const NO_LOOK_AWAY = 60;
/** The look away that takes a step back in the test of it (headset and wall-clock s). */
const LOOK_AWAY = 4;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
const actions: string[] = [];

async function open(name: string): Promise<Page> {
  const page = await openSitePage(ext.context, `${site.url}${name}`, actions);
  if (process.env.REACH_LOG) {
    page.on('console', (m) => console.log(m.type(), m.text()));
    page.on('pageerror', (e) => console.log('pageerror', e));
  }
  await setLookAwaySeconds(page, NO_LOOK_AWAY);
  return page;
}

const drawn = async (page: Page) => (await shownHints(page)).filter((h) => h.drawn);
const openHints = (page: Page) => openHintsOn(actions, page);

/** No tag drawn now lies over another drawn tag, or over the words of any element with a hint. */
function expectClear(tags: ShownHint[], all: ShownHint[]): void {
  for (const t of tags) {
    const over = tags.filter((o) => o !== t && overlaps(o.tag, t.tag)).map((o) => o.text);
    expect(over, `tag of "${t.text}" lies over the tags of`).toEqual([]);
    const words = all.filter((o) => o.textRects.some((r) => overlaps(r, t.tag))).map((o) => o.text);
    expect(words, `tag of "${t.text}" covers the words of`).toEqual([]);
  }
}

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await switchOnSimulated(ext, { speed: SPEED });
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

describe('reaching everything on the page', () => {
  it("64 links: every one has a code of at most 3, no tag overlaps another or covers any link's words, the 40th opens in 3", async () => {
    const page = await open('list64.html');
    const hints = await openHints(page);
    if (process.env.HINT_SHOTS) await page.screenshot({ path: '/tmp/reach-64.png' });
    expect(hints).toHaveLength(64);
    expect(Math.max(...hints.map((h) => h.code.length))).toBeLessThanOrEqual(3);
    expectClear(await drawn(page), hints);
    expect(await drawn(page)).toHaveLength(64);
    // The 40th link of the list: Marseille.
    const marseille = hintFor(hints, 'Marseille');
    // After a selection, the tags left are drawn anew: still clear of each other and of every link's words.
    await selectTarget(actions, page, marseille.code[0] + 1, /-> nothing: \d+ left \[hints\]/);
    const narrowed = await drawn(page);
    expect(narrowed.every((h) => h.code[0] === marseille.code[0])).toBe(true);
    expectClear(narrowed, hints);
    await selectCode(actions, page, marseille.code.slice(1), /Marseille/, /link\.html\?n=40$/);
    const used = marseille.code.length;
    expect(used).toBeLessThanOrEqual(3);
    await page.close();
  }, 120_000);

  it("looking away at the last step of a code takes the last selection back, at no code's cost", async () => {
    const page = await open('list16.html');
    const hints = await openHints(page);
    // 16 links, 16 two-selection codes: every target leads to a link at each step, none is spent on Back.
    expect(hints).toHaveLength(16);
    expect(hints.every((h) => h.code.length === 2)).toBe(true);
    const target = hintFor(hints, 'Bordeaux');
    await selectTarget(actions, page, target.code[0] + 1, /-> nothing: 4 left \[hints\]/);
    expect((await drawn(page)).map((h) => h.code[0])).toEqual([0, 0, 0, 0].map(() => target.code[0]));
    // At the last step the person looks away (the harness already did, after the selection): one step back.
    // (The look away is made short only now: the test's own pauses between looks are not the person's.)
    await setLookAwaySeconds(page, LOOK_AWAY);
    await waitFor(
      'a step back after looking away',
      () => actions.find((a) => /\(looked away\) -> nothing: Back one step \(you looked away\) \[hints\]/.test(a)),
      20_000,
      50,
    );
    expect((await stimulusLog(page))?.mode).toBe('hints');
    expect(await drawn(page)).toHaveLength(16);
    // From the first step again (with the test's own pauses between looks no longer counted), the code opens it.
    await setLookAwaySeconds(page, NO_LOOK_AWAY);
    await selectCode(actions, page, target.code, /Bordeaux/, /link\.html\?n=7$/);
    await page.close();
  }, 120_000);

  it("a dense page: no tag overlaps another or covers any element's words, at every step", async () => {
    const page = await open('dense.html');
    const hints = await openHints(page);
    if (process.env.HINT_SHOTS) await page.screenshot({ path: '/tmp/reach-dense.png' });
    const first = await drawn(page);
    expect(first.length).toBeGreaterThan(0);
    expectClear(first, hints);
    // Nor under the message at the top centre (what each selection did: 520 px wide at most, 68 px down).
    const width = page.viewportSize()!.width;
    const message = { x: width / 2 - 260, y: 0, w: 520, h: 68 };
    expect(first.filter((h) => overlaps(h.tag, message)).map((h) => h.text)).toEqual([]);
    // Those without room at first are drawn after one more selection: the last target says how many.
    const waiting = hints.filter((h) => !h.drawn);
    if (waiting.length > 0) {
      const labels = (await stimulusLog(page))!.targets.map((t) => t.label);
      expect(labels[3]).toMatch(/ \d+ more$/);
      await selectTarget(actions, page, 4, /-> nothing: \d+ left \[hints\]/);
      const later = await drawn(page);
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((h) => h.code[0] === 3)).toBe(true);
      expectClear(later, hints);
    }
    // Nearly every link on the page got a code (it is all on screen); those that found no room even one
    // step later (a row of links against the window's top edge) are left out, and a notice says how many.
    const links = await page.evaluate(() => document.querySelectorAll('a').length);
    expect(hints.length).toBeGreaterThanOrEqual(links * 0.9);
    await page.close();
  }, 120_000);

  it('a sticky header and footer: the element under each corner square is opened by its code', async () => {
    const cases: [string, string, RegExp, RegExp | undefined][] = [
      ['logo', 'Home', /Home/, /n=logo$/],
      ['signin', 'Sign in', /-> click: Pressed “Sign in” \[hints\]/, undefined],
      ['help', 'Help', /Help/, /n=help$/],
      ['feedback', 'Feedback', /-> click: Pressed “Feedback” \[hints\]/, undefined],
    ];
    for (const [id, name, done, url] of cases) {
      const page = await open('sticky.html');
      // Scrolled: the header and footer stay where the squares are.
      await page.evaluate(() => window.scrollTo(0, 300));
      const centre = await page.evaluate((id) => {
        const r = document.getElementById(id)!.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }, id);
      const squares = (await stimulusLog(page))!.rects;
      const hiding = squares.some(
        (s) => centre.x >= s.x && centre.x <= s.x + s.w && centre.y >= s.y && centre.y <= s.y + s.h,
      );
      expect(hiding, `a square lies over ${id} as the page is read`).toBe(true);
      const hints = await openHints(page);
      if (process.env.HINT_SHOTS) await page.screenshot({ path: `/tmp/reach-sticky-${id}.png` });
      expectClear(await drawn(page), hints);
      // For the choice, no square lies over it.
      const moved = (await stimulusLog(page))!.rects;
      expect(
        moved.some((s) => centre.x >= s.x && centre.x <= s.x + s.w && centre.y >= s.y && centre.y <= s.y + s.h),
      ).toBe(false);
      await selectCode(actions, page, hintFor(hints, name).code, done, url);
      if (!url) expect(await page.evaluate(() => Object.keys(document.body.dataset))).toEqual([id]);
      // Back in their corners once the choice is made (on this page, or the next).
      await waitFor(
        'the squares in their corners',
        async () => JSON.stringify((await stimulusLog(page))?.rects) === JSON.stringify(squares),
        5000,
      );
      await page.close();
    }
  }, 240_000);
});
