import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import {
  lastBeat,
  launchFresh,
  look,
  lookAway,
  chooseInMenu,
  openMenuOn,
  selectCode,
  servePages,
  stimulusLog,
  switchOnSimulated,
  waitRearmed,
} from './harness';
import * as gaze from './speller-gaze';
import { openPage, openTyping, settled } from './speller-gaze';

/**
 * Typing with the speller on the test build, the simulated headset and
 * scripted gaze (./speller-gaze.ts), until the field holds the text.
 * Asserts what the field and the next page hold.
 */
const SPEED = 10;
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;
const actions: string[] = [];

const chooseItem = (p: Page, want: Parameters<typeof gaze.chooseItem>[2], leadsTo?: RegExp) =>
  gaze.chooseItem(actions, p, want, leadsTo);
const typeByGaze = (p: Page, text: string) => gaze.typeByGaze(actions, p, text);

/** As the person does it: "Choose…", then the field's hint code, target by target, until the speller opens. */
async function openTypingByHint(p: Page, label: string): Promise<void> {
  await look(p, 1);
  await waitFor('hints', async () => ((await stimulusLog(p))?.hints?.length ?? 0) > 0, 30_000, 100);
  await lookAway(p);
  await waitRearmed(p, (await lastBeat(p))?.t);
  const hint = (await stimulusLog(p))!.hints!.find((h) => h.text === label);
  if (!hint) throw new Error(`no hint for "${label}"`);
  for (const digit of hint.code) {
    const n = actions.length;
    await look(p, digit + 1);
    await waitFor('a hint step', () => actions.slice(n).find((a) => /\[hints\]$/.test(a)), 10_000, 20);
    await lookAway(p);
    await waitRearmed(p, (await lastBeat(p))?.t);
  }
  await waitFor('typing mode', async () => (await stimulusLog(p))?.mode === 'typing', 3000);
}

const value = (p: Page, selector: string) => p.$eval(selector, (e) => (e as HTMLInputElement).value);

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await switchOnSimulated(ext, { speed: SPEED });
  page = await ext.context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[BrainBrowsR]')) actions.push(m.text());
    if (process.env.DEBUG_TYPING) console.log(m.type(), m.text());
  });
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

const open = (path: string) => openPage(page, `${site.url}${path}`);

describe('typing', () => {
  it('types "brain computer" into the search box chosen by its hint, by gaze, and submits it', async () => {
    await open('browse.html');
    await openTypingByHint(page, 'Search');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    const selections = await typeByGaze(page, 'brain computer');
    expect((await value(page, '#q')).trim()).toBe('brain computer');
    console.log(`"brain computer": ${selections} selections`);
    // The targets say what each leads to: a symbol and the group's first items.
    const labels = (await stimulusLog(page))!.targets.map((t) => t.label);
    expect(labels.every((l) => /^[●▲■◆] \S/.test(l) || l === 'Back')).toBe(true);
    // Sending the form leaves the page.
    const sent = await chooseItem(page, (c) => c.kind === 'submit', /results\.html/);
    expect(sent).toMatch(/submit: Sent/);
    await page.waitForLoadState();
    expect(await page.textContent('#query')).toBe('brain computer');
  }, 240_000);

  it('finds links by the first letters of their words from the menu: only those get hints, and the chosen one opens', async () => {
    await open('browse.html');
    await openMenuOn(actions, page, 'page');
    await chooseInMenu(
      actions,
      page,
      'Find by its words',
      /-> open-find: Spell the first letters of its words \[menu\]/,
    );
    await waitFor('the speller', async () => (await stimulusLog(page))?.mode === 'typing', 3000);
    await typeByGaze(page, 'elec');
    const sent = await chooseItem(page, (c) => c.kind === 'submit');
    expect(sent).toMatch(/-> open-hints: Choose among those beginning with “elec” \[typing\]/);
    const hints = await waitFor(
      'the hints',
      async () => {
        const h = (await stimulusLog(page))?.hints ?? [];
        return h.length > 0 && h;
      },
      5000,
    );
    const names = hints.map((h) => h.text);
    expect(names).toEqual(expect.arrayContaining(['Dry electrodes', 'Gel electrodes', 'Wet electrodes']));
    expect(
      names.every((n) => /(^|\W)elec/i.test(n)),
      names.join(', '),
    ).toBe(true);
    // Of the page's many links only the nine electrodes at most: two looks from each.
    expect(names.length).toBeLessThanOrEqual(9);
    const wet = hints.find((h) => h.text === 'Wet electrodes')!;
    expect(wet.code.length).toBeLessThanOrEqual(2);
    await selectCode(actions, page, wet.code, /Wet electrodes/, /link\.html\?n=24$/);
  }, 300_000);

  it('a field that takes no more text says so, and shows what the field holds', async () => {
    await open('typing.html');
    await openTyping(page, '#short');
    // "abcd" plus one letter fits maxlength 5; the next does not.
    await chooseItem(page, (c) => c.kind === 'letter' && c.label === 'e');
    expect(await value(page, '#short')).toBe('abcde');
    const refused = await chooseItem(page, (c) => c.kind === 'letter' && c.label === 'f');
    expect(refused).toMatch(/at most 5 characters/);
    const s = await settled(page);
    expect(s.message).toMatch(/at most 5 characters: nothing typed/);
    expect(s.text).toBe('abcde');
    expect(await value(page, '#short')).toBe('abcde');
  }, 120_000);

  it('undo of a typed word removes it from the field', async () => {
    await open('typing.html');
    await openTyping(page, '#notes');
    await typeByGaze(page, 'the');
    // "the" comes as a completion (with its space) or as letters: finish the word either way.
    if ((await value(page, '#notes')) === 'the') await chooseItem(page, (c) => c.kind === 'space');
    expect(await value(page, '#notes')).toBe('the ');
    const undone = await chooseItem(page, (c) => c.kind === 'undo');
    expect(undone).toMatch(/undo: Deleted "the"/);
    expect(await value(page, '#notes')).toBe('');
  }, 120_000);

  it('says when a field is read-only or the page rewrites the text, and types into a contenteditable box', async () => {
    await open('typing.html');
    await openTyping(page, '#locked');
    expect((await settled(page)).message).toBe('This field cannot be changed (read-only)');
    const refused = await chooseItem(page, (c) => c.kind === 'letter' && c.label === 'a');
    expect(refused).toMatch(/\(read-only\): nothing typed/);
    expect(await value(page, '#locked')).toBe('fixed');
    await chooseItem(page, (c) => c.kind === 'done');
    await waitFor('typing closed', async () => (await stimulusLog(page))?.mode === 'page', 3000);

    // The page turns what is typed into capitals: the speller says so and shows the field's text.
    await openTyping(page, '#upper');
    const changed = await chooseItem(page, (c) => c.kind === 'letter' && c.label === 'a');
    expect(changed).toMatch(/The page changed the text to "A"/);
    expect((await settled(page)).text).toBe('A');
    expect(await value(page, '#upper')).toBe('A');
    await chooseItem(page, (c) => c.kind === 'done');
    await waitFor('typing closed', async () => (await stimulusLog(page))?.mode === 'page', 3000);

    await openTyping(page, '#editor');
    await typeByGaze(page, 'hi');
    expect(await page.textContent('#editor')).toBe('hi');
    await chooseItem(page, (c) => c.kind === 'delete');
    expect(await page.textContent('#editor')).toBe('h');
  }, 180_000);
});
