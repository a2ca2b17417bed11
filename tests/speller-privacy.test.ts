import { describe, expect, it } from 'vitest';
import { OwnText } from '../src/core/browse/own-text';
import { applyEdit, buildChoices, editFor, type SpellItem } from '../src/core/browse/speller';
import { WordModel } from '../src/core/browse/word-model';

/** A seeded source of numbers in [0, 1) (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const model = new WordModel(
  ['the', 'secret', 'second', 'security', 'see', 'she', 'brain'],
  [{ word: 'sesame', count: 5 }],
);
const letter = (char: string) => (i: SpellItem) => i.kind === 'letter' && i.char === char;

describe('typing into a secret field', () => {
  it('offers no words and codes that do not depend on the text, whatever the prediction holds', () => {
    const key = (before: string, seed: number) => {
      const c = buildChoices(model.predict(before), before, 4, { dealt: seeded(seed) });
      expect(c.items.some((i) => i.kind === 'word')).toBe(false);
      return JSON.stringify(c);
    };
    // The same random numbers give the same choices after "", "s" and "sec": nothing of the text shows.
    expect(key('s', 7)).toBe(key('', 7));
    expect(key('sec', 7)).toBe(key('', 7));
    expect(key('se cr', 7)).toBe(key('', 7));
  });

  it('deals the letters codes at random: which targets were selected does not tell the letter', () => {
    const prediction = model.predict('');
    const codesOfA = new Set<string>();
    const lengths = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const c = buildChoices(prediction, '', 4, { dealt: seeded(seed) });
      const i = c.items.findIndex(letter('a'));
      codesOfA.add(c.codes[i].join(''));
      for (const code of c.codes) lengths.add(code.length);
      // Still one code per item, prefix-free: every item stays reachable.
      const all = c.codes.map((x) => x.join(''));
      expect(new Set(all).size).toBe(all.length);
      for (const x of all) expect(all.some((y) => y !== x && y.startsWith(x))).toBe(false);
    }
    expect(codesOfA.size).toBeGreaterThan(20);
    // Every character alike (small and capital letters, digits, every mark: about a hundred on one page,
    // so that which page was opened tells nothing): three or four looks, whichever it is.
    expect(Math.max(...lengths)).toBeLessThanOrEqual(4);
    // Without dealing, "a" always has the same code (what the relay's selections would give away).
    const fixed = new Set(
      [1, 2, 3].map(() => {
        const c = buildChoices(prediction, '', 4);
        return c.codes[c.items.findIndex(letter('a'))].join('');
      }),
    );
    expect(fixed.size).toBe(1);
  });
});

describe('learning only what the speller typed', () => {
  it('does not learn a pre-filled word, nor take it as the word before', () => {
    const own = new OwnText();
    own.read('zyxwvut');
    expect(own.learnable('zyxwvut')).toBeUndefined();
    // Typing a space and a word after it: the new word is the person's, the page's word is not its "previous".
    let before = 'zyxwvut';
    for (const item of [{ kind: 'space' }, ...[...'hi'].map((char) => ({ kind: 'letter', char }))] as SpellItem[]) {
      const edit = editFor(item, before);
      const after = applyEdit(before, edit);
      own.edited(before, edit.kind === 'text' ? edit.remove : 0, after);
      before = after;
    }
    expect(own.learnable(before)).toEqual({ word: 'hi', previous: undefined });
  });

  it('learns words typed from an empty field, with the word before, and forgets ownership when the page changes the text', () => {
    const own = new OwnText();
    own.read('');
    own.edited('', 0, 'brain ');
    own.edited('brain ', 0, 'brain computer');
    expect(own.learnable('brain computer')).toEqual({ word: 'computer', previous: 'brain' });
    // The page inserts text: nothing before the caret is the speller's any more.
    own.read('brain computerplanted');
    expect(own.learnable('brain computerplanted')).toBeUndefined();
    own.edited('brain computerplanted', 0, 'brain computerplanted x');
    expect(own.learnable('brain computerplanted x')).toEqual({ word: 'x', previous: undefined });
  });

  it('counts a word as typed once the speller has deleted into the page text and retyped it', () => {
    const own = new OwnText();
    own.read('ab');
    own.edited('ab', 2, '');
    own.edited('', 0, 'cd');
    expect(own.learnable('cd')).toEqual({ word: 'cd', previous: undefined });
    // A no-break space (text boxes) reads as a space.
    own.edited('cd', 0, 'cd\u00a0');
    own.edited('cd ', 0, 'cd e');
    expect(own.learnable('cd e')).toEqual({ word: 'e', previous: 'cd' });
  });
});
