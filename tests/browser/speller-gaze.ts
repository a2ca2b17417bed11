import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TypingState } from '../../src/content/typing/typing-mode';
import { waitFor } from '../helpers/wait';
import { lastBeat, look, lookAway, selectLeaving, stimulusLog, waitRearmed } from './harness';

/**
 * Typing with the speller by scripted gaze on the test build: for every
 * item, a look at the target of each digit of its code as the speller shows
 * it now (read from the test hook). `actions` collects the page's
 * `[BrainBrowsR] …` console lines as they come.
 */

/** A test-build hook, as a string (see harness.stimulusLog). */
export function askHook<T>(p: Page, question: object, answer: string, ms = 2000): Promise<T | undefined> {
  return p.evaluate<T | undefined>(`new Promise((resolve) => {
    const onMessage = (e) => {
      if (e.data?.type !== ${JSON.stringify(answer)}) return;
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(e.data);
    };
    const timer = setTimeout(() => { window.removeEventListener('message', onMessage); resolve(undefined); }, ${ms});
    window.addEventListener('message', onMessage);
    window.postMessage(${JSON.stringify(question)}, '*');
  })`);
}

/** Opens a page in front with its targets drawn and the simulated person looking at the page, nothing held. */
export async function openPage(p: Page, url: string): Promise<void> {
  await p.goto(url);
  await p.bringToFront();
  // Hints and the menu at least (a page too short to scroll has nothing for the scroll targets).
  await waitFor('targets drawn', async () => ((await stimulusLog(p))?.visible.length ?? 0) >= 2, 10_000, 200);
  // A look away pressed while the previous page was unloading (a submit navigates) never reached the
  // headset: the last target would still be looked at, and fire here.
  await look(p, 0);
  await waitRearmed(p, undefined);
}

export const typing = async (p: Page) =>
  (await askHook<{ state: TypingState | null }>(p, { type: 'brainbrowsr:typing?' }, 'brainbrowsr:typing'))?.state ??
  null;

/** The speller's choices once the word list has answered. */
export const settled = (p: Page) =>
  waitFor(
    'the speller ready',
    async () => {
      const s = await typing(p);
      return s && !s.pending ? s : undefined;
    },
    5000,
    50,
  );

/** Test builds only: the speller opened on a field directly, for the cases about what fields accept. */
export async function openTyping(p: Page, selector: string): Promise<void> {
  const r = await askHook<{ opened: boolean }>(
    p,
    { type: 'brainbrowsr:open-typing?', selector },
    'brainbrowsr:open-typing',
  );
  expect(r?.opened).toBe(true);
  await waitFor('typing mode', async () => (await stimulusLog(p))?.mode === 'typing', 3000);
}

/** One look at the target in position `digit` (0-based), until the speller acts on it; then away again. */
export async function choose(actions: string[], p: Page, digit: number): Promise<string> {
  const n = actions.length;
  await look(p, digit + 1);
  const text = await waitFor('a typing action', () => actions.slice(n).find((a) => /\[typing\]$/.test(a)), 10_000, 20);
  await lookAway(p);
  // The same target re-arms after its score has been low for a second of headset time.
  await waitRearmed(p, (await lastBeat(p))?.t);
  return text;
}

/**
 * Selects the item (label and kind) by its code, digit by digit. An item
 * that leaves the page (a form sent, an address opened) names the address
 * it leads to, `leadsTo`: its last digit is awaited by that address and by
 * the action's report, as the page's own line can go with the page.
 */
export async function chooseItem(
  actions: string[],
  p: Page,
  want: (c: TypingState['candidates'][number]) => boolean,
  leadsTo?: RegExp,
): Promise<string> {
  const s = await settled(p);
  const c = s.candidates.find(want);
  if (!c) throw new Error(`not offered: ${JSON.stringify(s.groups)}`);
  let last = '';
  for (const [k, d] of c.rest.entries()) {
    last =
      leadsTo && k === c.rest.length - 1
        ? await selectLeaving(actions, p, d + 1, /\[typing\]$/, leadsTo)
        : await choose(actions, p, d);
  }
  return last;
}

/**
 * Types `text` by gaze: a completion when one fits (unless `lettersOnly`), else the next letter or a space,
 * else the next character as it is, opening the page of capitals, digits and marks ("more") for it.
 * `eachStep` sees the choices of every step. Returns the selections used.
 */
export async function typeByGaze(
  actions: string[],
  p: Page,
  text: string,
  options: { lettersOnly?: boolean; eachStep?: (s: TypingState) => void } = {},
): Promise<number> {
  let selections = 0;
  for (let guard = 0; guard < 3 * text.length + 20; guard++) {
    const s = await settled(p);
    options.eachStep?.(s);
    if (s.text === text || s.text === `${text} `) return selections;
    expect(`${text} `.startsWith(s.before), `typed "${s.before}" on the way to "${text}"`).toBe(true);
    const word = /[\p{L}'-]*$/u.exec(s.before)![0];
    const start = s.before.slice(0, s.before.length - word.length);
    const next = text[s.before.length];
    const completion = options.lettersOnly
      ? undefined
      : s.candidates.find((c) => c.kind === 'word' && `${text} `.startsWith(`${start}${c.label} `));
    const typesAsIs = (c: TypingState['candidates'][number]) =>
      (c.kind === 'symbol' || c.kind === 'punctuation') && c.label === next;
    const pick =
      completion ??
      s.candidates.find((c) => (next === ' ' ? c.kind === 'space' : c.kind === 'letter' && c.label === next)) ??
      // Capitals, digits and marks: as they are where offered (an address takes marks as they are), else "more" first.
      s.candidates.find(typesAsIs) ??
      s.candidates.find((c) => c.kind === 'more') ??
      // On the "more" page with a small letter next (a look that chose "more" by mistake): back, as a person would.
      s.candidates.find((c) => c.kind === 'letters');
    if (!pick) throw new Error(`nothing types "${next}" in ${JSON.stringify(s.groups)}`);
    for (const d of pick.rest) {
      await choose(actions, p, d);
      selections++;
    }
  }
  throw new Error('typing did not finish');
}
