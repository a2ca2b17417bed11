import { describe, expect, it } from 'vitest';
import { actionProblems, browsingProblems, MAX_FAVOURITES } from '../src/core/browse/settings-check';
import { DEFAULT_BROWSING, DEFAULT_LAYOUT, type Layout } from '../src/core/protocol/layout';

const withActions = (changes: Record<number, { feedAction?: string; pageAction?: string }>): Layout => ({
  ...DEFAULT_LAYOUT,
  targets: DEFAULT_LAYOUT.targets.map((t, i) => ({ ...t, ...changes[i] }) as Layout['targets'][number]),
});

describe('which square does what', () => {
  it('the default layout is fine', () => {
    expect(actionProblems(DEFAULT_LAYOUT)).toEqual([]);
  });
  it('needs exactly one square opening the menu, everywhere', () => {
    expect(actionProblems(withActions({ 1: { feedAction: 'sleep', pageAction: 'sleep' } }))).toEqual([
      expect.stringMatching(/^No square opens the menu\. .*wakes the others/),
    ]);
    expect(actionProblems(withActions({ 3: { feedAction: 'menu', pageAction: 'menu' } }))).toEqual([
      'Only one square can open the menu, but Menu and Next both do. Choose something else for all but one.',
    ]);
    expect(actionProblems(withActions({ 1: { pageAction: 'scroll-down' } }))).toEqual([
      expect.stringMatching(/^Square 2 \(Menu\) opens the menu on social feeds but not on other pages\./),
    ]);
  });
  it('needs an action for every square', () => {
    expect(actionProblems(withActions({ 2: { pageAction: '' }, 3: { feedAction: 'fly' } }))).toEqual([
      'Square 3 (Previous): choose what it does on other pages.',
      'Square 4 (Next): choose what it does on social feeds.',
    ]);
  });
});

describe('browsing settings', () => {
  it('the defaults are fine', () => {
    expect(browsingProblems(DEFAULT_BROWSING)).toEqual([]);
  });
  it('refuses unknown alphabets and languages, bad and doubled favourites, too many', () => {
    const bad = browsingProblems({
      hintAlphabet: 'runes' as never,
      language: 'klingon' as never,
      favourites: [
        { name: 'News', url: 'https://news.example/' },
        { name: 'news', url: 'https://other.example/' },
        { name: 'Files', url: 'file:///home' },
      ],
    });
    expect(bad).toEqual([
      'Choose how the codes are written.',
      'Choose a language for word suggestions.',
      expect.stringMatching(/^Files: "file:\/\/\/home" is not a web page's address/),
      'Two favourites are called "news": give each its own name.',
    ]);
    const many = Array.from({ length: MAX_FAVOURITES + 1 }, (_, i) => ({
      name: `F${i}`,
      url: `https://f${i}.example/`,
    }));
    expect(browsingProblems({ ...DEFAULT_BROWSING, favourites: many })).toEqual([
      `Keep at most ${MAX_FAVOURITES} favourites (there are ${MAX_FAVOURITES + 1}).`,
    ]);
  });
});
