import type { Favourite } from '../protocol/layout';
import { type Code, rankedCodes, weightedCodes } from './choice-codes';

/**
 * The menu reached from the Menu target: its entries, which of them can act
 * on this page now, and the codes that select them. Every page shows the
 * same entries with the same codes, so the person can learn them; one that
 * cannot act here is shown disabled, not removed. One target (the one that
 * opened the menu) is kept out of every code, so at every step it means
 * "Back" (and "Close menu" at the first step): a mistaken selection can
 * always be taken back with one more.
 */
export type MenuEntryId =
  | 'choose'
  | 'back'
  | 'forward'
  | 'reload'
  | 'scroll-up'
  | 'scroll-down'
  | 'switch-tab'
  | 'start-page'
  | 'favourites'
  | 'address'
  | 'find'
  | 'sleep'
  | 'help';

export interface MenuEntry {
  id: MenuEntryId;
  label: string;
  /** On a square leading to it alone (a square holds about 16 letters); else `label`. */
  short?: string;
  /** Whether it can act on this page now; a disabled entry keeps its place and code. */
  enabled: boolean;
  /** For 'favourites' with one favourite: the page it opens at once. */
  favourite?: Favourite;
}

/** What can be done on this page now. */
export interface MenuState {
  canChoose: boolean;
  canGoBack: boolean;
  canGoForward: boolean;
  canScrollUp: boolean;
  canScrollDown: boolean;
  /** Other tabs in this window. */
  otherTabs: number;
  /** The carer's start page (Control.homePage), as set. */
  startPage?: string;
  favourites: readonly Favourite[];
  /** The page shown now (the start page is not offered on itself). */
  currentUrl: string;
}

/**
 * How often each entry is wanted (relative): Choose and Back most, Scroll
 * down next; Call for help is rare but weighted up so it is never deep.
 */
const WEIGHTS: Record<MenuEntryId, number> = {
  choose: 40,
  back: 35,
  'scroll-down': 8,
  help: 7,
  'scroll-up': 4,
  sleep: 4,
  'switch-tab': 4,
  // Rare ones not much rarer: a flat tail keeps every entry within three selections.
  forward: 3,
  reload: 3,
  'start-page': 3,
  favourites: 3,
  address: 3,
  find: 3,
};

/** Entries whose names do not fit on a square. */
const SHORT: Partial<Record<MenuEntryId, string>> = {
  choose: 'Choose on page',
  reload: 'Reload',
  address: 'Go to address',
  find: 'Find by words',
};

/** No menu entry is more than this many selections away. */
export const MENU_MAX_SELECTIONS = 3;

/**
 * Whether `url` is a web page's address (http or https). A plain boolean, not
 * a type guard: false does not mean `url` is undefined.
 */
export function isWebAddress(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** What is wrong with a favourite, in plain words; undefined when nothing. */
export function favouriteProblem(f: Favourite): string | undefined {
  const name = f.name.trim();
  const url = f.url.trim();
  if (!name) return 'Give the favourite a name.';
  if (name.length > 40) return `"${name.slice(0, 20)}…": use a name of at most 40 letters (it is shown on the menu).`;
  if (!url) return `${name}: type the page's address (it starts with https://).`;
  if (!isWebAddress(url))
    return `${name}: "${url}" is not a web page's address; it must start with https:// or http://.`;
  return undefined;
}

/** The favourites the menu can open (named web pages), in the carer's order. */
export function usableFavourites(favourites: readonly Favourite[]): Favourite[] {
  return favourites
    .filter((f) => favouriteProblem(f) === undefined)
    .map((f) => ({ name: f.name.trim(), url: f.url.trim() }));
}

/** Every entry, always in this order (so always with the same code), each marked with whether it can act here now. */
export function menuEntries(s: MenuState): MenuEntry[] {
  const favourites = usableFavourites(s.favourites);
  const startPage = s.startPage !== undefined && isWebAddress(s.startPage) && !samePage(s.startPage, s.currentUrl);
  const entry = (id: MenuEntryId, label: string, enabled: boolean): MenuEntry => ({
    id,
    label,
    enabled,
    ...(SHORT[id] ? { short: SHORT[id] } : {}),
  });
  return [
    entry('choose', 'Choose something on the page', s.canChoose),
    entry('back', 'Back', s.canGoBack),
    entry('forward', 'Forward', s.canGoForward),
    entry('reload', 'Reload the page', true),
    entry('scroll-up', 'Scroll up', s.canScrollUp),
    entry('scroll-down', 'Scroll down', s.canScrollDown),
    entry('switch-tab', 'Switch tab', s.otherTabs > 0),
    entry('start-page', 'Start page', startPage),
    favourites.length === 1
      ? { ...entry('favourites', favourites[0].name, true), favourite: favourites[0] }
      : entry('favourites', 'Favourites', favourites.length > 1),
    // After the other places to go; typed with the speller.
    entry('address', 'Go to address or search', true),
    // Hints on a crowded page narrowed to what the person spells.
    entry('find', 'Find by its words', s.canChoose),
    entry('sleep', 'Sleep', true),
    entry('help', 'Call for help', true),
  ];
}

function samePage(a: string, b: string): boolean {
  try {
    const strip = (u: string) => {
      const x = new URL(u);
      x.hash = '';
      return x.href;
    };
    return strip(a) === strip(b);
  } catch {
    return false;
  }
}

/**
 * Codes over `base` targets with digit `reserved` never used, so it stays
 * spare at every step ("Back"). Likely items (weights) get fewer selections.
 * With fewer than 3 targets nothing can be kept out: all digits are used.
 */
export function codesKeepingBack(weights: readonly number[], base: number, reserved: number): Code[] {
  if (base < 3) return fittedCodes(weights, base, longestNeeded(weights.length, base));
  return skip(fittedCodes(weights, base - 1, longestNeeded(weights.length, base - 1)), reserved);
}

/**
 * The shortest codes on average within `limit` selections: Huffman's when
 * they fit; else the best lengths (the likeliest entries shortest, within
 * Kraft's inequality), searched for among all ways to split the entries into
 * lengths (few: a menu has a dozen entries), then written out in order.
 */
function fittedCodes(weights: readonly number[], base: number, limit: number): Code[] {
  const huffman = weightedCodes(weights, base);
  if (huffman.every((c) => c.length <= limit)) return huffman;
  const order = weights.map((w, i) => ({ w, i })).sort((a, b) => b.w - a.w || a.i - b.i);
  let best: { cost: number; lengths: number[] } | undefined;
  // Lengths for order[k..], each at least `from`, with `room` of the code space left (Kraft: sum of base^-length <= 1).
  const search = (k: number, from: number, room: number, cost: number, lengths: number[]) => {
    if (best && cost >= best.cost) return;
    if (k === order.length) {
      best = { cost, lengths: [...lengths] };
      return;
    }
    for (let len = from; len <= limit; len++) {
      const share = base ** -len;
      if (share > room + 1e-12) continue;
      // What is left must still fit at the longest length.
      if ((order.length - k - 1) * base ** -limit > room - share + 1e-12) continue;
      lengths.push(len);
      search(k + 1, len, room - share, cost + order[k].w * len, lengths);
      lengths.pop();
    }
  };
  search(0, 1, 1, 0, []);
  if (!best) return weightedCodes(weights, base, limit);
  const out: Code[] = new Array<Code>(weights.length);
  let value = 0;
  let at = best.lengths[0];
  best.lengths.forEach((len, k) => {
    value *= base ** (len - at);
    at = len;
    out[order[k].i] = Array.from({ length: len }, (_, d) => Math.floor(value / base ** (len - 1 - d)) % base);
    value++;
  });
  return out;
}

/** Codes over base-1 digits moved onto base digits, leaving `reserved` out. */
function skip(codes: Code[], reserved: number): Code[] {
  return codes.map((code) => code.map((d) => (d >= reserved ? d + 1 : d)));
}

/** The menu's limit, or more when that many items cannot fit in it. */
function longestNeeded(n: number, base: number): number {
  let len = MENU_MAX_SELECTIONS;
  while (base ** len < n) len++;
  return len;
}

/**
 * Codes for the menu's entries (same order), the reserved digit kept for
 * "Back". They depend only on the entries' ids, never on which can act, so
 * an entry's code is the same on every page.
 */
export function menuCodes(entries: readonly MenuEntry[], base: number, reserved: number): Code[] {
  return codesKeepingBack(
    entries.map((e) => WEIGHTS[e.id]),
    base,
    reserved,
  );
}

/** Codes for a list ranked best first (tabs, favourites), the reserved digit kept for "Back". */
export function listCodes(n: number, base: number, reserved: number): Code[] {
  if (base < 3) return rankedCodes(n, base);
  return skip(rankedCodes(n, base - 1), reserved);
}
