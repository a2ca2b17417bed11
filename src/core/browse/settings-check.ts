import {
  ACTION_LABELS,
  type BrowsingSettings,
  HINT_ALPHABETS,
  type Layout,
  isSpellerLanguage,
  type StimulusTarget,
} from '../protocol/layout';
import { favouriteProblem } from './menu';
import { scanProblem } from './scan';

/**
 * What is wrong with the carer's browsing settings (studio page), in plain
 * words: a list of problems, empty when the settings can be saved.
 */
export const MAX_FAVOURITES = 20;

const nameOf = (t: StimulusTarget, i: number) => `Square ${i + 1} (${t.label})`;
const isAction = (a: unknown) => typeof a === 'string' && Object.hasOwn(ACTION_LABELS, a);

/**
 * Every square does something on feeds and on other pages, and exactly one
 * opens the menu, on both: that square is also the one that wakes the
 * others from sleep, so without it (or with two) the person could be left
 * with no way back.
 */
export function actionProblems(layout: Layout): string[] {
  const problems: string[] = [];
  layout.targets.forEach((t, i) => {
    if (!isAction(t.feedAction)) problems.push(`${nameOf(t, i)}: choose what it does on social feeds.`);
    if (!isAction(t.pageAction)) problems.push(`${nameOf(t, i)}: choose what it does on other pages.`);
  });
  const menu = layout.targets.filter((t) => t.feedAction === 'menu' || t.pageAction === 'menu');
  if (menu.length === 0) {
    problems.push(
      'No square opens the menu. Choose "Menu" for one square, on social feeds and on other pages: it is also the square that wakes the others from sleep.',
    );
  } else if (menu.length > 1) {
    problems.push(
      `Only one square can open the menu, but ${menu.map((t) => t.label).join(' and ')} both do. Choose something else for all but one.`,
    );
  } else {
    const [t] = menu;
    const i = layout.targets.indexOf(t);
    if (t.feedAction !== 'menu' || t.pageAction !== 'menu') {
      problems.push(
        `${nameOf(t, i)} opens the menu ${t.feedAction === 'menu' ? 'on social feeds but not on other pages' : 'on other pages but not on social feeds'}. The menu's square must open it everywhere: it also wakes the others from sleep.`,
      );
    }
  }
  return problems;
}

export function browsingProblems(b: BrowsingSettings): string[] {
  const problems: string[] = [];
  if (!Object.hasOwn(HINT_ALPHABETS, b.hintAlphabet)) problems.push('Choose how the codes are written.');
  if (!isSpellerLanguage(b.language)) problems.push('Choose a language for word suggestions.');
  if (b.favourites.length > MAX_FAVOURITES)
    problems.push(`Keep at most ${MAX_FAVOURITES} favourites (there are ${b.favourites.length}).`);
  for (const f of b.favourites) {
    const p = favouriteProblem(f);
    if (p) problems.push(p);
  }
  // The speed matters only with one switch on: a cleared box must not block every other setting.
  const scan = b.oneSwitch?.on ? scanProblem({ stepSeconds: b.oneSwitch.stepSeconds }) : undefined;
  if (scan) problems.push(scan);
  const names = b.favourites.map((f) => f.name.trim().toLowerCase());
  const twice = [...new Set(names.filter((n, i) => n && names.indexOf(n) !== i))];
  for (const n of twice) problems.push(`Two favourites are called "${n}": give each its own name.`);
  return problems;
}
