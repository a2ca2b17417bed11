import { beforeAll, describe, expect, it } from 'vitest';
import { HELD_OUT_ENGLISH } from '../src/core/browse/held-out-english';
import {
  applyEdit,
  buildChoices,
  currentWord,
  editFor,
  previousWord,
  type SpellItem,
  Speller,
  sameItem,
} from '../src/core/browse/speller';
import { spellingCost, typeable } from '../src/core/browse/spelling-cost';
import { WordModel } from '../src/core/browse/word-model';
import { SPELLER_LANGUAGES, type SpellerLanguage } from '../src/core/protocol/layout';
import { wordListText } from '../src/node/word-lists';

const lists = new Map<SpellerLanguage, string[]>();
beforeAll(async () => {
  for (const language of SPELLER_LANGUAGES) lists.set(language, (await wordListText(language)).split('\n'));
});
const list = (language: SpellerLanguage) => lists.get(language)!;
const english = () => new WordModel(list('english'));

/** Types `text` by following the codes, as the scripted gaze does: a completion when one fits, else the next character. */
function typeByCodes(model: WordModel, text: string, start = ''): { text: string; selections: number } {
  const speller = new Speller(4);
  let before = start;
  let selections = 0;
  while (before !== text && before !== `${text} `) {
    speller.set(before, model.predict(currentWord(before), previousWord(before)));
    const { items } = speller.choices;
    const next = text.slice(before.length);
    const want =
      items.find((i) => i.kind === 'word' && `${text} `.startsWith(applyEdit(before, editFor(i, before)))) ??
      items.find((i) => i.kind === 'letter' && i.char === next[0]) ??
      items.find((i) => i.kind === 'space' && next[0] === ' ');
    if (!want) throw new Error(`nothing types "${next[0]}"`);
    const code = speller.codeOf((i) => sameItem(i, want))!;
    for (const [k, digit] of code.entries()) {
      const r = speller.select(digit);
      selections++;
      if (k < code.length - 1) expect(r.kind).toBe('narrowed');
      else expect(r).toMatchObject({ kind: 'chosen', item: want });
    }
    before = applyEdit(before, editFor(want, before));
  }
  return { text: before, selections };
}

describe('word model', () => {
  it('completes a prefix with the likeliest words of the list', () => {
    const m = english();
    expect(m.predict('th').words[0].word).toBe('the');
    expect(m.predict('brai').words.map((w) => w.word)).toContain('brain');
    expect(m.predict('comput').words.map((w) => w.word)).toContain('computer');
    // Probabilities among the words that fit the prefix, best first.
    const ps = m.predict('b').words.map((w) => w.p);
    expect([...ps].sort((a, b) => b - a)).toEqual(ps);
    expect(ps.reduce((s, p) => s + p, 0)).toBeLessThan(1);
  });

  it('learned words rank above list words, and a word that followed another comes first after it', () => {
    const m = english();
    expect(m.predict('bra').words[0].word).not.toBe('brainbrowsr');
    expect(m.learn('brainbrowsr')).toBe(true);
    expect(m.predict('bra').words[0].word).toBe('brainbrowsr');
    // Of two list words, two uses of the less frequent one put it above the other.
    const rankOf = (w: string) => m.predict('bra', undefined, 10).words.findIndex((x) => x.word === w);
    const [above, below] = ['brain', 'brand'].sort((a, b) => rankOf(a) - rankOf(b));
    expect(rankOf(below)).toBeGreaterThan(rankOf(above));
    expect(rankOf(above)).toBeGreaterThanOrEqual(0);
    m.learn(below, undefined, 2);
    expect(rankOf(below)).toBeLessThan(rankOf(above));
    // Context: after "brain", "computer" leads the c-words once it followed "brain" twice.
    expect(m.predict('c', 'brain').words[0].word).not.toBe('computer');
    m.learn('computer', 'brain', 2);
    expect(m.predict('c', 'brain').words[0].word).toBe('computer');
    expect(m.learn('not a word')).toBe(false);
  });

  it('gives next letters from the words that fit, and a guess from letter pairs for unknown words', () => {
    const m = english();
    const after = (prefix: string) => m.predict(prefix, undefined, 0).nextLetters;
    expect(after('th')['e']).toBeGreaterThan(after('th')['x'] ?? 0);
    expect(after('the')[' ']).toBeGreaterThan(0.3);
    const unknown = after('zqxw');
    expect(Object.keys(unknown).length).toBeGreaterThan(5);
    expect(Object.values(unknown).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
  });

  it('ships languages whose letters include their accents, and keeps German nouns capitalised', () => {
    for (const language of SPELLER_LANGUAGES) {
      const m = new WordModel(list(language));
      expect(m.size, language).toBeGreaterThan(8000);
      for (const c of 'abcdefghijklmnopqrstuvwxyz') expect(m.alphabet, language).toContain(c);
    }
    expect(new WordModel(list('german')).alphabet).toEqual(expect.arrayContaining(['ä', 'ö', 'ü', 'ß']));
    expect(new WordModel(list('spanish')).alphabet).toContain('ñ');
    const german = new WordModel(list('german'));
    expect(german.predict('hau').words.map((w) => w.word)).toContain('Haus');
    expect(german.predict('ic').words[0].word).toBe('ich');
  });
});

describe('speller', () => {
  it('reaches every letter and command in at most 4 selections, in every shipped language and context', () => {
    for (const language of SPELLER_LANGUAGES) {
      const m = new WordModel(list(language));
      for (const before of ['', 'th', 'brain ', 'zqxw', 'the end.']) {
        const speller = new Speller(4);
        speller.set(before, m.predict(currentWord(before), previousWord(before)));
        const { items, codes } = speller.choices;
        expect(Math.max(...codes.map((c) => c.length)), `${language} "${before}"`).toBeLessThanOrEqual(4);
        for (const c of m.alphabet) expect(items.some((i) => i.kind === 'letter' && i.char === c)).toBe(true);
        for (const kind of ['space', 'delete', 'delete-word', 'submit', 'done'] as const) {
          expect(items.some((i) => i.kind === kind)).toBe(true);
        }
        // Following each code digit by digit chooses exactly that item.
        items.forEach((item, i) => {
          const code = codes[i];
          let r;
          for (const d of code) r = speller.select(d);
          expect(r).toEqual({ kind: 'chosen', item, index: i });
        });
      }
    }
  });

  it('gives the likely next letter a shorter code than an unlikely one, and completions first in every group', () => {
    const m = english();
    const speller = new Speller(4);
    speller.set('th', m.predict('th'));
    const code = (char: string) => speller.codeOf((i) => i.kind === 'letter' && i.char === char)!;
    expect(code('r').length).toBeLessThan(code('z').length);
    const order = (i: SpellItem) => (i.kind === 'word' ? 0 : i.kind === 'letter' ? 1 : 2);
    for (const group of speller.groups()) {
      const ranks = group.map(order);
      expect([...ranks].sort()).toEqual(ranks);
      const letters = group.flatMap((i) => (i.kind === 'letter' ? [i.char] : []));
      expect([...letters].sort()).toEqual(letters);
    }
  });

  it('types "brain computer" by following the codes, faster with completions than letter by letter', () => {
    const m = english();
    const typed = typeByCodes(m, 'brain computer');
    expect(typed.text.trim()).toBe('brain computer');
    // 14 characters; letter by letter a selection per character is the least any 4-target speller can do well.
    expect(typed.selections).toBeLessThan(20);
    m.learn('brain');
    m.learn('computer', 'brain');
    expect(typeByCodes(m, 'brain computer').selections).toBeLessThan(typed.selections);
  });

  it('deletes a letter, a word with what follows it, and puts a mark in place of the space after a word', () => {
    const run = (before: string, item: SpellItem) => applyEdit(before, editFor(item, before));
    expect(run('brain computer', { kind: 'delete' })).toBe('brain compute');
    expect(run('', { kind: 'delete' })).toBe('');
    expect(run('brain computer ', { kind: 'delete-word' })).toBe('brain ');
    expect(run('brain comp', { kind: 'delete-word' })).toBe('brain ');
    expect(run('brain, ', { kind: 'delete-word' })).toBe('');
    expect(run('what?! ', { kind: 'delete-word' })).toBe('');
    expect(run('brain ', { kind: 'punctuation', char: '.' })).toBe('brain. ');
    expect(run('brain', { kind: 'punctuation', char: ',' })).toBe('brain, ');
    expect(run('daisy', { kind: 'punctuation', char: '-' })).toBe('daisy-');
    expect(run('brain comp', { kind: 'word', word: 'computer' })).toBe('brain computer ');
    expect(run('ha', { kind: 'word', word: 'Haus' })).toBe('Haus ');
    expect(run('qu', { kind: 'word', word: "qu'" })).toBe("qu'");
    expect(editFor({ kind: 'submit' }, 'x')).toEqual({ kind: 'submit' });
    expect(previousWord('brain comp')).toBe('brain');
    expect(previousWord('brain, comp')).toBe('brain');
    expect(currentWord("it's daisy-ch")).toBe('daisy-ch');
  });

  it('offers no completion that only repeats the typed word, and fewer commands weight when nothing is typed', () => {
    const m = english();
    const choices = buildChoices(m.predict('the'), 'the', 4);
    expect(choices.items.some((i) => i.kind === 'word' && i.word === 'the')).toBe(false);
    const empty = buildChoices(m.predict(''), '', 4);
    const weightOf = (c: typeof empty, kind: SpellItem['kind']) => c.weights[c.items.findIndex((i) => i.kind === kind)];
    expect(weightOf(empty, 'delete')).toBe(0);
    expect(weightOf(buildChoices(m.predict(''), 'brain ', 4), 'delete')).toBeGreaterThan(0);
  });
});

describe('held-out text', () => {
  it('is typed in fewer selections with completions than letter by letter', () => {
    const m = english();
    const text = typeable(HELD_OUT_ENGLISH.text, m.alphabet);
    expect(text.startsWith('alice was beginning to get very tired')).toBe(true);
    expect(text).not.toMatch(/[^a-z .,?!'-]/);
    const withCompletion = spellingCost(HELD_OUT_ENGLISH.text, m, { completions: true });
    const letters = spellingCost(HELD_OUT_ENGLISH.text, m, { completions: false, keepSteps: true });
    expect(withCompletion.characters).toBe(text.length);
    expect(withCompletion.completionsUsed).toBeGreaterThan(100);
    expect(letters.completionsUsed).toBe(0);
    // The steps, for models of wrong selections: one per item, their code lengths add up.
    expect(letters.steps).toHaveLength(letters.items);
    expect(letters.steps!.reduce((s, st) => s + st.codes[st.wanted].length, 0)).toBe(letters.selections);
    expect(withCompletion.selections).toBeLessThan(letters.selections);
    // log4 of 26 letters is 2.35: the model must do much better than letters without any frequencies.
    expect(letters.selections / letters.characters).toBeLessThan(1.7);
    console.log(
      `held-out English (${text.length} characters): ${(withCompletion.selections / text.length).toFixed(3)} selections ` +
        `per character with completions, ${(letters.selections / text.length).toFixed(3)} without`,
    );
  });
});
