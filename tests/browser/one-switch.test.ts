import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_BROWSING } from '../../src/core/protocol/layout';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import {
  hintFor,
  lastBeat,
  launchFresh,
  look,
  lookAway,
  openSitePage,
  patchSettings,
  servePages,
  shownHints,
  stimulusLog,
  switchOnSimulated,
  waitRearmed,
  waitStreamSeconds,
} from './harness';

/**
 * The one-switch mode (issue 19, item 6) on the test build with the
 * simulated headset: only the Menu square flickers, the squares that can act
 * are lit in turn, and the scripted person looks at the switch while the
 * square they want is lit, as a person would: a moment after seeing the
 * light arrive (the scan gives a look that shows sooner to the square lit
 * before). Menu, then "Choose something on the page", then a hint's code,
 * to a named link.
 */
const SPEED = 4;
/** Seconds of headset data each square stays lit (the carer's scan speed). */
const STEP = 3;
/** How long after the light arrives the scripted person looks (stream s, give or take 1 s): a person's reaction. */
const REACTION = 0.7;
/** The switch: the Menu square (index 1), gaze key 2. */
const SWITCH = 1;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
const actions: string[] = [];

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await patchSettings(ext, { browsing: { ...DEFAULT_BROWSING, oneSwitch: { on: true, stepSeconds: STEP } } });
  await switchOnSimulated(ext, { speed: SPEED });
}, 60_000);

afterAll(async () => {
  if (process.env.SWITCH_LOG) console.log(`ACTIONS\n${actions.join('\n')}`);
  await ext?.close();
  await site?.close();
});

const scan = async (p: Page) => (await stimulusLog(p))?.scan;

/**
 * Waits until square `index` is lit and has been for a person's reaction,
 * looks at the switch until an action matches `done` (or the page leaves for
 * `url`), looks away and waits for the switch to re-arm.
 */
async function chooseLit(p: Page, index: number, done: RegExp, url?: RegExp): Promise<void> {
  await waitFor(
    `square ${index} lit`,
    async () => {
      const s = await scan(p);
      const t = (await lastBeat(p))?.t;
      // A person looks soon after the light arrives; one who missed it waits for the next round.
      return (
        s?.lit === index &&
        s.litSince !== undefined &&
        t !== undefined &&
        t >= s.litSince + REACTION &&
        t <= s.litSince + REACTION + 1
      );
    },
    60_000,
    20,
  );
  const n = actions.length;
  await look(p, SWITCH + 1);
  if (url) await p.waitForURL(url, { timeout: 20_000 });
  else await waitFor(`an action matching ${done}`, () => actions.slice(n).find((a) => done.test(a)), 20_000, 20);
  await lookAway(p);
  await waitRearmed(p, (await lastBeat(p))?.t);
}

describe('one switch', () => {
  it('flickers only the switch; reading lights the squares for two rounds, then nothing, and chooses nothing', async () => {
    const page = await openSitePage(ext.context, `${site.url}browse.html`, actions, SWITCH);
    const log = await stimulusLog(page);
    expect(log?.visible).toEqual([SWITCH]);
    expect(log?.targets.filter((t) => t.flickering).map((t) => t.index)).toEqual([SWITCH]);
    expect(log?.targets.every((t) => t.shown)).toBe(true);
    expect(log?.scan?.on).toBe(true);
    // Reading: two rounds of the squares that can act (at most four, STEP s each), then the scan rests.
    const n = actions.length;
    const lit = new Set<number>();
    await waitFor(
      'the scan to rest after its rounds',
      async () => {
        const s = await scan(page);
        if (s?.lit !== undefined) lit.add(s.lit);
        return s?.state === 'stopped';
      },
      60_000,
      20,
    );
    expect(lit.size).toBeGreaterThanOrEqual(3);
    await waitStreamSeconds(page, 2 * STEP);
    expect((await scan(page))?.lit).toBeUndefined();
    expect(actions.slice(n)).toEqual([]);
    expect(page.url()).toBe(`${site.url}browse.html`);
    // A look at the resting switch only starts the scan: nothing is done.
    await look(page, SWITCH + 1);
    await waitFor(
      'the scan started',
      () => actions.slice(n).find((a) => /switch -> nothing: the scan starts/.test(a)),
      20_000,
      20,
    );
    await lookAway(page);
    expect((await scan(page))?.state).not.toBe('stopped');
    expect(actions.slice(n).filter((a) => / -> (?!nothing)/.test(a))).toEqual([]);
    await waitRearmed(page, (await lastBeat(page))?.t);
    await page.close();
  }, 120_000);

  it('reaches a named link through the menu and a hint, one lit square at a time', async () => {
    const page = await openSitePage(ext.context, `${site.url}browse.html`, actions, SWITCH);
    // A new page's scan starts by itself.
    await chooseLit(page, SWITCH, /-> open-menu: Menu \[page\]/);
    const menu = await waitFor('the menu', async () => (await stimulusLog(page))?.menu, 5000);
    const entry = menu.items.find((i) => i.label === 'Choose something on the page');
    if (!entry) throw new Error(`no Choose entry in ${JSON.stringify(menu.items.map((i) => i.label))}`);
    for (const [k, digit] of entry.code.entries()) {
      const last = k === entry.code.length - 1;
      await chooseLit(page, digit, last ? /-> open-hints: .*\[menu\]/ : /-> nothing: .*\[menu\]/);
    }
    const hints = await waitFor(
      'hint tags',
      async () => {
        const h = await shownHints(page);
        return h.length > 0 && h;
      },
      10_000,
      50,
    );
    const harmonics = hintFor(hints, 'Harmonics');
    for (const digit of harmonics.code.slice(0, -1)) await chooseLit(page, digit, /-> nothing: \d+ left \[hints\]/);
    await chooseLit(page, harmonics.code[harmonics.code.length - 1], /./, /link\.html\?n=9$/);
    expect(page.url()).toBe(`${site.url}link.html?n=9`);
    await page.close();
  }, 180_000);
});
