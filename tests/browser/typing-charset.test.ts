import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { chooseInMenu, launchFresh, openMenuOn, servePages, stimulusLog, switchOnSimulated } from './harness';
import * as gaze from './speller-gaze';
import { openPage, openTyping, settled } from './speller-gaze';

/**
 * The speller's full character set and "Go to address or search", on the
 * test build with the simulated headset and scripted gaze
 * (./speller-gaze.ts): capitals, digits and marks come from the "more" page.
 */
const SPEED = 10;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;
const actions: string[] = [];

const typeByGaze = (p: Page, text: string) => gaze.typeByGaze(actions, p, text);
const value = (p: Page, selector: string) => p.$eval(selector, (e) => (e as HTMLInputElement).value);

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
  if (process.env.TYPING_LOG) console.log(`ACTIONS\n${actions.join('\n')}`);
  await ext?.close();
  await site?.close();
});

const open = (path: string) => openPage(page, `${site.url}${path}`);

describe('typing every character', () => {
  it('types an e-mail address with a capital, a digit, "+" and "@" into an e-mail field', async () => {
    await open('address.html');
    await openTyping(page, '#email');
    const selections = await typeByGaze(page, 'Jane.Doe+1@example.org');
    expect(await value(page, '#email')).toBe('Jane.Doe+1@example.org');
    console.log(`"Jane.Doe+1@example.org": ${selections} selections`);
  }, 600_000);

  it('types a web address with ":", "/", "?", "=" and "#" into an address field', async () => {
    await open('address.html');
    await openTyping(page, '#web');
    const selections = await typeByGaze(page, 'https://example.org/a?b=2#c');
    expect(await value(page, '#web')).toBe('https://example.org/a?b=2#c');
    console.log(`"https://example.org/a?b=2#c": ${selections} selections`);
  }, 600_000);
});

describe('go to address or search', () => {
  it('opens a typed address from the menu', async () => {
    await open('browse.html');
    await openMenuOn(actions, page, 'page');
    await chooseInMenu(actions, page, 'Go to address or search', /-> open-address: Type an address/);
    await waitFor('typing mode', async () => (await stimulusLog(page))?.mode === 'typing', 3000);
    const address = `localhost:${new URL(site.url).port}/link.html`;
    await typeByGaze(page, address);
    expect((await settled(page)).text).toBe(address);
    // The last selection leaves the page: awaited by the new address and the action's report.
    const said = await gaze.chooseItem(actions, page, (c) => c.kind === 'submit', /\/link\.html$/);
    expect(page.url()).toBe(`http://${address}`);
    expect(said).toMatch(/-> open-address: Opening http:\/\/localhost:\d+\/link\.html \[typing\]/);
  }, 600_000);
});
