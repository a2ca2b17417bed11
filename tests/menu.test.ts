import { describe, expect, it } from 'vitest';
import { type Code, Narrowing } from '../src/core/browse/choice-codes';
import { addressOrSearch } from '../src/core/browse/address';
import {
  favouriteProblem,
  listCodes,
  MENU_MAX_SELECTIONS,
  menuCodes,
  menuEntries,
  type MenuState,
  usableFavourites,
} from '../src/core/browse/menu';

const plain: MenuState = {
  canChoose: true,
  canGoBack: true,
  canGoForward: false,
  canScrollUp: false,
  canScrollDown: true,
  otherTabs: 1,
  favourites: [],
  currentUrl: 'https://example.org/page',
};
const full: MenuState = {
  ...plain,
  canGoForward: true,
  canScrollUp: true,
  otherTabs: 3,
  startPage: 'https://start.example/',
  favourites: [
    { name: 'News', url: 'https://news.example/' },
    { name: 'Mail', url: 'https://mail.example/' },
  ],
};

const prefixFree = (codes: Code[]) =>
  codes.every((a, i) => codes.every((b, j) => i === j || !(a.length <= b.length && a.every((d, k) => b[k] === d))));
const ids = (s: MenuState) => menuEntries(s).map((e) => e.id);
const codeOf = (s: MenuState, id: string, base = 4, reserved = 1) => {
  const entries = menuEntries(s);
  return menuCodes(entries, base, reserved)[entries.findIndex((e) => e.id === id)];
};

const ALL = [
  'choose',
  'back',
  'forward',
  'reload',
  'scroll-up',
  'scroll-down',
  'switch-tab',
  'start-page',
  'favourites',
  'address',
  'find',
  'sleep',
  'help',
];
const enabled = (s: MenuState) =>
  menuEntries(s)
    .filter((e) => e.enabled)
    .map((e) => e.id);

describe('menu entries', () => {
  it('are the same on every page; those that cannot act here are disabled, not removed', () => {
    const firstPageAlone = { ...plain, canGoBack: false, otherTabs: 0, canScrollDown: false };
    for (const s of [plain, firstPageAlone, full]) expect(ids(s)).toEqual(ALL);
    expect(enabled(plain)).toEqual([
      'choose',
      'back',
      'reload',
      'scroll-down',
      'switch-tab',
      'address',
      'find',
      'sleep',
      'help',
    ]);
    expect(enabled(firstPageAlone)).toEqual(['choose', 'reload', 'address', 'find', 'sleep', 'help']);
    expect(enabled(full)).toEqual(ALL);
  });
  it('no start page on the start page itself, nor one that is not a web page', () => {
    expect(enabled({ ...plain, startPage: 'https://example.org/page#top' })).not.toContain('start-page');
    expect(enabled({ ...plain, startPage: 'chrome://settings' })).not.toContain('start-page');
    expect(enabled({ ...plain, startPage: 'https://example.org/' })).toContain('start-page');
  });
  it('one usable favourite is an entry of its own; others than web pages are left out', () => {
    const one = menuEntries({
      ...plain,
      favourites: [
        { name: 'News', url: 'https://news.example/' },
        { name: 'Script', url: 'javascript:alert(1)' },
        { name: 'Files', url: 'file:///etc/passwd' },
      ],
    });
    expect(one.find((e) => e.id === 'favourites')).toEqual({
      id: 'favourites',
      label: 'News',
      enabled: true,
      favourite: { name: 'News', url: 'https://news.example/' },
    });
    expect(menuEntries(full).find((e) => e.id === 'favourites')?.label).toBe('Favourites');
    expect(menuEntries(plain).find((e) => e.id === 'favourites')?.enabled).toBe(false);
  });
});

describe('menu codes', () => {
  it('never use the reserved target, so it means Back at every step', () => {
    for (const s of [plain, full, { ...plain, canGoBack: false }]) {
      for (const reserved of [0, 1, 3]) {
        const codes = menuCodes(menuEntries(s), 4, reserved);
        expect(prefixFree(codes)).toBe(true);
        expect(codes.flat()).not.toContain(reserved);
        // At every step of every code a spare target is left.
        const nav = new Narrowing(menuEntries(s), codes, 4);
        for (const code of codes) {
          for (const d of code.slice(0, -1)) {
            expect(nav.groups()[reserved]).toEqual([]);
            expect(nav.select(d).kind).toBe('narrowed');
          }
          expect(nav.groups()[reserved]).toEqual([]);
          expect(nav.select(code[code.length - 1]).kind).toBe('chosen');
        }
      }
    }
  });
  it('are the same for an entry on every page, whatever can act there', () => {
    const pages = [plain, full, { ...plain, canGoBack: false, otherTabs: 0, canScrollDown: false }];
    for (const id of ALL) {
      for (const reserved of [0, 1, 3]) {
        const codes = pages.map((s) => JSON.stringify(codeOf(s, id, 4, reserved)));
        expect(new Set(codes).size).toBe(1);
      }
    }
  });
  it('give Choose one selection, Back, Scroll down and Call for help two, nothing more than three', () => {
    // Three targets (one is kept for Back) reach 1 + 1 + 9 entries with two at one selection: with twelve
    // entries only Choose keeps one; the fewest selections on average then give the next three two each.
    expect(codeOf(plain, 'choose')).toHaveLength(1);
    for (const id of ['back', 'scroll-down', 'help']) expect(codeOf(plain, id)).toHaveLength(2);
    expect(codeOf(plain, 'help').length).toBeLessThanOrEqual(MENU_MAX_SELECTIONS);
    for (const s of [plain, full]) {
      expect(Math.max(...menuCodes(menuEntries(s), 4, 1).map((c) => c.length))).toBeLessThanOrEqual(
        MENU_MAX_SELECTIONS,
      );
    }
  });
  it('with two targets every digit is used (nothing can be kept back), still within reach', () => {
    const codes = menuCodes(menuEntries(full), 2, 1);
    expect(prefixFree(codes)).toBe(true);
    expect(Math.max(...codes.map((c) => c.length))).toBeLessThanOrEqual(5);
  });
  it('lists (tabs, favourites) keep their order and leave the reserved target spare', () => {
    const codes = listCodes(7, 4, 1);
    expect(prefixFree(codes)).toBe(true);
    expect(codes.flat()).not.toContain(1);
    expect(codes[0]).toHaveLength(1);
    for (let i = 1; i < codes.length; i++) expect(codes[i].length).toBeGreaterThanOrEqual(codes[i - 1].length);
    expect(listCodes(9, 4, 3).every((c) => c.length === 2)).toBe(true);
  });
});

describe('favourites', () => {
  it('need a name and a web address', () => {
    expect(favouriteProblem({ name: 'News', url: 'https://news.example/' })).toBeUndefined();
    expect(favouriteProblem({ name: ' ', url: 'https://news.example/' })).toMatch(/name/);
    expect(favouriteProblem({ name: 'News', url: '' })).toMatch(/address/);
    expect(favouriteProblem({ name: 'News', url: 'news.example' })).toMatch(/must start with https:\/\//);
    expect(favouriteProblem({ name: 'News', url: 'javascript:alert(1)' })).toMatch(/must start with https:\/\//);
    expect(favouriteProblem({ name: 'x'.repeat(41), url: 'https://a.example/' })).toMatch(/at most 40/);
  });
  it('usable ones are trimmed and kept in order', () => {
    expect(
      usableFavourites([
        { name: ' B ', url: ' https://b.example/ ' },
        { name: 'Bad', url: 'ftp://x' },
        { name: 'A', url: 'http://a.example/' },
      ]),
    ).toEqual([
      { name: 'B', url: 'https://b.example/' },
      { name: 'A', url: 'http://a.example/' },
    ]);
  });
});

describe('go to address or search', () => {
  it("is always on the menu, enabled, after the places to go, within the menu's selections", () => {
    for (const s of [plain, full]) {
      const entries = menuEntries(s);
      const at = entries.findIndex((e) => e.id === 'address');
      expect(entries[at]).toMatchObject({ label: 'Go to address or search', enabled: true });
      expect(entries[at - 1].id).toBe('favourites');
      expect(codeOf(s, 'address').length).toBeLessThanOrEqual(MENU_MAX_SELECTIONS);
    }
    expect(codeOf(plain, 'address')).toEqual(codeOf(full, 'address'));
  });

  it('opens a web address and searches for anything else, as an address bar does', () => {
    expect(addressOrSearch('https://example.org/a?b=2#c ')).toEqual({
      kind: 'open',
      url: 'https://example.org/a?b=2#c',
    });
    expect(addressOrSearch('example.org')).toEqual({ kind: 'open', url: 'https://example.org/' });
    expect(addressOrSearch('www.bbc.co.uk/news')).toEqual({ kind: 'open', url: 'https://www.bbc.co.uk/news' });
    expect(addressOrSearch('127.0.0.1:8080/page.html')).toEqual({
      kind: 'open',
      url: 'http://127.0.0.1:8080/page.html',
    });
    expect(addressOrSearch('localhost:3000')).toEqual({ kind: 'open', url: 'http://localhost:3000/' });
    expect(addressOrSearch('brain computer')).toEqual({ kind: 'search', query: 'brain computer' });
    expect(addressOrSearch('weather')).toEqual({ kind: 'search', query: 'weather' });
    expect(addressOrSearch('jane.doe@example.org')).toEqual({ kind: 'search', query: 'jane.doe@example.org' });
    // Only web pages open: other schemes are searched for as text.
    expect(addressOrSearch('javascript:alert(1)')).toEqual({ kind: 'search', query: 'javascript:alert(1)' });
    expect(addressOrSearch('file:///etc/passwd')).toEqual({ kind: 'search', query: 'file:///etc/passwd' });
  });
});
