import { describe, expect, it } from 'vitest';
import { type Aggregate, chooseSetting } from '../src/core/eval/self-paced';

const figures = (hit: number, wrong: number, falsePerMinute = 0, worstFalsePerMinute = falsePerMinute): Aggregate => ({
  subjects: 5,
  hit,
  worstHit: hit,
  wrong,
  worstWrong: wrong,
  falsePerMinute,
  worstFalsePerMinute,
  restMinutes: 10,
  medianLatency: 2,
});
const budget = { falsePerMinute: 0.12, worstFalsePerMinute: 1, wrong: 0.05 };

describe('choosing a detector setting on the training subjects', () => {
  it('takes the most hits among the settings within every budget', () => {
    const grid = { cautious: figures(0.4, 0.01), middle: figures(0.6, 0.04), eager: figures(0.8, 0.03, 0.5) };
    expect(chooseSetting(Object.keys(grid), (k) => grid[k as keyof typeof grid], budget)).toBe('middle');
  });

  it('does not buy hits with wrong selections: where none keeps the wrong budget, the fewest wrong wins', () => {
    // The few-channel case of the last evaluation: 0.15 hits with 21.6 % wrong against 0.13 with 4 %, both quiet.
    const grid = { cautious: figures(0.1, 0.08), shipped: figures(0.13, 0.06), guessing: figures(0.15, 0.216) };
    expect(chooseSetting(Object.keys(grid), (k) => grid[k as keyof typeof grid], budget)).toBe('shipped');
    const tie = { a: figures(0.2, 0.1), b: figures(0.3, 0.1) };
    expect(chooseSetting(Object.keys(tie), (k) => tie[k as keyof typeof tie], budget)).toBe('b');
  });

  it('never trades rest for anything, and falls back to the most cautious when nothing is quiet enough', () => {
    const grid = { cautious: figures(0.1, 0.5, 0.3), eager: figures(0.9, 0, 0.1, 1.5) };
    expect(chooseSetting(Object.keys(grid), (k) => grid[k as keyof typeof grid], budget)).toBe('cautious');
  });
});
