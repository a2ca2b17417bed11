import { describe, expect, it } from 'vitest';
import { Narrowing, rankedCodes, weightedCodes, type Code } from '../src/core/browse/choice-codes';

const prefixFree = (codes: Code[]) =>
  codes.every((a, i) => codes.every((b, j) => i === j || !(a.length <= b.length && a.every((d, k) => b[k] === d))));

describe('rankedCodes', () => {
  it('reaches 64 items in at most 3 selections with 4 targets, and 4 in one', () => {
    expect(Math.max(...rankedCodes(64, 4).map((c) => c.length))).toBe(3);
    expect(rankedCodes(4, 4).every((c) => c.length === 1)).toBe(true);
    expect(Math.max(...rankedCodes(65, 4).map((c) => c.length))).toBe(4);
  });
  it('gives the first-ranked items the shorter codes and stays prefix-free', () => {
    for (const n of [1, 2, 5, 7, 13, 16, 17, 40, 64, 100, 300]) {
      const codes = rankedCodes(n, 4);
      expect(codes).toHaveLength(n);
      expect(prefixFree(codes)).toBe(true);
      for (let i = 1; i < n; i++) expect(codes[i].length).toBeGreaterThanOrEqual(codes[i - 1].length);
      expect(Math.max(...codes.map((c) => c.length))).toBe(Math.max(1, Math.ceil(Math.log(n) / Math.log(4) - 1e-9)));
    }
  });
  it('7 items with 4 targets: 3 take one selection', () => {
    expect(rankedCodes(7, 4).filter((c) => c.length === 1)).toHaveLength(3);
  });
});

describe('weightedCodes', () => {
  it('gives likely items short codes and respects the length limit', () => {
    const w = [50, 20, 10, 5, 4, 3, 2, 1, 1, 1, 1, 1];
    const codes = weightedCodes(w, 4);
    expect(prefixFree(codes)).toBe(true);
    expect(codes[0]).toHaveLength(1);
    expect(codes[11].length).toBeGreaterThan(1);
    const skewed = Array.from({ length: 40 }, (_, i) => 2 ** -i);
    expect(Math.max(...weightedCodes(skewed, 4).map((c) => c.length))).toBeGreaterThan(3);
    expect(Math.max(...weightedCodes(skewed, 4, 3).map((c) => c.length))).toBe(3);
    expect(() => weightedCodes(skewed, 4, 2)).toThrow(/longer than 2/);
  });
  it('refuses bad weights and bases', () => {
    expect(() => weightedCodes([1, Number.NaN], 4)).toThrow(/weights/);
    expect(() => rankedCodes(3, 1)).toThrow(/at least 2/);
  });
});

describe('Narrowing', () => {
  it('narrows digit by digit and chooses on the last one', () => {
    const items = Array.from({ length: 20 }, (_, i) => `item${i}`);
    const codes = rankedCodes(20, 4);
    const nav = new Narrowing(items, codes, 4);
    const target = 17;
    for (let k = 0; k < codes[target].length - 1; k++) {
      expect(nav.select(codes[target][k])).toEqual({ kind: 'narrowed' });
      expect(nav.candidates().some((c) => c.index === target)).toBe(true);
    }
    expect(nav.select(codes[target][codes[target].length - 1])).toEqual({ kind: 'chosen', item: 'item17', index: 17 });
    expect(nav.prefix).toEqual([]);
  });
  it('a digit no code continues with is spare, and back() takes a digit back', () => {
    const nav = new Narrowing(['a', 'b', 'c', 'd', 'e'], rankedCodes(5, 4), 4);
    const deep = rankedCodes(5, 4).find((c) => c.length === 2)!;
    expect(nav.select(deep[0]).kind).toBe('narrowed');
    expect(nav.groups().filter((g) => g.length === 0).length).toBe(2);
    const spare = nav.groups().findIndex((g) => g.length === 0);
    expect(nav.select(spare)).toEqual({ kind: 'spare' });
    expect(nav.back()).toBe(true);
    expect(nav.back()).toBe(false);
  });
});

describe('selection model (npm run bench -- browsing)', () => {
  it('with perfect selections, reaching an element costs entering hints plus its code', async () => {
    const { hintCodes, reachFigures, simulateChoice, seededRandom } =
      await import('../src/core/browse/selection-model');
    const perfect = { accuracy: 1, seconds: 2, base: 4 };
    const codes = rankedCodes(64, 4);
    expect(simulateChoice(codes, 63, perfect, seededRandom(1))).toEqual({ selections: 3, chosen: 63, wrong: 0 });
    // 10 links and Back: Back takes the one short code, every link two selections; plus one to enter.
    const ten = hintCodes(10, 4);
    expect(ten.codes).toHaveLength(11);
    expect(ten.codes.filter((c) => c.length === 1)).toEqual([[3]]);
    const f = reachFigures(10, perfect, 1);
    expect(f.selections).toBeCloseTo(3, 9);
    expect(f.reachable).toBe(10);
    // 64 on screen: three selections after "Choose…"; 256: four (a part first); more wait for a scroll.
    expect(reachFigures(64, perfect, 1).worstSelections).toBe(1 + 3);
    expect(reachFigures(256, perfect, 1).worstSelections).toBe(1 + 4);
    const many = hintCodes(300, 4);
    expect(many.reachable).toBe(256);
    expect(Math.max(...many.codes.map((c) => c.length))).toBe(4);
    expect(f.wrongShare).toBe(0);
  });
  it('mistakes cost more selections, and more at lower accuracy', async () => {
    const { reachFigures } = await import('../src/core/browse/selection-model');
    const at = (accuracy: number) => reachFigures(64, { accuracy, seconds: 2, base: 4 }, 30).selections;
    const [p95, p80] = [at(0.95), at(0.8)];
    // 64 elements all take 3 digits, plus entering hints: 4 with no mistake.
    expect(p95).toBeGreaterThan(4);
    expect(p80).toBeGreaterThan(p95);
  });
});
