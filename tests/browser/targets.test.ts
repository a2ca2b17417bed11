import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import {
  chooseInMenu,
  labels,
  launchFresh,
  look,
  openMenuOn,
  servePages,
  stimulusLog,
  switchOnSimulated,
  selectTarget,
  waitStreamSeconds,
} from './harness';

/**
 * Targets that tell the truth and actions that check themselves, on the test
 * build with the simulated headset (consent given, switched on): labels,
 * disabled targets, Like found by its exact accessible name, no Back on the
 * first page of a tab, typing never selects, clicks pass through, and the
 * same luminance swing on black and white pages.
 */
/**
 * The simulated headset at 3x real time: "nothing for N s" is N s of headset
 * data; slow enough that the progress ring is seen filling between polls.
 */
const SPEED = 3;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
const actions: string[] = [];

function watch(p: Page): void {
  p.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
}

async function open(name: string): Promise<Page> {
  const page = await ext.context.newPage();
  watch(page);
  await page.goto(`${site.url}${name}`);
  await page.bringToFront();
  await waitFor('targets drawn', async () => ((await stimulusLog(page))?.visible.length ?? 0) > 0, 10_000, 200);
  return page;
}

const select = (p: Page, key: number, expectText: RegExp) => selectTarget(actions, p, key, expectText);

/** Looks at target `key` for `seconds` of headset data and returns the actions logged meanwhile (and 1 s after). */
async function stare(p: Page, key: number, seconds = 5): Promise<string[]> {
  const n = actions.length;
  await look(p, key);
  await waitStreamSeconds(p, seconds);
  await look(p, 0);
  await waitStreamSeconds(p, 1);
  return actions.slice(n);
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

describe('actions verify themselves', () => {
  it('Like on a page with Dislike before each Like likes the outlined post, not Dislike, and says so', async () => {
    const page = await open('dislike-like.html');
    // The post to act on is outlined before any action.
    const outlined = await page.evaluate(() => {
      const a = document.querySelector('article[data-brainbrowsr-current]');
      return a ? { id: a.id, outline: getComputedStyle(a).outlineWidth } : null;
    });
    expect(outlined).toEqual({ id: 'post-1', outline: '4px' });
    expect((await labels(page))[0]).toBe('Like');
    const text = await select(page, 1, /-> like:/);
    expect(text).toMatch(/-> like: Liked post 1 of 3 \[feed\]$/);
    const pressed = await page.evaluate(() =>
      Array.from(document.querySelectorAll('article')).map((a) =>
        Array.from(a.querySelectorAll('button')).map(
          (b) => `${b.getAttribute('aria-label')}=${b.getAttribute('aria-pressed')}`,
        ),
      ),
    );
    expect(pressed).toEqual([
      ['Dislike=false', 'Like=true'],
      ['Dislike=false', 'Like=false'],
      ['Dislike=false', 'Like=false'],
    ]);
    // The label follows the state it just checked.
    await waitFor('the label "Unlike"', async () => (await labels(page))[0] === 'Unlike', 2000);
    await page.close();
  }, 40_000);

  it('a post without a like control says so, its Like target is still and selecting it changes nothing', async () => {
    const page = await open('no-like.html');
    const log = (await stimulusLog(page))!;
    expect(log.targets[0].label).toBe('No like button here');
    expect(log.targets[0].flickering).toBe(false);
    expect(log.visible).not.toContain(0);
    const html = await page.evaluate(() => document.querySelector('main')!.innerHTML);
    expect(await stare(page, 1, 5)).toEqual([]);
    expect(await page.evaluate(() => document.body.dataset.clicks ?? '0')).toBe('0');
    expect(await page.evaluate(() => document.querySelector('main')!.innerHTML)).toBe(html);
    await page.close();
  }, 30_000);
});

describe('targets never lie', () => {
  it('the menu offers no Back on the first page of a tab; a home page set by the carer is offered instead', async () => {
    const page = await open('light.html');
    expect((await labels(page))[0]).toBe('Choose…');
    let menu = await openMenuOn(actions, page, 'page');
    // Entries keep their place (and code) on every page; one that cannot act here is shown, disabled.
    const offered = () => menu.items.filter((i) => i.enabled).map((i) => i.label);
    expect(menu.items.find((i) => i.label === 'Back')?.enabled).toBe(false);
    expect(menu.items.find((i) => i.label === 'Start page')?.enabled).toBe(false);
    expect(offered()).not.toContain('Back');
    await select(page, 2, /-> nothing: Menu closed \[menu\]/);
    expect(page.url()).toBe(`${site.url}light.html`);
    // The carer's home page instead of a Back that would strand the user.
    const ctl = await ext.context.newPage();
    await ctl.goto(`chrome-extension://${ext.extensionId}/src/popup/popup.html`);
    await ctl.evaluate(
      (home) => chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { homePage: home } }),
      `${site.url}editors.html`,
    );
    await ctl.close();
    await page.bringToFront();
    menu = await openMenuOn(actions, page, 'page');
    expect(offered()).toContain('Start page');
    await chooseInMenu(actions, page, 'Start page', /-> open-start-page: .*\[menu\]/);
    await waitFor('on the home page', () => page.url() === `${site.url}editors.html`, 5000);
    await page.close();
  }, 90_000);

  it('scroll targets say where they are: "Top of page" is still, "Scroll down" acts', async () => {
    const page = await open('light.html');
    let log = (await stimulusLog(page))!;
    expect(log.targets[2]).toMatchObject({ label: 'Top of page', flickering: false });
    expect(log.targets[3]).toMatchObject({ label: 'Scroll down', flickering: true });
    await select(page, 4, /-> scroll-down/);
    log = (await stimulusLog(page))!;
    expect(log.targets[2]).toMatchObject({ label: 'Scroll up', flickering: true });
    await page.close();
  }, 30_000);
});

describe('no action by accident', () => {
  it('digits typed into a contenteditable and a textarea never select; Alt+Shift+digit elsewhere does', async () => {
    const page = await open('editors.html');
    const n = actions.length;
    await page.click('#editor');
    await page.keyboard.press('End');
    await page.keyboard.type('my phone 1234 4444');
    await page.keyboard.press('Alt+Shift+Digit4');
    await waitStreamSeconds(page, 4);
    await page.click('#notes');
    await page.keyboard.type('call 4 4 4 4 1 3');
    await page.keyboard.press('Alt+Shift+Digit4');
    await waitStreamSeconds(page, 4);
    await look(page, 0);
    expect(actions.slice(n)).toEqual([]);
    expect(await page.textContent('#editor')).toContain('my phone 1234 4444');
    expect(await page.inputValue('#notes')).toContain('call 4 4 4 4 1 3');
    // Out of the editors the same key looks at "Scroll down".
    await page.click('#elsewhere');
    await select(page, 4, /-> scroll-down/);
    await page.close();
  }, 40_000);

  it('clicks pass through the targets to the page; the squares cover under 10 % of a 1200x900 window', async () => {
    const page = await open('light.html');
    const log = (await stimulusLog(page))!;
    const covered = log.rects.reduce((a, r) => a + r.w * r.h, 0) / (1200 * 900);
    console.log(`targets cover ${(covered * 100).toFixed(1)} % of the window (${log.rects.length} squares)`);
    expect(covered).toBeLessThan(0.1);
    // The page's button under the top-left square gets the click.
    const r = log.rects.find((x) => x.index === 0)!;
    await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
    expect(await page.evaluate(() => document.getElementById('corner')!.dataset.clicks)).toBe('1');
    await page.close();
  }, 30_000);
});

describe('evidence the user can see', () => {
  it('a ring fills on the looked-at target before it fires, and empties once the gaze leaves', async () => {
    const page = await open('light.html');
    const seen: number[] = [];
    const n = actions.length;
    await look(page, 4);
    await waitFor(
      'the action',
      async () => {
        const p = (await stimulusLog(page, 1, 500))?.progress[3] ?? 0;
        if (p > 0) seen.push(p);
        return actions.slice(n).some((a) => /-> scroll-down/.test(a));
      },
      8000,
      30,
    );
    await look(page, 0);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen)).toBeLessThan(1);
    await waitFor('the ring empty', async () => (await stimulusLog(page))!.progress.every((p) => p === 0), 4000);
    await page.close();
  }, 30_000);
});

describe('screen readers', () => {
  it('hear the status line (a live region) but not the flickering squares', async () => {
    const page = await open('light.html');
    const cdp = await ext.context.newCDPSession(page);
    // CDP's AXValue: a role or name is a string; other properties may be numbers or booleans.
    type AXValue = { value?: string | number | boolean };
    type AXNode = {
      ignored: boolean;
      role?: AXValue;
      name?: AXValue;
      properties?: { name: string; value: AXValue }[];
    };
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const exposed = nodes.filter((n) => !n.ignored);
    const texts = exposed.map((n) => String(n.name?.value ?? ''));
    // The squares' labels ("Scroll down", "Sleep", "Top of page") are not exposed.
    expect(texts.filter((t) => /^(Scroll down|Sleep|Top of page|No page to go back to)$/.test(t))).toEqual([]);
    const live = exposed.filter(
      (n) => n.role?.value === 'status' && n.properties?.some((p) => p.name === 'live' && p.value.value === 'polite'),
    );
    expect(live.length).toBeGreaterThan(0);
    expect(exposed.some((n) => /BrainBrowsR: look at a square/.test(String(n.name?.value ?? '')))).toBe(true);
    await cdp.detach();
    await page.close();
  }, 30_000);
});

/** Mean grey of a region of a PNG screenshot, decoded in a browser page (no image library needed). */
async function meanGreys(decoder: Page, png: Buffer, regions: { x: number; y: number; w: number; h: number }[]) {
  return decoder.evaluate(
    async ({ b64, regions }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bmp.width, bmp.height);
      const g = canvas.getContext('2d')!;
      g.drawImage(bmp, 0, 0);
      return regions.map((r) => {
        const d = g.getImageData(Math.round(r.x), Math.round(r.y), Math.round(r.w), Math.round(r.h)).data;
        let sum = 0;
        for (let i = 0; i < d.length; i += 4) sum += (d[i] + d[i + 1] + d[i + 2]) / 3;
        return sum / (d.length / 4);
      });
    },
    { b64: png.toString('base64'), regions },
  );
}

describe('visible on every page', () => {
  it('each target swings its own luminance: the same swing (within 10 %) on a black and a white page', async () => {
    const decoder = await ext.context.newPage();
    const swings: Record<string, number[]> = {};
    for (const name of ['dark.html', 'light.html']) {
      // The second page of the tab, scrolled a little: every target has something to do (none is drawn still).
      const page = await open('editors.html');
      await page.goto(`${site.url}${name}`);
      await page.evaluate(() => window.scrollTo(0, 200));
      // No answer yet (the content script of the page just opened may still be starting) is "not yet".
      await waitFor('four targets flickering', async () => (await stimulusLog(page))?.visible.length === 4, 5000);
      const log = (await stimulusLog(page))!;
      // Inside each square: away from its border and above its label plate.
      const regions = log.rects
        .filter((r) => log.visible.includes(r.index))
        .sort((a, b) => a.index - b.index)
        .map((r) => ({ x: r.x + 12, y: r.y + 12, w: r.w - 24, h: r.h - 24 - 30 }));
      expect(regions).toHaveLength(4);
      // Relative luminance (sRGB decoded with gamma 2.2), lowest and highest over 50 screenshots taken at
      // random moments (so no sampling rhythm aliases with a flicker).
      const lo = regions.map(() => 1);
      const hi = regions.map(() => 0);
      for (let i = 0; i < 50; i++) {
        const greys = await meanGreys(decoder, await page.screenshot(), regions);
        greys.forEach((g, k) => {
          const l = Math.pow(g / 255, 2.2);
          lo[k] = Math.min(lo[k], l);
          hi[k] = Math.max(hi[k], l);
        });
        await page.waitForTimeout(Math.random() * 60);
      }
      swings[name] = hi.map((h, k) => h - lo[k]);
      await page.close();
    }
    console.log(
      `luminance swing per target (relative luminance, 0-1) on black: ${swings['dark.html'].map((s) => s.toFixed(3)).join(', ')}; on white: ${swings['light.html'].map((s) => s.toFixed(3)).join(', ')}`,
    );
    swings['dark.html'].forEach((d, k) => {
      const w = swings['light.html'][k];
      expect(Math.min(d, w)).toBeGreaterThan(0.8);
      expect(Math.abs(d - w) / Math.max(d, w)).toBeLessThan(0.1);
    });
    await decoder.close();
  }, 90_000);
});
