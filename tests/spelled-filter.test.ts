import { describe, expect, it } from 'vitest';
import { foldText, matchesSpelled } from '../src/core/browse/spelled-filter';

describe('finding an element by the first letters of its words', () => {
  it('matches the start of any word, ignoring case and accents', () => {
    expect(matchesSpelled('Harmonics', 'har')).toBe(true);
    expect(matchesSpelled('Steady-state harmonics', 'harm')).toBe(true);
    expect(matchesSpelled('Café de Flore', 'cafe')).toBe(true);
    expect(matchesSpelled('ÉCOLE', 'eco')).toBe(true);
    expect(foldText('Ångström')).toBe('angstrom');
  });

  it('does not match inside a word, or words in another order, or nothing spelled', () => {
    expect(matchesSpelled('Harmonics', 'mon')).toBe(false);
    expect(matchesSpelled('New York', 'new y')).toBe(true);
    expect(matchesSpelled('York New', 'new y')).toBe(false);
    expect(matchesSpelled('New New', 'new new')).toBe(true);
    expect(matchesSpelled('New', 'new new')).toBe(false);
    expect(matchesSpelled('Anything', '')).toBe(false);
    expect(matchesSpelled('Anything', ' - ')).toBe(false);
  });

  it('matches digits as words', () => {
    expect(matchesSpelled('Item 154', 'item 15')).toBe(true);
    expect(matchesSpelled('Item 154', '54')).toBe(false);
  });
});
