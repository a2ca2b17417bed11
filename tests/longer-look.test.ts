import { describe, expect, it } from 'vitest';
import { DEFAULT_DECISION, Decider } from '../src/core/online/decider';

/** The wake target while asleep needs a longer look: `factor` times the agreement of the others. */
describe('Decider.setLongerLook', () => {
  const firstSelection = (d: Decider, target: number): number | undefined => {
    for (let i = 0; i < 40; i++) {
      const r = d.next(i * 0.25, target, 1, [0.9, 0.9, 0.9]);
      if (r.selected !== undefined) return i + 1;
    }
    return undefined;
  };

  it('a target with a longer look fires after factor x agree windows; the others as before', () => {
    const d = new Decider({ ...DEFAULT_DECISION, agree: 2 });
    d.setLongerLook({ target: 1, factor: 3 });
    expect(d.required(1)).toBe(6);
    expect(d.required(0)).toBe(2);
    expect(firstSelection(d, 1)).toBe(6);
    const other = new Decider({ ...DEFAULT_DECISION, agree: 2 });
    other.setLongerLook({ target: 1, factor: 3 });
    expect(firstSelection(other, 0)).toBe(2);
  });

  it('a glance shorter than the longer look fires nothing, and looking away starts it again', () => {
    const d = new Decider({ ...DEFAULT_DECISION, agree: 2 });
    d.setLongerLook({ target: 1, factor: 3 });
    const votes = [1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, -1];
    const fired = votes.map((v, i) => d.next(i * 0.25, v, 1, [0.1, 0.9, 0.1]).selected);
    expect(fired.every((f) => f === undefined)).toBe(true);
  });

  it('undefined (awake) gives every target the usual agreement again', () => {
    const d = new Decider({ ...DEFAULT_DECISION, agree: 2 });
    d.setLongerLook({ target: 1, factor: 3 });
    d.setLongerLook(undefined);
    expect(firstSelection(d, 1)).toBe(2);
  });
});
