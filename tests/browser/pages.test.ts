import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';

/** The Connect page and the studio as a carer meets them: choices, words, keyboard, contrast, announcements. */
let ext: LaunchedExtension;

type Status = { state: string; device: string };
const status = () =>
  ext.serviceWorker.evaluate(async () => (await chrome.storage.session.get('status')).status as Status | undefined);
const page = async (path: string) => {
  const p = await ext.context.newPage();
  await p.goto(`chrome-extension://${ext.extensionId}/src/${path}`);
  return p;
};

/** Visible text whose colour against its background is below 4.5:1 (WCAG AA), disabled controls excepted. */
const lowContrast = (p: Page) =>
  p.evaluate(() => {
    const rgba = (c: string) => (c.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (e: Element | null): number[] => {
      for (; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if ((c[3] ?? 1) > 0.5) return c;
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      const text = Array.from(e.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent!.trim())
        .join('');
      if (
        !text ||
        e.getClientRects().length === 0 ||
        e.closest('button:disabled, input:disabled, label:has(input:disabled)')
      )
        continue;
      if (e.closest('details:not([open])') && !e.closest('summary')) continue;
      const [a, b] = [lum(rgba(getComputedStyle(e).color)), lum(background(e))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 4.5) bad.push(`${e.tagName.toLowerCase()} "${text.slice(0, 40)}": ${ratio.toFixed(2)}`);
    }
    return bad;
  });

beforeAll(async () => {
  ext = await launchWithExtension({ headless: true });
}, 60_000);

afterAll(async () => {
  await ext?.close();
});

describe('Connect page', () => {
  it('works with no device chosen: nothing preselected, Connect asks for a choice, the demo is labelled and last', async () => {
    const connect = await page('connect/connect.html');
    expect(await connect.getAttribute('html', 'lang')).toBe('en');
    await connect.click('#disconnect');
    await waitFor('off', async () => ((await status())?.state ?? 'off') === 'off', 10_000);
    await connect.reload();
    await connect.waitForSelector('input[value=simulated]');
    expect(await connect.locator('input[name=device]:checked').count()).toBe(0);
    expect((await connect.textContent('#status'))?.trim()).toBe('Not connected');

    // The demo headset: marked as such, in its own group after the real headsets.
    const demo = connect.locator('label.device', { has: connect.locator('input[value=simulated]') });
    expect(await demo.textContent()).toMatch(/Demo headset \(simulated\)\s*demo \/ test\s*Not a real headset/);
    const kinds = await connect.$$eval('input[name=device]', (l) => l.map((i) => (i as HTMLInputElement).value));
    expect(kinds.indexOf('simulated')).toBeGreaterThan(kinds.indexOf('cyton'));
    expect(await connect.locator('fieldset', { hasText: 'For trying and testing' }).locator('input').count()).toBe(2);

    await connect.click('#connect');
    expect(await connect.textContent('#message')).toMatch(/^Choose a headset first/);
    expect(await connect.getAttribute('#message', 'aria-live')).toBe('polite');
    await connect.waitForTimeout(1000);
    expect((await status())?.state ?? 'off').toBe('off');

    await connect.check('input[value=simulated]');
    await connect.click('#connect');
    await waitFor(
      'connected, in words',
      async () => (await connect.textContent('#status')) === 'Demo headset: Connected: receiving the signal',
      15_000,
    );
    expect(await connect.getAttribute('#status', 'role')).toBe('status');
    expect((await status())?.device).toBe('simulated');
    expect(await lowContrast(connect)).toEqual([]);
    await connect.close();
  }, 60_000);

  it('help links open the packaged docs in the studio, not file paths', async () => {
    const connect = await page('connect/connect.html');
    const hrefs = await connect.$$eval('a', (l) => l.map((a) => a.href));
    expect(hrefs.length).toBeGreaterThanOrEqual(3);
    for (const h of hrefs)
      expect(h).toMatch(new RegExp(`^chrome-extension://${ext.extensionId}/src/studio/studio.html#`));
    const [help] = await Promise.all([
      ext.context.waitForEvent('page'),
      connect.click('text=how to place the sensors'),
    ]);
    await help.waitForSelector('#help-doc h2');
    expect(await help.locator('[role=tab][aria-selected=true]').textContent()).toBe('Help');
    expect(await help.textContent('#help-doc')).toMatch(/electrode/i);
    await help.close();
    await connect.close();
  }, 30_000);
});

describe('studio', () => {
  it('has a language, tabs with roles and arrow keys, and readable contrast on every tab', async () => {
    const studio = await page('studio/studio.html');
    expect(await studio.getAttribute('html', 'lang')).toBe('en');
    const tabs = studio.getByRole('tab');
    expect((await tabs.allTextContents()).map((t) => t.trim())).toEqual([
      'Calibrate',
      'Headset check',
      'Recordings',
      'Settings',
      'Help',
    ]);
    expect(await studio.getByRole('tablist').count()).toBe(1);
    // One tab stop: the selected tab; arrows move and show.
    expect(await studio.$$eval('[role=tab]', (l) => l.map((t) => (t as HTMLElement).tabIndex))).toEqual([
      0, -1, -1, -1, -1,
    ]);
    await studio.focus('#tab-calibration');
    await studio.keyboard.press('ArrowRight');
    expect(await studio.evaluate(() => document.activeElement?.id)).toBe('tab-live');
    expect(await studio.getAttribute('#tab-live', 'aria-selected')).toBe('true');
    expect(await studio.locator('#panel-live').isVisible()).toBe(true);
    expect(await studio.locator('#panel-calibration').isVisible()).toBe(false);
    await studio.keyboard.press('End');
    expect(await studio.evaluate(() => document.activeElement?.id)).toBe('tab-help');
    await studio.keyboard.press('ArrowRight');
    expect(await studio.evaluate(() => document.activeElement?.id)).toBe('tab-calibration');
    await studio.keyboard.press('ArrowLeft');
    expect(await studio.evaluate(() => document.activeElement?.id)).toBe('tab-help');
    // Tab from the tab list goes into the shown panel.
    await studio.keyboard.press('Tab');
    expect(await studio.evaluate(() => document.activeElement?.id)).toBe('panel-help');
    for (const [tab, panel] of await studio.$$eval('[role=tab]', (l) =>
      l.map((t) => [t.id, t.getAttribute('aria-controls')!]),
    )) {
      await studio.click(`#${tab}`);
      expect(await studio.getAttribute(`#${panel}`, 'role')).toBe('tabpanel');
      expect(await studio.getAttribute(`#${panel}`, 'aria-labelledby')).toBe(tab);
      await studio.waitForTimeout(tab === 'tab-settings' ? 1500 : 300);
      expect(await lowContrast(studio), tab).toEqual([]);
    }
    await studio.close();
  }, 60_000);
});
