import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Settings } from '../../src/core/state/settings';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { launchFresh } from './harness';

/** The studio's browsing settings as a carer uses them: favourites, code symbols, what each square does. */
let ext: LaunchedExtension;
let studio: Page;

const stored = () =>
  ext.serviceWorker.evaluate(async () => (await chrome.storage.local.get('settings')).settings as Settings | undefined);
const status = () => studio.textContent('#settings-status');

beforeAll(async () => {
  ext = await launchFresh();
  studio = await ext.context.newPage();
  await studio.goto(`chrome-extension://${ext.extensionId}/src/studio/studio.html#settings`);
  await studio.waitForSelector('.t-page');
}, 60_000);

afterAll(async () => {
  await ext?.close();
});

describe('browsing settings in the studio', () => {
  it('refuses a favourite that is not a web page, saves a good one and the code symbols', async () => {
    await studio.fill('#fav-name', 'Files');
    await studio.fill('#fav-url', 'file:///home/me');
    await studio.click('#fav-add');
    expect(await studio.textContent('#fav-problem')).toBe(
      'Not added: Files: "file:///home/me" is not a web page\'s address; it must start with https:// or http://.',
    );
    await studio.fill('#fav-url', 'news.example');
    await studio.click('#fav-add');
    expect(await studio.textContent('#fav-problem')).toMatch(/^Not added: Files: "news.example" is not a web page/);
    expect(await studio.locator('#favourites .fav').count()).toBe(0);

    await studio.fill('#fav-name', 'News');
    await studio.fill('#fav-url', 'https://news.example/today');
    await studio.click('#fav-add');
    expect(await studio.textContent('#fav-problem')).toBe('Added News. Press Apply to save.');
    await studio.fill('#fav-name', 'Mail');
    await studio.fill('#fav-url', 'https://mail.example/');
    await studio.press('#fav-url', 'Enter');
    await studio.click('button[aria-label="Remove Mail"]');
    await studio.selectOption('#hint-alphabet', 'numbers');
    await studio.selectOption('#speller-language', 'german');
    // One switch, at a scan speed outside what is allowed: refused with the reason, nothing saved.
    const before = await stored();
    await studio.check('#one-switch');
    await studio.fill('#scan-step', '0.5');
    await studio.click('#settings-save');
    expect(await status()).toBe('Not applied: fix the problems above.');
    expect(await studio.textContent('#settings-warnings')).toMatch(/scan speed must be 1 to 8 seconds per square/);
    expect(await stored()).toEqual(before);
    await studio.fill('#scan-step', '3.5');
    await studio.click('#settings-save');
    await waitFor('applied', async () => (await status()) === 'Applied.', 5000);
    expect((await stored())?.browsing).toEqual({
      hintAlphabet: 'numbers',
      language: 'german',
      favourites: [{ name: 'News', url: 'https://news.example/today' }],
      oneSwitch: { on: true, stepSeconds: 3.5 },
    });

    // Saved: a fresh studio shows them.
    await studio.reload();
    await studio.waitForSelector('#favourites .fav');
    expect(await studio.locator('#favourites .fav').allTextContents()).toEqual(['News: https://news.example/today']);
    expect(await studio.inputValue('#hint-alphabet')).toBe('numbers');
    expect(await studio.isChecked('#one-switch')).toBe(true);
    expect(await studio.inputValue('#scan-step')).toBe('3.5');
  }, 60_000);

  it('needs exactly one square that opens the menu, and says so instead of saving', async () => {
    const before = await stored();
    // Square 2 (Menu) no longer opens the menu on other pages.
    await studio.locator('.t-page').nth(1).selectOption('scroll-down');
    await studio.click('#settings-save');
    expect(await status()).toBe('Not applied: fix the problems above.');
    expect(await studio.textContent('#settings-warnings')).toMatch(
      /Square 2 \(Menu\) opens the menu on social feeds but not on other pages\./,
    );
    await studio.locator('.t-page').nth(1).selectOption('menu');
    await studio.locator('.t-feed').nth(3).selectOption('menu');
    await studio.click('#settings-save');
    expect(await studio.textContent('#settings-warnings')).toMatch(/Only one square can open the menu/);
    expect(await stored()).toEqual(before);
    await studio.locator('.t-feed').nth(3).selectOption('next-post');
    await studio.click('#settings-save');
    await waitFor('applied', async () => (await status()) === 'Applied.', 5000);
  }, 60_000);
});
