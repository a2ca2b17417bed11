import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TypingState } from '../../src/content/typing/typing-mode';
import type { LearnedRow } from '../../src/extension/learned-words-db';
import type { LaunchedExtension } from '../../src/node/chromium';
import { waitFor } from '../helpers/wait';
import { launchFresh, servePages, switchOnSimulated } from './harness';
import { openPage, openTyping, typeByGaze } from './speller-gaze';

/**
 * What a person types into a secret field stays theirs: typed by scripted
 * gaze on the test build, the speller offers letters only, and nothing of
 * the text or of any suggestion reaches the `action` report the page sends
 * the offscreen document for the relay (the service worker hears every
 * runtime message, and listens here), the console lines
 * (`[BrainBrowsR] …` and the simulated headset's `[BrainBrowsR:choices]`)
 * or the learned words in IndexedDB. A page's own text is never learned.
 */
const SPEED = 10;
const SECRET = 'qz';
let ext: LaunchedExtension;
let site: Awaited<ReturnType<typeof servePages>>;
let page: Page;
/** `[BrainBrowsR] …` lines (what was done) and `[BrainBrowsR:choices] …` lines (what was offered). */
const actions: string[] = [];
const offered: string[] = [];

interface Heard {
  to?: string;
  type?: string;
  mode?: string;
  text?: string;
  prefix?: string;
  previousWord?: string;
  word?: string;
}

/**
 * Every runtime message the service worker receives from now on, as it
 * receives it (a listener beside the extension's own, which answers).
 */
async function listenInWorker(): Promise<void> {
  await ext.serviceWorker.evaluate(() => {
    const g = self as unknown as { heard?: unknown[] };
    if (g.heard) return;
    g.heard = [];
    chrome.runtime.onMessage.addListener((m: unknown) => {
      g.heard!.push(m);
    });
  });
}
/** The messages heard since the last call. */
const heard = () =>
  ext.serviceWorker.evaluate(() => (self as unknown as { heard: unknown[] }).heard.splice(0)) as Promise<Heard[]>;

/** The learned words as stored (none before the database exists: opening it here would create it without its store). */
const learnedRows = () =>
  ext.serviceWorker.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'brainbrowsr-words')) return [];
    return new Promise<LearnedRow[]>((resolve, reject) => {
      const open = indexedDB.open('brainbrowsr-words');
      open.onerror = () => reject(open.error ?? new Error('cannot open'));
      open.onsuccess = () => {
        const rows = open.result.transaction('learned').objectStore('learned').getAll();
        rows.onerror = () => reject(rows.error ?? new Error('cannot read'));
        rows.onsuccess = () => {
          resolve(rows.result as LearnedRow[]);
          open.result.close();
        };
      };
    });
  });

beforeAll(async () => {
  site = await servePages();
  ext = await launchFresh();
  await switchOnSimulated(ext, { speed: SPEED });
  await listenInWorker();
  page = await ext.context.newPage();
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('[BrainBrowsR]')) actions.push(text);
    if (text.startsWith('[BrainBrowsR:choices] ')) offered.push(text.slice('[BrainBrowsR:choices] '.length));
  });
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await site?.close();
});

const open = (path: string) => openPage(page, `${site.url}${path}`);

const value = (selector: string) => page.$eval(selector, (e) => (e as HTMLInputElement).value);

/** What a choice may be called in a secret field: one letter or mark, or a command; never a word. */
const LETTERS_AND_COMMANDS = /^(.|space|delete|delete word|enter|done|undo)$/u;
/** All a secret field's outcomes may say. */
const PRIVATE_OUTCOME = /^([●▲■◆] \(private field\)|Typed a character)$/u;

/** The speller's steps in a secret field: letters and commands only, nothing predicted from the text. */
function lettersOnly(s: TypingState): void {
  expect(s.candidates.filter((c) => c.kind === 'word')).toEqual([]);
  for (const g of s.groups) for (const label of g) expect(label).toMatch(LETTERS_AND_COMMANDS);
}

describe('typing into a secret field', () => {
  it.each([
    ['a text field asking for the current password', '#shown', undefined],
    ['a field of a form with autofill off', '#memo', undefined],
    ['a one-time code', '#otp', undefined],
    ['a card number', '#card', undefined],
    ['a password field shown as text by the page', '#pass', '#show'],
  ])(
    '%s: letters only, and no letter or suggestion leaves the speller',
    async (_what, selector, button) => {
      await open('private-fields.html');
      if (button) await page.click(button);
      await heard();
      const firstAction = actions.length;
      const firstOffer = offered.length;
      await openTyping(page, selector);
      await typeByGaze(actions, page, `${SECRET} `, { lettersOnly: true, eachStep: lettersOnly });
      expect(await value(selector)).toBe(`${SECRET} `);

      // What the service worker heard: the outcomes passed on to the relay say nothing of the text.
      const messages = await heard();
      const done = messages.filter((m) => m.to === 'offscreen' && m.type === 'action' && m.mode === 'typing');
      const logged = actions.slice(firstAction).filter((a) => a.endsWith('[typing]'));
      // Every selection was heard (the listener was live the whole time).
      expect(done.length).toBe(logged.length);
      expect(done.length).toBeGreaterThanOrEqual(SECRET.length + 1);
      for (const m of done) expect(m.text).toMatch(PRIVATE_OUTCOME);
      for (const line of logged) expect(/-> \S+: (.*) \[typing\]$/u.exec(line)?.[1]).toMatch(PRIVATE_OUTCOME);
      // No word was asked for from the text, and none was learned.
      for (const m of messages.filter((x) => x.type === 'predict')) {
        expect(m.prefix).toBe('');
        expect(m.previousWord).toBeUndefined();
      }
      expect(messages.filter((m) => m.type === 'learn-word')).toEqual([]);
      // The simulated headset's log of the choices offered: letters and commands only.
      const choices = offered
        .slice(firstOffer)
        .map((o) => JSON.parse(o) as { mode: string; choices: { label: string }[] });
      expect(choices.filter((c) => c.mode === 'typing').length).toBeGreaterThan(0);
      for (const c of choices.filter((x) => x.mode === 'typing')) {
        for (const { label } of c.choices) expect(label).toMatch(LETTERS_AND_COMMANDS);
      }
    },
    180_000,
  );
});

describe("a page's own text", () => {
  it('is never learned: only the words the speller typed are, and nothing from the secret fields', async () => {
    await open('private-fields.html');
    expect(await value('#prefilled')).toBe('zyxwvut');
    await heard();
    await openTyping(page, '#prefilled');
    // A space finishes the page's word; then one word of the person's own.
    await typeByGaze(actions, page, 'zyxwvut k ', { lettersOnly: true });
    const rows = await waitFor(
      'the typed word learned',
      async () => {
        const r = await learnedRows();
        return r.some((x) => x.word === 'k') ? r : undefined;
      },
      10_000,
    );
    const learned = (await heard()).filter((m) => m.type === 'learn-word');
    expect(learned.map((m) => [m.word, m.previousWord])).toEqual([['k', undefined]]);
    expect(rows.map((r) => [r.word, r.previous])).toEqual([['k', '']]);
    // The secret fields before this one (the database holds every word learned in this browser).
    expect(rows.some((r) => r.word.includes(SECRET) || r.previous.includes(SECRET))).toBe(false);
  }, 120_000);

  it("is told from the speller's own even on a page slow to take each keystroke: that word is learned", async () => {
    // The content script's periodic check falls due while the page holds the thread, so it runs as the
    // speller's edit settles: the field then reads as the speller left it, and that text is still its own.
    await open('private-fields.html');
    await heard();
    await openTyping(page, '#slow');
    await typeByGaze(actions, page, 'j ', { lettersOnly: true });
    await waitFor(
      "the slow page's word learned",
      async () => (await learnedRows()).some((r) => r.word === 'j'),
      10_000,
    );
    const learned = (await heard()).filter((m) => m.type === 'learn-word');
    expect(learned.map((m) => [m.word, m.previousWord])).toEqual([['j', undefined]]);
  }, 120_000);
});
