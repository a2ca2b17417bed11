import { describe, expect, it } from 'vitest';
import { DEFAULT_DECISION, Decider, type DecisionConfig } from '../src/core/online/decider';

const config = (over: Partial<DecisionConfig> = {}): DecisionConfig => ({
  ...DEFAULT_DECISION,
  agree: 3,
  refractory: 2,
  release: 0.3,
  rearm: 1,
  ...over,
});

/** Feeds votes every 0.25 s; returns the times and targets selected. */
function run(d: Decider, votes: number[], start = 0): [number, number][] {
  const out: [number, number][] = [];
  votes.forEach((v, i) => {
    const t = start + i * 0.25;
    const scores = [0, 0, 0, 0];
    if (v >= 0) scores[v] = 0.95;
    const r = d.next(t, v, v >= 0 ? 0.95 : 0, scores);
    if (r.selected !== undefined) out.push([t, r.selected]);
  });
  return out;
}

describe('online decision logic', () => {
  it('fires only after `agree` consecutive agreeing windows', () => {
    expect(run(new Decider(config()), [1, 1, -1, 1, 1, 2, 1, 1])).toEqual([]);
    expect(run(new Decider(config()), [1, 1, 1])).toEqual([[0.5, 1]]);
  });

  it('holds the refractory period after a selection', () => {
    const d = new Decider(config({ rearm: 0 }));
    // 2 fires at 0.5 s; 3 agrees from 0.75 s but nothing may fire before 2.5 s.
    const sel = run(d, [2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(sel[0]).toEqual([0.5, 2]);
    expect(sel[1][0]).toBeGreaterThanOrEqual(2.5);
    expect(sel[1][1]).toBe(3);
  });

  it('does not repeat a target while the user keeps looking at it (re-arm)', () => {
    const d = new Decider(config());
    const sel = run(d, new Array<number>(80).fill(1));
    expect(sel).toEqual([[0.5, 1]]);
    // Looking away for less than `rearm` seconds does not re-arm it...
    const d2 = new Decider(config());
    expect(run(d2, [1, 1, 1, ...new Array<number>(10).fill(1), -1, -1, 1, 1, 1, 1, 1])).toEqual([[0.5, 1]]);
    // ...looking away for longer does.
    const d3 = new Decider(config());
    const sel3 = run(d3, [1, 1, 1, ...new Array<number>(10).fill(1), -1, -1, -1, -1, -1, -1, 1, 1, 1]);
    expect(sel3.map((s) => s[1])).toEqual([1, 1]);
  });

  it('never fires while paused and starts from scratch afterwards', () => {
    const d = new Decider(config());
    d.setPaused(true);
    expect(run(d, new Array<number>(40).fill(2))).toEqual([]);
    d.setPaused(false);
    expect(run(d, [2, 2], 10)).toEqual([]);
    expect(run(d, [2], 10.5)).toEqual([[10.5, 2]]);
  });

  it('counts strong windows double when dynamic stopping is on', () => {
    const d = new Decider(config({ fastConfidence: 0.9 }));
    expect(run(d, [0, 0])).toEqual([[0.25, 0]]);
  });

  it('rejects nonsense settings', () => {
    expect(() => new Decider(config({ agree: 0 }))).toThrow(/agree/);
    expect(() => new Decider(config({ refractory: -1 }))).toThrow(/refractory/);
  });
});
