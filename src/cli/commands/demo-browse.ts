import type { Page } from 'playwright-core';

/**
 * The headless demo's browsing: on the demo page to browse, the scripted
 * gaze opens a link by its hint and types a search by the speller, reading
 * the codes the extension logs for the simulated headset
 * (`[BrainBrowsR:choices]`) as a person reads them on screen.
 */
export interface Choice {
  label: string;
  rest: number[];
}

export interface ScriptedGaze {
  page: Page;
  /** Action lines logged by the page (`[BrainBrowsR] …`), appended as they come. */
  actions: string[];
  say(line: string): void;
}

/** A look selects in 2-4 s; the first ones of a session wait for the detector to learn the resting signal (20 s). */
const LOOK_TIMEOUT_MS = 30_000;

export function watchChoices(page: Page): () => Choice[] {
  let latest: Choice[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (!text.startsWith('[BrainBrowsR:choices] ')) return;
    try {
      latest = (JSON.parse(text.slice('[BrainBrowsR:choices] '.length)) as { choices: Choice[] }).choices;
    } catch {
      latest = [];
    }
  });
  return () => latest;
}

/** Looks at target position `digit` (0-based) until the extension acts, then looks away and lets the gaze fade. */
export async function selectDigit(g: ScriptedGaze, digit: number): Promise<string> {
  const n = g.actions.length;
  const start = Date.now();
  let pressed = -Infinity;
  while (g.actions.length === n) {
    if (Date.now() - start > LOOK_TIMEOUT_MS) {
      throw new Error(`looking at target ${digit + 1} did nothing for ${LOOK_TIMEOUT_MS / 1000} s`);
    }
    // Again now and then: a key pressed before the page's squares were up is not a look.
    if (Date.now() - pressed > 5000) {
      await g.page.keyboard.press(`Alt+Shift+Digit${digit + 1}`);
      pressed = Date.now();
    }
    await g.page.waitForTimeout(100);
  }
  await g.page.keyboard.press('Alt+Shift+Digit0');
  await g.page.waitForTimeout(2500);
  return g.actions[n];
}

/** Selects, target by target, the choice on screen that `wanted` picks (codes re-read after every selection). */
export async function choose(g: ScriptedGaze, choices: () => Choice[], what: string, wanted: (c: Choice) => boolean) {
  for (let steps = 0; steps < 8; steps++) {
    const c = choices().find(wanted);
    if (!c)
      throw new Error(
        `the scripted gaze found no ${what} among: ${choices()
          .map((x) => x.label)
          .join(', ')}`,
      );
    g.say(`gaze: ${what} is ${c.rest.map((d) => d + 1).join(' ')} (target numbers); looking at ${c.rest[0] + 1}`);
    await selectDigit(g, c.rest[0]);
    if (c.rest.length === 1) return;
  }
  throw new Error(`the scripted gaze could not reach ${what}`);
}

export async function scriptedBrowse(g: ScriptedGaze, siteUrl: string): Promise<void> {
  const choices = watchChoices(g.page);
  await g.page.goto(`${siteUrl}browse.html`);
  g.say(`page to browse at ${siteUrl}browse.html`);
  await g.page.waitForTimeout(3000);

  g.say('gaze: looking at "Choose…" to show hints on everything clickable');
  await selectDigit(g, 0);
  await choose(g, choices, 'the link "Hints on every page"', (c) => c.label.includes('Hints on every page'));
  await g.page.waitForURL(/read=/, { timeout: 10_000 });
  g.say(`page now: ${await g.page.textContent('#reading')}`);
  await g.page.waitForTimeout(3000);

  g.say('gaze: looking at "Choose…" again, for the search box');
  await selectDigit(g, 0);
  // The field is named by its label, "Search" (a link "Searching the web" is on the page too).
  await choose(g, choices, 'the search box', (c) => c.label === 'Search');
  const word = 'brain';
  const typed = () => g.page.inputValue('#q');
  while (!(await typed()).startsWith(word)) {
    const next = word[(await typed()).length];
    if (choices().some((c) => c.label === word)) {
      await choose(g, choices, `the suggestion "${word}"`, (c) => c.label === word);
    } else await choose(g, choices, `the letter "${next}"`, (c) => c.label === next);
    g.say(`typed so far: "${await typed()}"`);
  }
  await choose(g, choices, 'enter', (c) => c.label === 'enter');
  await g.page.waitForURL(/q=/, { timeout: 10_000 });
  g.say(`page now: ${await g.page.textContent('#results')}`);
}
