import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { launchFresh, look, servePages, stimulusLog, switchOnSimulated } from './harness';

/**
 * Pages that try to see, steer or silence the extension (test build, the
 * simulated headset): a page's own events, styles, DOM changes and history
 * tricks must not make it act, act unseen, hide a call for help or send
 * the user somewhere else while saying all went well.
 */
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;
const actions: string[] = [];

const targetsDrawn = (p: Page) =>
  waitFor('targets drawn', async () => (await stimulusLog(p))?.visible.includes(1), 15_000, 200);

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await switchOnSimulated(ext);
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
  // Alt+Shift+4 (Scroll down) from the page's script, over and over, while the keyboard looks at Menu.
  await page.evaluate(() => {
    const spam = () =>
      window.dispatchEvent(new KeyboardEvent('keydown', { code: 'Digit4', altKey: true, shiftKey: true }));
    (window as unknown as { spam: number }).spam = window.setInterval(spam, 50);
  });
  const n = actions.length;
  await look(page, 2);
  const first = await waitFor('an action', () => actions[n], 15_000);
  await look(page, 0);
  await page.evaluate(() => clearInterval((window as unknown as { spam: number }).spam));
  expect(first).toMatch(/-> open-menu:/);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
}, 60_000);
