/**
 * Regenerates the screenshots of docs/carer-guide.md from the built
 * extension (run `npm run build` first), in headless Chromium with the demo
 * headset:
 *
 *   npx vite build && npx tsx scripts/screenshots.ts [--out docs/img] [--only connect,calibration-result]
 *
 * Each picture is a PNG of the page at 1000 px wide, checked to stay under
 * 150 KB.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_BROWSING } from '../src/core/protocol/layout';
import type { Settings } from '../src/core/state/settings';
import { launchWithExtension, type LaunchedExtension } from '../src/node/chromium';
import { serveDemo } from '../src/node/demo-server';
import { choose, type ScriptedGaze, selectDigit, watchChoices } from '../src/cli/commands/demo-browse';

const MAX_BYTES = 150 * 1024;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const OUT = resolve(option('out') ?? 'docs/img');
const ONLY = option('only')?.split(',');

async function until<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms: number,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Shot {
  name: string;
  /** Size limit when MAX_BYTES is too tight (a page full of text and tags). */
  maxBytes?: number;
  /** Drives the extension to the state to show; returns the page (and optionally a part of it) to capture. */
  take(ctx: Context): Promise<{ page: Page; selector?: string }>;
}

interface Context {
  ext: LaunchedExtension;
  page(path: string): Promise<Page>;
  site: { url: string };
}

const streaming = (ext: LaunchedExtension) =>
  ext.serviceWorker.evaluate(
    async () => ((await chrome.storage.session.get('status')).status as { state?: string } | undefined)?.state,
  );

/** What the carer did on the welcome page and in the popup: consent to the flashing, switch on. */
async function consentAndSwitchOn(ctx: Context): Promise<void> {
  const p = await ctx.page('src/popup/popup.html');
  await p.evaluate(() =>
    chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { consentAt: Date.now(), on: true } }),
  );
  await p.close();
}

async function connectDemo(ctx: Context): Promise<Page> {
  await consentAndSwitchOn(ctx);
  const p = await ctx.page('src/connect/connect.html');
  await p.waitForSelector('input[value=simulated]');
  await p.check('input[value=simulated]');
  await p.click('#connect');
  await until('the demo headset streaming', async () => (await streaming(ctx.ext)) === 'streaming', 20_000);
  await p.waitForFunction(() => /Connected/.test(document.getElementById('status')?.textContent ?? ''));
  return p;
}

const SHOTS: Shot[] = [
  {
    name: 'connect',
    take: async (ctx) => {
      const p = await connectDemo(ctx);
      await p.setViewportSize({ width: 900, height: 1000 });
      await p.evaluate(() => window.scrollTo(0, 0));
      return { page: p };
    },
  },
  {
    name: 'headset-check',
    take: async (ctx) => {
      await connectDemo(ctx);
      const p = await ctx.page('src/studio/studio.html#live');
      await p.waitForFunction(() => /sensors/.test(document.getElementById('live-summary')?.textContent ?? ''));
      await p.waitForTimeout(2500);
      return { page: p };
    },
  },
  {
    name: 'calibration-result',
    take: async (ctx) => {
      await connectDemo(ctx);
      // The full default calibration (about 2 minutes), so the page states the same duration as the guide.
      const p = await ctx.page('src/studio/studio.html#calibration');
      await p.click('#cal-start');
      await p.waitForSelector('#cal-outcome', { timeout: 150_000 });
      await p.evaluate(() => window.scrollTo(0, 0));
      return { page: p };
    },
  },
  {
    name: 'calibration-too-low',
    take: async (ctx) => {
      await connectDemo(ctx);
      // The demo headset's simulated person looks at nothing, whatever the page cues
      // (every 50 ms, so a missed message while the offscreen document restarts does not matter).
      await ctx.ext.serviceWorker.evaluate(() => {
        setInterval(
          () =>
            void chrome.runtime.sendMessage({ to: 'offscreen', type: 'gaze', frequency: null }).catch(() => undefined),
          50,
        );
      });
      const p = await ctx.page('src/studio/studio.html#calibration');
      await p.click('#cal-start');
      await p.waitForSelector('#cal-outcome', { timeout: 150_000 });
      await p.click('#cal-save');
      await p.waitForSelector('#cal-confirm[open]');
      return { page: p };
    },
  },
  {
    name: 'calibration-running',
    take: async (ctx) => {
      await connectDemo(ctx);
      const p = await ctx.page('src/studio/studio.html#calibration');
      await p.click('#cal-start');
      // Step 3: a look at a square (steps alternate look, rest), a second into it.
      await p.waitForFunction(
        () => /Step 3 of \d+ · 4 s/.test(document.getElementById('cal-step')?.textContent ?? ''),
        null,
        {
          timeout: 30_000,
        },
      );
      return { page: p };
    },
  },
  {
    name: 'settings',
    take: async (ctx) => {
      const p = await ctx.page('src/studio/studio.html#settings');
      await p.waitForSelector('.t-freq');
      return { page: p };
    },
  },
  {
    // The page a fresh install opens: the flashing warning and consent.
    name: 'welcome',
    take: async (ctx) => {
      const p = await until(
        'the welcome page',
        () => ctx.ext.context.pages().find((q) => q.url().endsWith('src/welcome/welcome.html')),
        10_000,
      );
      await p.setViewportSize({ width: 1000, height: 800 });
      await p.waitForLoadState();
      return { page: p };
    },
  },
  {
    // A feed with every target asleep but the small wake target.
    name: 'sleep',
    take: async (ctx) => {
      await connectDemo(ctx);
      const feed = await ctx.ext.context.newPage();
      await feed.setViewportSize({ width: 1000, height: 800 });
      await feed.goto(ctx.site.url);
      await feed.waitForTimeout(2500);
      const p = await ctx.page('src/popup/popup.html');
      await p.evaluate(() =>
        chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { asleep: true } }),
      );
      await p.close();
      await feed.bringToFront();
      await feed.waitForTimeout(2000);
      return { page: feed };
    },
  },
  {
    // The browse page with a code beside everything clickable.
    name: 'hints',
    maxBytes: 200 * 1024,
    take: async (ctx) => {
      const { page, g } = await gazeOn(ctx, 'browse.html');
      await selectDigit(g, 0);
      await page.waitForTimeout(800);
      return { page };
    },
  },
  {
    // The speller on the browse page's search box, a word under way.
    name: 'typing',
    take: async (ctx) => {
      const { page, g, choices } = await gazeOn(ctx, 'browse.html');
      await selectDigit(g, 0);
      await choose(g, choices, 'the search box', (c) => /search/i.test(c.label) && !/button|^go$/i.test(c.label));
      await choose(g, choices, 'the letter "b"', (c) => c.label === 'b');
      await page.waitForTimeout(800);
      return { page };
    },
  },
  {
    // One switch: only the Menu square flickers; the lit square is framed in yellow.
    name: 'one-switch',
    take: async (ctx) => {
      const p = await ctx.page('src/popup/popup.html');
      await p.evaluate(async (defaults) => {
        const s = await chrome.runtime.sendMessage<unknown, Settings>({ to: 'background', type: 'get-settings' });
        const browsing = { ...(s.browsing ?? defaults), oneSwitch: { on: true, stepSeconds: 2.5 } };
        await chrome.runtime.sendMessage({ to: 'background', type: 'set-settings', settings: { ...s, browsing } });
      }, DEFAULT_BROWSING);
      await p.close();
      const { page } = await gazeOn(ctx, 'browse.html');
      // Past the start-up and into the scan: a square lit.
      await page.waitForTimeout(5000);
      return { page };
    },
  },
  {
    // The menu over a page.
    name: 'menu',
    take: async (ctx) => {
      const { page, g } = await gazeOn(ctx, 'browse.html');
      await selectDigit(g, 1);
      await page.waitForTimeout(800);
      return { page };
    },
  },
];

/** The demo headset on a demo page, with the scripted gaze of `npm start` and the codes it reads. */
async function gazeOn(ctx: Context, path: string, height = 800) {
  await connectDemo(ctx);
  const page = await ctx.ext.context.newPage();
  await page.setViewportSize({ width: 1000, height });
  const actions: string[] = [];
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
  });
  const choices = watchChoices(page);
  await page.goto(`${ctx.site.url}${path}`);
  await page.bringToFront();
  const g: ScriptedGaze = { page, actions, say: (line) => console.log(line) };
  return { page, g, choices };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const site = await serveDemo();
  const failed: string[] = [];
  try {
    for (const shot of SHOTS) {
      if (ONLY && !ONLY.includes(shot.name)) continue;
      // A fresh browser profile per picture: each starts from a clean install.
      const userDataDir = mkdtempSync(join(tmpdir(), 'brainbrowsr-screenshots-'));
      const ext = await launchWithExtension({ headless: true, userDataDir }).catch((e: Error) => {
        rmSync(userDataDir, { recursive: true, force: true });
        throw e;
      });
      const pages: Page[] = [];
      const ctx: Context = {
        ext,
        site,
        page: async (path) => {
          const p = await ext.context.newPage();
          await p.setViewportSize({ width: 1000, height: 800 });
          await p.goto(`chrome-extension://${ext.extensionId}/${path}`);
          pages.push(p);
          return p;
        },
      };
      try {
        const got = await shot.take(ctx);
        const file = resolve(OUT, `${shot.name}.png`);
        await got.page.bringToFront();
        if (got.selector) await got.page.locator(got.selector).screenshot({ path: file });
        else await got.page.screenshot({ path: file, fullPage: false });
        const bytes = statSync(file).size;
        console.log(`${shot.name}: ${file} (${Math.round(bytes / 1024)} KB)`);
        const limit = shot.maxBytes ?? MAX_BYTES;
        if (bytes > limit) failed.push(`${shot.name} is ${Math.round(bytes / 1024)} KB (limit ${limit / 1024} KB)`);
      } catch (e) {
        failed.push(`${shot.name}: ${(e as Error).message}`);
      } finally {
        await ext.close();
        rmSync(userDataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await site.close();
  }
  if (failed.length) {
    console.error(failed.join('\n'));
    process.exit(1);
  }
}

void main();
