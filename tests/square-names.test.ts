import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, squareNames } from '../src/core/protocol/layout';

describe('the names of the squares apart from a page', () => {
  it('are what each square shows on an ordinary page', () => {
    expect(squareNames(DEFAULT_LAYOUT.targets)).toEqual(['Choose…', 'Menu', 'Scroll up', 'Scroll down']);
  });

  it('are numbered where two squares do the same on pages', () => {
    const targets = [...DEFAULT_LAYOUT.targets, { ...DEFAULT_LAYOUT.targets[3], index: 4 }];
    expect(squareNames(targets)).toEqual([
      'Choose…',
      'Menu',
      'Scroll up',
      'Scroll down (square 4)',
      'Scroll down (square 5)',
    ]);
  });
});
