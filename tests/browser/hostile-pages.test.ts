import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { MenuSnapshot } from '../../src/content/menu/menu-mode';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { openTyping, typing } from './speller-gaze';
import {
  lastBeat,
  launchFresh,
  look,
  lookAway,
  openMenuOn,
  selectLeaving,
  selectTarget,
  servePages,
  stimulusLog,
  switchOnSimulated,
  waitRearmed,
} from './harness';

/**
 * Pages that try to see, steer or silence the extension (test build, the
 * simulated headset): a page's own events, styles, DOM changes and history
 * tricks must not make it act, act unseen, hide a call for help or send
 * the user somewhere else while saying all went well.
 */
/**
 * The simulated headset at 10x real time: a look selects in a fraction of a
 * second. Where a test means the wall clock (restyles per second, a call
 * for help that stays), it waits `SPEED` times as much stream time.
 */
const SPEED = 10;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;
const actions: string[] = [];

const targetsDrawn = (p: Page) =>
  waitFor('targets drawn', async () => (await stimulusLog(p))?.visible.includes(1), 15_000, 200);

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await switchOnSimulated(ext, { speed: SPEED });
  page = await ext.context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

it('key events a page dispatches do not steer the simulated gaze; the keyboard does', async () => {
  await page.goto(`${site.url}hostile.html`);
  await targetsDrawn(page);
  // Alt+Shift+4 (Scroll down) from the page's script, 20 times a stream second, while the keyboard looks at Menu.
  await page.evaluate((every) => {
    const spam = () =>
      window.dispatchEvent(
        new KeyboardEvent('keydown', {
          code: 'Digit4',
          altKey: true,
          shiftKey: true,
        }),
      );
    (window as unknown as { spam: number }).spam = window.setInterval(spam, every);
  }, 50 / SPEED);
  const n = actions.length;
  await look(page, 2);
  const first = await waitFor('an action', () => actions[n], 15_000);
  await page.evaluate(() => clearInterval((window as unknown as { spam: number }).spam));
  // Away and re-armed: the next test looks at Menu again, which cannot fire while this look still holds it.
  await lookAway(page);
  await waitRearmed(page, (await lastBeat(page))?.t);
  expect(first).toMatch(/-> open-menu:/);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
}, 60_000);

type Hooked = Awaited<ReturnType<typeof stimulusLog>> & {
  hiddenBy?: string;
  menu?: MenuSnapshot;
  helpBanner?: { text: string; seen: boolean; redraws: number };
};
const hooked = (p: Page) => stimulusLog(p) as Promise<Hooked | undefined>;

/** Sends a message as an extension page would (the popup). */
async function asExtensionPage(fn: string): Promise<void> {
  const ctl = await ext.context.newPage();
  await ctl.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
  await ctl.evaluate(fn);
  await ctl.close();
}

const helpCall = () =>
  ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('help')).help as { calledAt?: number });

// A test that failed during a call for help must not leave every later one with still squares.
afterEach(async () => {
  if ((await helpCall())?.calledAt !== undefined) {
    await asExtensionPage(`chrome.runtime.sendMessage({ to: 'background', type: 'help-answered' })`);
  }
});

/** Which of `words` the page's window.find finds (words of the page's own text are left out unless `own`). */
const found = (p: Page, words: string[], options = { own: false }) =>
  p.evaluate(
    ({ words, own }) => {
      const text = own ? '' : document.body.innerText.toLowerCase();
      // Non-standard, so not in TypeScript's DOM types; Chromium has it.
      const searchable = window as unknown as Window & {
        find(s: string, cs: boolean, back: boolean, wrap: boolean): boolean;
      };
      return words
        .filter((w) => w.trim().length > 1 && (own || !text.includes(w.toLowerCase())))
        .filter((w) => {
          getSelection()?.removeAllRanges();
          return searchable.find(w, false, false, true);
        });
    },
    { words, own: options.own },
  );

it("window.find finds none of the overlay's words: status, labels, menu, help banner, speller", async () => {
  await page.goto(`${site.url}hostile.html`);
  await targetsDrawn(page);
  // The page's own words are found: the search works.
  expect(await found(page, ['hostile'], { own: true })).toEqual(['hostile']);
  const menu = await openMenuOn(actions, page, 'page');
  const menuWords = [menu.title, ...menu.items.map((i) => i.label), menu.back.label];
  const labels = (await hooked(page))!.targets.map((t) => t.label);
  // After the menu: a call for help stills the squares, so nothing can be chosen during it.
  await asExtensionPage(`chrome.runtime.sendMessage({ to: 'background', type: 'call-help' })`);
  await waitFor('the help banner', async () => (await hooked(page))?.helpBanner, 5000);
  const shownWords = ['BrainBrowsR', 'Help has been called', 'toolbar', 'Look at the squares', ...menuWords, ...labels];
  expect(await found(page, shownWords)).toEqual([]);
  await asExtensionPage(`chrome.runtime.sendMessage({ to: 'background', type: 'help-answered' })`);
  await waitFor('the banner gone', async () => (await hooked(page))?.helpBanner === undefined, 5000);

  await page.reload();
  await targetsDrawn(page);
  await openTyping(page, '#field');
  const speller = await waitFor(
    'suggestions',
    async () => {
      const s = await typing(page);
      return s && !s.pending && s.groups.flat().length > 0 ? s : undefined;
    },
    5000,
  );
  expect(await found(page, ['Nothing typed yet', 'BrainBrowsR', ...speller.groups.flat()])).toEqual([]);
}, 90_000);

/** Elements a page can reach that are not its own head and body: where the extension's hosts are. */
const HOSTS = 'html > :not(head):not(body)';

const tricks: { name: string; apply: string }[] = [
  { name: 'display: none', apply: `${HOSTS} { display: none !important; }` },
  {
    name: 'opacity 0 on the overlay',
    apply: `${HOSTS} { opacity: 0 !important; }`,
  },
  { name: 'opacity 0 on the page', apply: 'html { opacity: 0 !important; }' },
  {
    name: 'visibility hidden',
    apply: `html, body, ${HOSTS} { visibility: hidden !important; }`,
  },
  { name: 'a transform', apply: 'html { transform: translateX(-4000px); }' },
  { name: 'a filter', apply: 'html { filter: opacity(0); }' },
  { name: 'a cover', apply: 'cover' },
  { name: 'a cover that lets clicks through', apply: 'cover-through' },
];

it.each(tricks)(
  'a page hiding the squares ($name) gets none of them reported, and the carer is told',
  async ({ apply }) => {
    await page.goto(`${site.url}hostile.html`);
    await targetsDrawn(page);
    await page.evaluate((apply) => {
      if (apply.startsWith('cover')) {
        const cover = document.createElement('div');
        cover.id = 'trick';
        cover.style.cssText = `position:fixed;inset:0;background:#fff;z-index:2147483647;${apply === 'cover' ? '' : 'pointer-events:none'}`;
        // After the extension's host: drawn over it at the same z-index.
        setTimeout(() => document.documentElement.append(cover), 0);
      } else {
        const style = document.createElement('style');
        style.id = 'trick';
        style.textContent = apply;
        document.head.append(style);
      }
    }, apply);
    const hidden = await waitFor(
      'the squares reported hidden',
      async () => {
        const s = await hooked(page);
        return s?.hiddenBy && s.visible.length === 0 ? s : undefined;
      },
      5000,
      100,
    );
    expect(hidden.hiddenBy).toBeTruthy();
    const told = await waitFor(
      'the popup told',
      () => ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('pageHides')).pageHides as string),
      5000,
    );
    expect(told).toBe(hidden.hiddenBy);
    // Looking at a hidden square chooses nothing while the stream goes on: 4 s of headset data, more than a
    // selection takes (2-3 s), and the squares still reported hidden at the end.
    const n = actions.length;
    const t0 = hidden.streamTime ?? 0;
    await look(page, 4);
    await waitFor('4 s of stream', async () => ((await hooked(page))?.streamTime ?? 0) > t0 + 4, 15_000, 50);
    const after = await hooked(page);
    await look(page, 0);
    expect([after?.hiddenBy, after?.visible]).toEqual([hidden.hiddenBy, []]);
    expect(actions.slice(n)).toEqual([]);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // Once the page stops, the squares count again.
    await page.evaluate(() => document.getElementById('trick')?.remove());
    await targetsDrawn(page);
    await waitFor(
      'the popup cleared',
      async () =>
        (await ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('pageHides')).pageHides)) ===
        undefined,
      5000,
    );
  },
  60_000,
);

/**
 * The browser's counts of style recalculations and of frames the overlay drew, from now on: each frame
 * restyles the squares once (their grey level changes); what is counted beyond that is what the content
 * script forced outside frames, for instance by making a square hit-testable for a moment.
 */
async function restyleCounter(p: Page): Promise<() => Promise<{ extra: number; frames: number; seconds: number }>> {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Performance.enable');
  const recalcs = async () =>
    ((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).find(
      (m) => m.name === 'RecalcStyleCount',
    )!.value;
  const now = () => p.evaluate(() => performance.now());
  const [r0, t0] = [await recalcs(), await now()];
  return async () => {
    const [r1, t1] = [await recalcs(), await now()];
    const frames = (await stimulusLog(p, 2000))!.log.filter((f) => f.ts > t0 && f.ts <= t1).length;
    await cdp.detach();
    return { extra: r1 - r0 - frames, frames, seconds: (t1 - t0) / 1000 };
  };
}

it('checking that the squares are seen restyles the page once per check, not once per point tested', async () => {
  await page.goto(`${site.url}hostile.html`);
  await targetsDrawn(page);
  const counted = await restyleCounter(page);
  const s0 = (await hooked(page))?.streamTime ?? 0;
  await waitFor('5 s by the stream', async () => ((await hooked(page))?.streamTime ?? 0) > s0 + 5 * SPEED, 20_000, 500);
  const { extra, frames, seconds } = await counted();
  const perSecond = extra / seconds;
  console.log(`flicker: ${extra} restyles beyond the ${frames} frames in ${seconds.toFixed(1)} s`);
  // The check runs at most every 0.5 s and hit-tests 5 points of each of 4 squares: one restyle per point
  // tested, checked on every refresh, was 150 a second and starved the page (3000 links: frames 500 ms apart).
  expect(perSecond).toBeLessThan(20);
  expect((await hooked(page))?.hiddenBy).toBeUndefined();
}, 60_000);

it("the speller's painted words restyle the page once for all of them, not once per word", async () => {
  await page.goto(`${site.url}hostile.html`);
  await targetsDrawn(page);
  const counted = await restyleCounter(page);
  await openTyping(page, '#field');
  await waitFor(
    'suggestions drawn',
    async () => {
      const s = await typing(page);
      return s && !s.pending && s.groups.flat().length > 0;
    },
    5000,
  );
  const { extra, frames, seconds } = await counted();
  const words = (await typing(page))!.groups.flat().length;
  console.log(`speller: ${words} words, ${extra} restyles beyond the ${frames} frames in ${seconds.toFixed(1)} s`);
  // Read each canvas's style after sizing the previous one, and the browser restyles once per word.
  expect(words).toBeGreaterThan(15);
  expect(extra).toBeLessThan(words);
}, 60_000);

it('a call for help cannot be answered or silenced by a page; the popup answers it', async () => {
  await page.goto(`${site.url}hostile.html`);
  await targetsDrawn(page);
  await page.evaluate(() => {
    (window as unknown as { clicks: number }).clicks = 0;
    document.addEventListener('click', () => (window as unknown as { clicks: number }).clicks++, true);
  });
  await asExtensionPage(`chrome.runtime.sendMessage({ to: 'background', type: 'call-help' })`);
  const banner = await waitFor('the help banner', async () => (await hooked(page))?.helpBanner, 5000);
  expect(banner.text).toBe('Help has been called');

  // The page makes the banner invisible and a real click lands where it is: the call stays.
  await page.evaluate((sel) => {
    for (const el of document.querySelectorAll<HTMLElement>(sel)) el.style.opacity = '0';
  }, HOSTS);
  const size = page.viewportSize()!;
  await page.mouse.click(size.width / 2, size.height / 2);
  await waitFor(
    'the click on the page',
    () => page.evaluate(() => (window as unknown as { clicks: number }).clicks),
    3000,
  );
  const s0 = (await hooked(page))?.streamTime ?? 0;
  await waitFor('1 s by the stream', async () => ((await hooked(page))?.streamTime ?? 0) > s0 + SPEED, 10_000, 100);
  expect((await helpCall())?.calledAt).toBeDefined();
  // Hidden, so drawn again, and seen.
  await waitFor(
    'the banner drawn again',
    async () => {
      const b = (await hooked(page))?.helpBanner;
      return b && b.redraws > 0 && b.seen;
    },
    5000,
  );

  // The page removes it: it comes back.
  const before = (await hooked(page))!.helpBanner!.redraws;
  await page.evaluate((sel) => document.querySelectorAll(sel).forEach((el) => el.remove()), HOSTS);
  await waitFor(
    'the banner back',
    async () => {
      const b = (await hooked(page))?.helpBanner;
      return b && b.redraws > before && b.seen;
    },
    5000,
  );

  // The carer answers in the popup.
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
  await popup.waitForSelector('#help-box:not([hidden])');
  await popup.click('#help-answer');
  await waitFor('the call answered', async () => (await helpCall()) === undefined, 5000);
  await popup.close();
  await waitFor('the banner gone', async () => (await hooked(page))?.helpBanner === undefined, 5000);
}, 60_000);

it('"Undo: Go back" from a page whose history sends Back elsewhere says it did not lead back', async () => {
  await page.goto(`${site.url}hostile.html`);
  await targetsDrawn(page);
  // Follow the link the way a person does: Choose…, then the link's code, a look and a look away a digit.
  await look(page, 1);
  const hint = await waitFor(
    'the link hint',
    async () => (await hooked(page))?.hints?.find((h) => h.text === 'Open the trap page'),
    30_000,
    100,
  );
  await lookAway(page);
  await waitRearmed(page, (await lastBeat(page))?.t);
  for (const [k, digit] of hint.code.entries()) {
    // The last one opens the link, and is re-armed from before Undo is offered on a square it may have been.
    if (k === hint.code.length - 1) {
      await selectLeaving(
        actions,
        page,
        digit + 1,
        /-> open-link: Opening “Open the trap page” \[hints\]/,
        /trap\.html/,
      );
      break;
    }
    await selectTarget(actions, page, digit + 1, /\[hints\]$/);
  }
  await waitFor('the undo offer', async () => (await hooked(page))?.targets[1]?.label === 'Undo: Go back', 15_000);
  const n = actions.length;
  await look(page, 2);
  const said = await waitFor(
    'Undo said where it led',
    () => actions.slice(n).find((a) => /not back where you came from/.test(a)),
    15_000,
  );
  await look(page, 0);
  expect(said).toContain('/hostile.html');
  // The page's own step on (location.replace when Back reaches it) may still be loading when Undo speaks.
  await page.waitForURL(/link\.html\?n=trapped/, { timeout: 5000 });
}, 90_000);
