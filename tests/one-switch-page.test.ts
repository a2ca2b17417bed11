import { describe, expect, it } from 'vitest';
import { OneSwitch } from '../src/content/one-switch';
import type { TargetView } from '../src/content/overlay';
import { DEFAULT_LAYOUT, type OneSwitchSettings } from '../src/core/protocol/layout';

/** The page's one-switch logic (content/one-switch.ts) without a page: what it lights, says and allows. */
function make(settings: OneSwitchSettings | undefined, state = { asleep: false, ready: true }) {
  return new OneSwitch({
    settings: () => settings,
    layout: () => DEFAULT_LAYOUT,
    asleep: () => state.asleep,
    ready: () => state.ready,
  });
}
const views = (enabled: number[]) =>
  new Map<number, TargetView>(
    DEFAULT_LAYOUT.targets.map((t) => [t.index, { label: `square ${t.index}`, enabled: enabled.includes(t.index) }]),
  );

describe('one switch on a page', () => {
  it('is off unless the carer chose it, and while asleep', () => {
    expect(make(undefined).update(views([0, 1, 2, 3]))).toBeUndefined();
    expect(make({ on: false, stepSeconds: 2 }).update(views([0, 1, 2, 3]))).toBeUndefined();
    const state = { asleep: true, ready: true };
    expect(make({ on: true, stepSeconds: 2 }, state).update(views([0, 1, 2, 3]))).toBeUndefined();
  });

  it('makes the Menu square the switch and lights only squares that can act, once a choice can be made', () => {
    const state = { asleep: false, ready: false };
    const s = make({ on: true, stepSeconds: 2 }, state);
    expect(s.update(views([1, 3]))).toEqual({ switchIndex: 1, lit: undefined });
    expect(s.status()).toMatch(/nothing to choose yet/);
    state.ready = true;
    expect(s.update(views([1, 3]))).toEqual({ switchIndex: 1, lit: 1 });
    expect(s.status()).toMatch(/“square 1” is lit\. Look at the flickering square \(bottom left\)/);
    s.heartbeat(0, undefined, undefined);
    s.heartbeat(2, undefined, undefined);
    expect(s.update(views([1, 3]))?.lit).toBe(3);
  });

  it('keeps a menu open for two rounds of a slow scan', () => {
    expect(make({ on: false, stepSeconds: 8 }).idleMs()).toBeUndefined();
    const slow = make({ on: true, stepSeconds: 8 });
    slow.update(views([0, 1, 2, 3]));
    // Two rounds of four squares at 8 s, and a look.
    expect(slow.idleMs()).toBe(69_000);
    const fast = make({ on: true, stepSeconds: 1 });
    fast.update(views([0, 1, 2, 3]));
    expect(fast.idleMs()).toBe(20_000);
  });

  it('falls back to the usual scan speed for a stored speed out of range', () => {
    const s = make({ on: true, stepSeconds: 0.01 });
    s.update(views([0, 1, 2, 3]));
    expect(s.idleMs()).toBe(25_000);
  });

  it('lights an undo on offer first, and calls the switch "Switch" unless its own square is lit', () => {
    const s = make({ on: true, stepSeconds: 2 });
    expect(s.update(views([0, 1, 2, 3]), true)?.lit).toBe(1);
    expect(s.switchLabel({ label: 'Undo: Unlike', enabled: true })?.label).toBe('Undo: Unlike');
    s.heartbeat(0, undefined, undefined);
    s.heartbeat(2.5, undefined, undefined);
    expect(s.update(views([0, 1, 2, 3]), true)?.lit).toBe(0);
    expect(s.switchLabel({ label: 'Undo: Unlike', enabled: true })?.label).toBe('◉ Switch');
  });

  it('lets a held look go when its square comes to mean something else (a menu closing under it)', () => {
    const s = make({ on: true, stepSeconds: 2 });
    s.update(views([0, 1, 2, 3]));
    s.heartbeat(0, undefined, undefined);
    s.heartbeat(0.75, 1, 0.25);
    s.update(views([0, 1, 2, 3]));
    expect(s.describe().state).toBe('held');
    const changed = views([0, 1, 2, 3]);
    changed.set(0, { label: 'Like', enabled: true });
    s.update(changed);
    expect(s.describe().state).toBe('scanning');
    expect(s.press(1)).toBeUndefined();
  });
});
