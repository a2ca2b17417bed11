import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MenuSnapshot } from '../../src/content/menu/menu-mode';
import { DEFAULT_BROWSING } from '../../src/core/protocol/layout';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import {
  patchSettings,
  chooseInMenu,
  labels,
  launchFresh,
  openMenuOn,
  look,
  selectTarget,
  servePages,
  setIdleMs,
  lookUntil,
  waitRearmed,
  type StimulusLog,
  stimulusLog,
  switchOnSimulated,
} from './harness';

/**
 * The menu on the Menu target (index 1), with the simulated headset and
 * scripted gaze on served pages: Back, a favourite, Call for help, Switch
 * tab and Sleep, each checked against what the browser then shows.
 */
type Hooked = StimulusLog & {
  mode?: string;
  menu?: MenuSnapshot;
  helpBanner?: { text: string; seen: boolean; redraws: number };
};
const hooked = (p: Page) => stimulusLog(p) as Promise<Hooked | undefined>;

/** The simulated headset at 10x real time: a look selects in a fraction of a second (the menu's timers stay real). */
const SPEED = 10;
/** The menu's idle time in the test that waits it out. */
const IDLE_MS = 4000;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;
const actions: string[] = [];

function logActions(p: Page): void {
  p.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
}

const targetsDrawn = (p: Page) =>
  waitFor('targets drawn', async () => (await hooked(p))?.visible.includes(1), 15_000, 200);

const openMenu = (p: Page) => openMenuOn(actions, p, 'page');
const choose = (p: Page, label: string, done: RegExp, leadsTo?: RegExp) =>
  chooseInMenu(actions, p, label, done, leadsTo);

/** Each tab as the service worker sees it: its id, whether it is in front, and the title its page tells. */
const tabs = () =>
  ext.serviceWorker.evaluate(async () =>
    Promise.all(
      (await chrome.tabs.query({})).map(async (t) => ({
        id: t.id,
        active: t.active,
        title: (
          (await chrome.tabs.sendMessage(t.id!, { to: 'content', type: 'tab-info' }).catch(() => undefined)) as
            { title: string } | undefined
        )?.title,
      })),
    ),
  );

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await switchOnSimulated(ext, { speed: SPEED });
  page = await ext.context.newPage();
  logActions(page);
  await page.goto(`${site.url}browse.html`);
  await page.goto(`${site.url}link.html?n=7`);
  await page.bringToFront();
  await targetsDrawn(page);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

describe('menu', () => {
  it('opens on the Menu target, keeps that target for Close, and goes Back to the previous page', async () => {
    const menu = await openMenu(page);
    expect(menu.title).toBe('Menu');
    expect(menu.items.map((i) => i.label)).toEqual(
      expect.arrayContaining(['Back', 'Reload the page', 'Sleep', 'Call for help']),
    );
    // No Forward on the newest page of the tab: shown, keeping its code, but disabled.
    expect(menu.items.find((i) => i.label === 'Forward')?.enabled).toBe(false);
    expect(menu.back).toEqual({ label: 'Close menu', code: [1] });
    expect(menu.items.flatMap((i) => i.code)).not.toContain(1);
    const log = (await hooked(page))!;
    expect(log.mode).toBe('menu');
    expect(log.targets[1].label).toBe('Close menu');
    // Choose takes one selection; with twelve entries Back takes two (core/browse/menu.ts).
    expect(menu.items.find((i) => i.label === 'Back')?.code).toHaveLength(2);

    await choose(page, 'Back', /-> back: Going back \[menu\]/, /\/browse\.html$/);
    await targetsDrawn(page);
    // Forward can act now that there is a page to go forward to.
    const again = await openMenu(page);
    expect(again.items.find((i) => i.label === 'Forward')?.enabled).toBe(true);
    // Another page, other entries able to act: every entry keeps its code (the person learns them once).
    const codes = (m: MenuSnapshot) => m.items.map((i) => `${i.label}=${i.code.join('')}`);
    expect(codes(again)).toEqual(codes(menu));
    await selectTarget(actions, page, 2, /-> nothing: Menu closed \[menu\]/);
    expect((await hooked(page))?.mode).toBe('page');
  }, 150_000);

  it('closes by itself after its idle time (20 s, shortened here) without a selection', async () => {
    // The test build's hook sets the idle time: the same timer, in seconds rather than 20 of them.
    await setIdleMs(page, IDLE_MS);
    await waitFor('the Menu target', async () => (await labels(page))[1] === 'Menu', 15_000, 200);
    // Timed from the opening action (the menu's timer started just before it was logged).
    const opened = await lookUntil(actions, page, 2, /-> open-menu: Menu \[page\]/);
    await waitFor('the menu closed', async () => (await hooked(page))?.mode === 'page', 30_000, 50);
    expect(Date.now() - opened.at).toBeGreaterThan(IDLE_MS * 0.75);
    expect((await hooked(page))?.menu).toBeUndefined();
    expect((await labels(page))[1]).toBe('Menu');
    await setIdleMs(page, null);
    // The Menu target fired last: it re-arms before it is looked at again.
    await waitRearmed(page, undefined);
  }, 60_000);

  it('opens a favourite the carer set', async () => {
    await patchSettings(ext, {
      browsing: {
        ...DEFAULT_BROWSING,
        favourites: [
          { name: 'Results', url: `${site.url}results.html?q=favourite` },
          { name: 'Link nine', url: `${site.url}link.html?n=9` },
        ],
      },
    });
    await targetsDrawn(page);
    await openMenu(page);
    await choose(page, 'Favourites', /-> nothing: Open which favourite\? \[menu\]/);
    const list = (await hooked(page))!.menu!;
    expect(list.items.map((i) => i.label)).toEqual(['Results', 'Link nine']);
    expect(list.back.label).toBe('Back to the menu');
    await choose(page, 'Results', /-> open-favourite: Opening Results \[menu\]/, /\/results\.html\?q=favourite$/);
    expect(page.url()).toBe(`${site.url}results.html?q=favourite`);
    await targetsDrawn(page);
  }, 150_000);

  it('calls for help: a notification, the alarm and a banner until a carer answers', async () => {
    await openMenu(page);
    const said = await choose(page, 'Call for help', /-> help: Help called/);
    expect(said).toMatch(/Help called: the alarm is sounding, a message is on the screen/);
    const notes = await ext.serviceWorker.evaluate(() => chrome.notifications.getAll());
    expect(Object.keys(notes)).toEqual(['brainbrowsr-help']);
    const banner = await waitFor('the banner', async () => (await hooked(page))?.helpBanner, 3000);
    expect(banner.text).toBe('Help has been called');

    // The carer answers in the popup (a page's banner has nothing to click: hostile-pages.test.ts).
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    await popup.click('#help-box:not([hidden]) #help-answer');
    await waitFor(
      'the notification gone',
      async () => Object.keys(await ext.serviceWorker.evaluate(() => chrome.notifications.getAll())).length === 0,
      5000,
    );
    await popup.close();
    await waitFor('the banner gone', async () => (await hooked(page))?.helpBanner === undefined, 3000);
    expect(await ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('help')).help)).toBe(
      undefined,
    );
  }, 120_000);

  it('switches to another tab of the window, listed by its title, and back; sleeps from the menu', async () => {
    const other = await ext.context.newPage();
    logActions(other);
    await other.goto(`${site.url}link.html?n=2`);
    await page.bringToFront();
    await targetsDrawn(page);
    await openMenu(page);
    await choose(page, 'Switch tab', /-> nothing: Switch to which tab\?.* \[menu\]/);
    const list = (await hooked(page))!.menu!;
    // The blank tab the browser started with cannot show the squares: it is not offered.
    expect(list.items.map((i) => i.label)).toEqual(['Opened link']);
    expect(list.title).toMatch(/1 more tab cannot show the squares/);
    // The last selection by hand: the undo is offered for a few seconds only, so no pause after it.
    const n = actions.length;
    expect(list.items[0].code).toHaveLength(1);
    await look(page, list.items[0].code[0] + 1);
    await waitFor(
      'the switch',
      () => actions.slice(n).some((a) => /-> switch-tab: Switched to Opened link \[menu\]/.test(a)),
      10_000,
      50,
    );
    await look(page, 0);
    let now = await tabs();
    expect(now.find((t) => t.title === 'Opened link')?.active).toBe(true);
    expect(now.find((t) => t.title === 'Search results')?.active).toBe(false);

    // The tab now in front offers to switch back, on its Menu target.
    await waitFor(
      'the undo offered',
      async () => (await labels(other))[1] === 'Undo: Back to Search results',
      3000,
      50,
    );
    await selectTarget(actions, other, 2, /-> undo: Switched back to Search results \[page\]/);
    now = await tabs();
    expect(now.find((t) => t.title === 'Search results')?.active).toBe(true);

    // Sleep from the menu: only the small wake target stays.
    await targetsDrawn(page);
    await openMenu(page);
    await choose(page, 'Sleep', /-> sleep: Asleep/);
    const log = (await hooked(page))!;
    expect(log.targets.filter((t) => t.shown).map((t) => [t.index, t.label, t.size])).toEqual([[1, 'Wake', 72]]);
    expect(log.visible).toEqual([1]);
    expect(log.mode).toBe('asleep');
  }, 180_000);
});
