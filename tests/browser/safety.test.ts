import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, type LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { launchFresh, servePages } from './harness';

/**
 * A fresh install of the production build (dist/, no test hooks), driven
 * through its pages as a carer would: nothing is drawn on any page until
 * consent (welcome page), a headset (Connect page) and the switch (popup);
 * and nothing a page posts makes the extension reveal itself.
 */
let ext: LaunchedExtension & { welcome?: Page };
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;

/** The overlay's host: a child of <html> other than head and body (its name is random at each load). */
const overlayPresent = (p: Page) =>
  p.evaluate(() => document.documentElement.querySelector(':scope > :not(head):not(body)') !== null);
const extensionPage = async (path: string) => {
  const p = await ext.context.newPage();
  await p.goto(`chrome-extension://${ext.extensionId}/${path}`);
  return p;
};
const status = () =>
  ext.serviceWorker.evaluate(
    async () => (await chrome.storage.session.get('status')).status as { state: string; device: string } | undefined,
  );

/** Waits `ms` and checks the page never had the overlay meanwhile. */
async function neverDrawn(p: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await overlayPresent(p)).toBe(false);
    await p.waitForTimeout(200);
  }
}

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh({ dist: DIST, keepWelcome: true });
  page = await ext.context.newPage();
  await page.goto(`${site.url}light.html`);
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

describe('a fresh install', () => {
  it('opens the welcome page with the photosensitivity warning; consent needs the box ticked', async () => {
    const welcome = ext.welcome!;
    const warning = await welcome.textContent('#warning');
    expect(warning).toMatch(/Photosensitivity warning/);
    expect(warning).toMatch(/seizures in people with photosensitive epilepsy/);
    expect(await welcome.getAttribute('html', 'lang')).toBe('en');
    expect(await welcome.isDisabled('#consent')).toBe(true);
  });

  it('has no headset and draws nothing on any page; the switch waits for consent', async () => {
    await neverDrawn(page, 3000);
    expect((await status())?.state ?? 'off').toBe('off');
    const settings = await ext.serviceWorker.evaluate(
      async () => (await chrome.storage.local.get('settings')).settings,
    );
    expect((settings as { device?: string } | undefined)?.device ?? 'none').toBe('none');
    const contexts = await ext.serviceWorker.evaluate(async () =>
      (await chrome.runtime.getContexts({})).map((c) => c.contextType),
    );
    expect(contexts).not.toContain('OFFSCREEN_DOCUMENT');
    const popup = await extensionPage('src/popup/popup.html');
    await popup.waitForSelector('#consent-needed:not([hidden])');
    expect(await popup.isDisabled('#power')).toBe(true);
    await popup.close();
  });

  it('without a headset, the studio says so when asked to record or calibrate, and records nothing', async () => {
    const studio = await extensionPage('src/studio/studio.html#recordings');
    await studio.click('#rec-start');
    await studio.waitForSelector('#rec-status.error');
    expect(await studio.textContent('#rec-status')).toMatch(/^Not recording: no headset is connected/);
    expect(await studio.isDisabled('#rec-start')).toBe(false);
    expect(await studio.isDisabled('#rec-stop')).toBe(true);
    await studio.goto(`chrome-extension://${ext.extensionId}/src/studio/studio.html#calibration`);
    await studio.click('#cal-start');
    await studio.waitForSelector('#cal-result .error');
    // No consent yet: that comes first (the headset is checked again once consent is given, below).
    expect(await studio.textContent('#cal-result')).toMatch(/photosensitivity warning on the welcome page/);
    expect(await studio.isDisabled('#cal-start')).toBe(false);
    // Opened only if it exists: opening creates a database, and an empty one would stop the extension creating its own.
    const recordings = await studio.evaluate(async () => {
      if (!(await indexedDB.databases()).some((d) => d.name === 'brainbrowsr')) return 0;
      return new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('brainbrowsr');
        open.onerror = () => reject(open.error ?? new Error('cannot open the database'));
        open.onsuccess = () => {
          const count = open.result.transaction('recordings').objectStore('recordings').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error ?? new Error('cannot count'));
        };
      });
    });
    expect(recordings).toBe(0);
    await studio.close();
  });

  it('consent alone, then a headset too, still draw nothing; the switch on draws the targets, off removes them', async () => {
    const welcome = ext.welcome!;
    await welcome.check('#consent-check');
    await welcome.click('#consent');
    await waitFor(
      'consent recorded',
      async () => /allowed/.test((await welcome.textContent('#consent-state')) ?? ''),
      3000,
    );
    await neverDrawn(page, 2000);
    const studio = await extensionPage('src/studio/studio.html#calibration');
    await studio.click('#cal-start');
    await studio.waitForSelector('#cal-result .error');
    expect(await studio.textContent('#cal-result')).toMatch(/The headset is not sending data\. Connect it first/);
    await studio.close();

    const connect = await extensionPage('src/connect/connect.html');
    await connect.waitForSelector('input[value=simulated]');
    await connect.check('input[value=simulated]');
    await connect.click('#connect');
    await waitFor('streaming', async () => (await status())?.state === 'streaming', 20_000);
    await connect.close();
    await neverDrawn(page, 2000);

    const popup = await extensionPage('src/popup/popup.html');
    await popup.waitForSelector('#power:not([disabled])');
    await popup.click('#power');
    expect(await popup.getAttribute('#power', 'aria-checked')).toBe('true');
    await waitFor('targets drawn', () => overlayPresent(page), 5000);
    await popup.click('#power');
    expect(await popup.getAttribute('#power', 'aria-checked')).toBe('false');
    await waitFor('targets gone', async () => !(await overlayPresent(page)), 5000);
    await popup.click('#power');
    await waitFor('targets drawn again', () => overlayPresent(page), 5000);
    await popup.close();
  }, 60_000);

  it('a site opted out shows nothing; the carer has shortcuts for on/off and sleep', async () => {
    const ctl = await extensionPage('src/popup/popup.html');
    const setBlocked = (sites: string[]) =>
      ctl.evaluate(
        (blockedSites) =>
          chrome.runtime.sendMessage({ to: 'background', type: 'set-control', patch: { blockedSites } }),
        sites,
      );
    await setBlocked(['127.0.0.1']);
    await waitFor('targets gone on the opted-out site', async () => !(await overlayPresent(page)), 5000);
    await setBlocked([]);
    await waitFor('targets back', () => overlayPresent(page), 5000);
    await ctl.close();
    const commands = await ext.serviceWorker.evaluate(async () =>
      (await chrome.commands.getAll()).map((c) => `${c.name}=${c.shortcut}`),
    );
    console.log(`commands: ${commands.join(', ')}`);
    expect(commands).toEqual(expect.arrayContaining(['toggle-on=Alt+Shift+O', 'toggle-sleep=Alt+Shift+S']));
    const permissions = await ext.serviceWorker.evaluate(() => chrome.runtime.getManifest().permissions);
    expect(permissions).not.toContain('tabs');
  });

  it('nothing a page posts makes the extension answer (no test hooks in the production build)', async () => {
    expect(await overlayPresent(page)).toBe(true);
    const answers = await page.evaluate(async () => {
      const got: unknown[] = [];
      // Posted messages arrive as copies: tell our own probes apart by their text.
      const mine = new Set<string>();
      window.addEventListener('message', (e) => {
        if (!mine.has(JSON.stringify(e.data))) got.push(e.data);
      });
      const probes: unknown[] = [
        { type: 'brainbrowsr:stimulus-log?' },
        { type: 'brainbrowsr:stimulus-log?', frames: 100000 },
        { type: 'brainbrowsr:status?' },
        { to: 'content', type: 'request-state' },
        { to: 'background', type: 'get-status' },
        'brainbrowsr',
      ];
      for (const p of probes) {
        mine.add(JSON.stringify(p));
        window.postMessage(p, '*');
      }
      await new Promise((r) => setTimeout(r, 2000));
      return got;
    });
    expect(answers).toEqual([]);
  });

  it('withdrawing consent switches everything off', async () => {
    const welcome = ext.welcome!;
    await welcome.click('#withdraw');
    await waitFor('targets gone', async () => !(await overlayPresent(page)), 5000);
    const control = await ext.serviceWorker.evaluate(async () => (await chrome.storage.local.get('control')).control);
    expect(control).toMatchObject({ on: false, consentAt: null });
  });
});
