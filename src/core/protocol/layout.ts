/** What the targets mean now; v2 relay clients are told with every action. */
export const MODE_NAMES = ['feed', 'page', 'menu', 'hints', 'typing', 'asleep'] as const;
export type ModeName = (typeof MODE_NAMES)[number];

/**
 * What a hint is written with: one symbol per target (the first target's
 * symbol is its first digit, and so on), drawn in the target's colour.
 */
export const HINT_ALPHABETS = {
  shapes: ['●', '▲', '■', '◆', '★', '✚', '⬟', '⬢'],
  numbers: ['1', '2', '3', '4', '5', '6', '7', '8'],
  letters: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'],
} as const;
export type HintAlphabet = keyof typeof HINT_ALPHABETS;

/** Languages whose word lists the speller ships (docs/speller.md). */
export const SPELLER_LANGUAGES = ['english', 'french', 'german', 'spanish', 'dutch', 'italian', 'portuguese'] as const;
export type SpellerLanguage = (typeof SPELLER_LANGUAGES)[number];
export const isSpellerLanguage = (s: unknown): s is SpellerLanguage =>
  typeof s === 'string' && (SPELLER_LANGUAGES as readonly string[]).includes(s);

/** A page the carer put in the menu's favourites. */
export interface Favourite {
  name: string;
  url: string;
}

/** How browsing by hints, menu and speller is set up (studio page, Settings). */
export interface BrowsingSettings {
  hintAlphabet: HintAlphabet;
  /** Word list of the speller's completion. */
  language: SpellerLanguage;
  favourites: Favourite[];
  /** One flickering square as a switch, the others lit in turn (core/browse/scan.ts); unset: off. */
  oneSwitch?: OneSwitchSettings;
}

/** The one-switch mode, for a signal too weak for four squares. */
export interface OneSwitchSettings {
  on: boolean;
  /** Seconds each square stays lit (the scan speed). */
  stepSeconds: number;
}

export const DEFAULT_BROWSING: BrowsingSettings = { hintAlphabet: 'shapes', language: 'english', favourites: [] };

/** What a target does when it is selected. */
export type ActionName =
  | 'like'
  | 'sleep'
  | 'toggle-targets'
  | 'previous-post'
  | 'next-post'
  | 'scroll-down'
  | 'scroll-up'
  | 'back'
  | 'next-link'
  | 'open-link'
  /** Opens the menu (navigation, tabs, favourites, sleep, help); the wake target while asleep. */
  | 'menu'
  /** Shows a hint on everything that can be clicked or typed into on screen. */
  | 'hints';

export const ACTION_LABELS: Record<ActionName, string> = {
  like: 'Like / unlike',
  sleep: 'Sleep (only a small wake target stays)',
  'toggle-targets': 'Sleep (older name)',
  'previous-post': 'Previous post',
  'next-post': 'Next post',
  'scroll-down': 'Scroll down',
  'scroll-up': 'Scroll up',
  back: 'Back',
  'next-link': 'Next link',
  'open-link': 'Open link',
  menu: 'Menu (back, tabs, favourites, sleep, help…)',
  hints: 'Choose something on the page',
};

/**
 * What a square is called wherever it is shown apart from a page (the
 * calibration, the headset check): the name it shows on an ordinary page,
 * so the person and the carer learn one name per square. Pages show the
 * same names (content/actions.ts), or what the square does there now.
 */
export const SQUARE_NAMES: Record<ActionName, string> = {
  like: 'Like',
  sleep: 'Sleep',
  'toggle-targets': 'Sleep',
  'previous-post': 'Previous post',
  'next-post': 'Next post',
  'scroll-down': 'Scroll down',
  'scroll-up': 'Scroll up',
  back: 'Back',
  'next-link': 'Next link',
  'open-link': 'Open link',
  menu: 'Menu',
  hints: 'Choose…',
};

export const squareName = (t: Pick<StimulusTarget, 'pageAction'>): string => SQUARE_NAMES[t.pageAction];

/** Every square's name, numbered where two squares do the same on pages ("Scroll down (square 4)"). */
export function squareNames(targets: readonly Pick<StimulusTarget, 'pageAction'>[]): string[] {
  const names = targets.map(squareName);
  return names.map((n, i) => (names.indexOf(n) !== names.lastIndexOf(n) ? `${n} (square ${i + 1})` : n));
}

export type Corner = 'top-left' | 'bottom-left' | 'top-right' | 'bottom-right' | 'top' | 'bottom' | 'left' | 'right';

export interface StimulusTarget {
  index: number;
  label: string;
  frequency: number;
  color: string;
  position: Corner;
  /** Action on feed pages (posts as <article>). */
  feedAction: ActionName;
  /** Action on other pages. */
  pageAction: ActionName;
}

export interface Layout {
  targets: StimulusTarget[];
  /** Side of each square in CSS pixels. */
  size: number;
}

/** Selecting the wake target while asleep needs this many times the usual evidence (a longer look). */
export const WAKE_DWELL_FACTOR = 3;

/** The target that alone stays (small) while asleep, to wake the others: the menu's (sleep is in it), or a sleep target's. */
export function wakeTarget(layout: Layout): StimulusTarget | undefined {
  const opensMenu = (t: StimulusTarget) => t.feedAction === 'menu' || t.pageAction === 'menu';
  const sleeps = (a: ActionName) => a === 'sleep' || a === 'toggle-targets';
  return layout.targets.find(opensMenu) ?? layout.targets.find((t) => sleeps(t.feedAction) || sleeps(t.pageAction));
}

/**
 * The original BrainBrowsR layout (BrainServR indices 0-3, same squares and
 * actions), moved out of the alpha band: the original 8, 13, 10 and 12 Hz lie
 * where spontaneous alpha looks like an SSVEP, and with them the simulated
 * user fired 1-3 times in every half hour of reading; with 15, 13, 17 and
 * 19 Hz it fired none in three hours (docs/evaluation.md). Relay clients see
 * the same indices. On pages without posts the first square shows hints on
 * everything clickable; the second opens the menu (back, tabs, favourites,
 * sleep, help) on every page, and is the one that wakes the others.
 */
export const DEFAULT_LAYOUT: Layout = {
  size: 160,
  targets: [
    {
      index: 0,
      label: 'Like',
      frequency: 15,
      color: '#d62828',
      position: 'top-left',
      feedAction: 'like',
      pageAction: 'hints',
    },
    {
      index: 1,
      label: 'Menu',
      frequency: 13,
      color: '#2a9d3a',
      position: 'bottom-left',
      feedAction: 'menu',
      pageAction: 'menu',
    },
    {
      index: 2,
      label: 'Previous',
      frequency: 17,
      color: '#1d4ed8',
      position: 'top-right',
      feedAction: 'previous-post',
      pageAction: 'scroll-up',
    },
    {
      index: 3,
      label: 'Next',
      frequency: 19,
      color: '#111111',
      position: 'bottom-right',
      feedAction: 'next-post',
      pageAction: 'scroll-down',
    },
  ],
};
