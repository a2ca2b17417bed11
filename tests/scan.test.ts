import { describe, expect, it } from 'vitest';
import { DEFAULT_SCAN, Scanner, scanProblem } from '../src/core/browse/scan';

const HOP = 0.25;
/** Heartbeats every 0.25 s from `from` to `to` (exclusive), with the switch looked at or not. */
function run(s: Scanner, from: number, to: number, looking = false): number {
  let t = from;
  for (; t < to - 1e-9; t += HOP) s.tick(t, looking);
  return t;
}

describe('one-switch scanning', () => {
  const config = { stepSeconds: 2, cycles: 2, reactionSeconds: 0.5 };

  it('lights each square in turn for a step, and stops after its rounds with nothing lit', () => {
    const s = new Scanner(config);
    s.setItems([0, 1, 2, 3]);
    s.restart();
    const seen: (number | undefined)[] = [];
    for (let t = 0; t < 20; t += HOP) {
      s.tick(t, false);
      seen.push(s.lit());
    }
    // 8 steps of 2 s (two rounds of four), 8 heartbeats each, then nothing.
    const expected = [0, 1, 2, 3, 0, 1, 2, 3].flatMap((i) => Array<number>(8).fill(i));
    expect(seen.slice(0, 64)).toEqual(expected);
    expect(seen.slice(64).every((x) => x === undefined)).toBe(true);
    expect(s.now.kind).toBe('stopped');
  });

  it('holds the lit square while the switch is looked at, and chooses it', () => {
    const s = new Scanner(config);
    s.setItems([0, 1, 2, 3]);
    s.restart();
    const t = run(s, 0, 4.75); // square 2 lit since 4 s
    run(s, t, 12, true); // a long look: the scan stays
    expect(s.now).toEqual({ kind: 'held', item: 2, round: 0 });
    expect(s.press()).toBe(2);
    // The next round starts at the first square.
    expect(s.lit()).toBe(0);
  });

  it('gives a look that shows just after the light moved to the square lit before', () => {
    const s = new Scanner(config);
    s.setItems([0, 1, 2, 3]);
    s.restart();
    const t = run(s, 0, 4.25); // square 2 lit since 4 s, for 0.25 s only
    s.tick(t, true);
    expect(s.lit()).toBe(1);
    expect(s.press()).toBe(1);
  });

  it('goes on from the held square when the person looks away', () => {
    const s = new Scanner(config);
    s.setItems([0, 1, 2]);
    s.restart();
    let t = run(s, 0, 2.75);
    t = run(s, t, 4, true);
    expect(s.lit()).toBe(1);
    t = run(s, t, 5.75); // looked away: 1 stays lit a full step, then 2
    expect(s.lit()).toBe(1);
    run(s, t, 6.5);
    expect(s.lit()).toBe(2);
  });

  it('starts when there is something to choose; a selection once it rests only starts it again', () => {
    const s = new Scanner(config);
    expect(s.lit()).toBeUndefined();
    s.setItems([0, 1, 2, 3]);
    expect(s.lit()).toBe(0);
    run(s, 0, 30);
    expect(s.lit()).toBeUndefined();
    expect(s.press()).toBeUndefined();
    expect(s.lit()).toBe(0);
  });

  it('starts the round again when what can be chosen changes, and skips what cannot', () => {
    const s = new Scanner(config);
    s.setItems([0, 1, 2, 3]);
    s.restart();
    const t = run(s, 0, 4.5);
    expect(s.lit()).toBe(2);
    s.setItems([1, 3]);
    expect(s.lit()).toBe(1);
    run(s, t, t + 2);
    expect(s.lit()).toBe(3);
  });

  it('refuses a scan speed outside what the carer may set', () => {
    expect(scanProblem({ stepSeconds: 0.2 })).toMatch(/1 to 8 seconds/);
    expect(scanProblem({ stepSeconds: Number.NaN })).toMatch(/scan speed/);
    expect(scanProblem({ ...DEFAULT_SCAN })).toBeUndefined();
    expect(() => new Scanner({ ...DEFAULT_SCAN, cycles: 0 })).toThrow(/at least once/);
  });
});

describe('one-switch scanning while a mode builds its choices', () => {
  it('waits with nothing lit while nothing can be chosen, then starts', () => {
    const s = new Scanner({ stepSeconds: 2, cycles: 2, reactionSeconds: 0.5 });
    s.setItems([0, 1, 2, 3]);
    s.restart();
    run(s, 0, 1);
    s.setItems([]);
    expect(s.lit()).toBeUndefined();
    expect(s.press()).toBeUndefined();
    s.setItems([2, 3]);
    expect(s.lit()).toBe(2);
  });
});

describe('one-switch scanning when the look fires', () => {
  it('chooses the held square though the heartbeat of the firing window came first', () => {
    const s = new Scanner({ stepSeconds: 2, cycles: 2, reactionSeconds: 0.5 });
    s.setItems([0, 1, 2, 3]);
    let t = run(s, 0, 2.75); // square 1 lit since 2 s
    t = run(s, t, 5, true);
    expect(s.lit()).toBe(1);
    // The window that fires reports no evidence any more; the selection follows it.
    s.tick(t, false);
    expect(s.press()).toBe(1);
  });
});

describe('one-switch scanning: a look chooses only the square it began on (review of the first version)', () => {
  const config = { stepSeconds: 2, cycles: 2, reactionSeconds: 0.5 };
  const started = () => {
    const s = new Scanner(config);
    s.setItems([0, 1, 2, 3]);
    return s;
  };

  it('a gap of one window in the evidence does not move the choice to the square before', () => {
    const s = started();
    let t = run(s, 0, 4.75); // square 2 lit since 4 s
    t = run(s, t, 5.5, true);
    s.tick(t, false); // one window without evidence
    t += HOP;
    t = run(s, t, 7, true);
    expect(s.lit()).toBe(2);
    expect(s.press(t)).toBe(2);
  });

  it('a look under way when the round starts again chooses nothing, and must end before the scan holds again', () => {
    const s = started();
    let t = run(s, 0, 6.75); // square 3 lit since 6 s
    t = run(s, t, 7.5, true);
    expect(s.lit()).toBe(3);
    s.setItems([0, 1, 3]); // what can be chosen changed under the look
    t = run(s, t, 8.5, true);
    expect(s.now.kind).toBe('scanning');
    expect(s.press(t)).toBeUndefined();
  });

  it('a hold cancelled because its square changed meaning needs a new look', () => {
    const s = started();
    let t = run(s, 0, 2.75);
    t = run(s, t, 3.5, true);
    expect(s.lit()).toBe(1);
    s.cancelHold();
    t = run(s, t, 4.5, true);
    expect(s.now.kind).toBe('scanning');
    expect(s.press(t)).toBeUndefined();
  });

  it('stray evidence that ends without a choice does not keep the scan from resting', () => {
    const s = started();
    let t = 0;
    for (; t < 600 && s.now.kind !== 'stopped'; t += HOP) s.tick(t, Math.round(t / HOP) % 24 === 0);
    expect(s.now.kind).toBe('stopped');
    // Two rounds of four 2 s squares, give or take the holds' full steps.
    expect(t).toBeLessThan(30);
  });

  it('a selection that waited behind another action is matched to the look it came from', () => {
    const s = new Scanner({ stepSeconds: 1, cycles: 2, reactionSeconds: 0.5 });
    s.setItems([0, 1, 2, 3]);
    let t = run(s, 0, 1.75); // square 1 lit since 1 s
    t = run(s, t, 3, true);
    const fired = t;
    t = run(s, t, 4.5); // the look fired; heartbeats go on while the selection waits
    expect(s.lit()).not.toBe(1);
    expect(s.press(fired)).toBe(1);
  });

  it('a round started while nothing was ticking begins at the next heartbeat, not rounds late', () => {
    const s = started();
    run(s, 0, 2);
    s.restart(0, Number.NaN);
    s.tick(500, false);
    expect(s.lit()).toBe(0);
    expect(s.now.kind).toBe('scanning');
  });
});
