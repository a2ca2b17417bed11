import { describe, expect, it } from 'vitest';
import { CalibrationRun, type RunEvent } from '../src/core/calibration/run';
import { calibrationSchedule, LEAD_IN } from '../src/core/calibration/schedule';
import { DEFAULT_LAYOUT } from '../src/core/protocol/layout';

/** The guided calibration's run on simulated time: the clock is a number the test moves. */
const steps = calibrationSchedule(DEFAULT_LAYOUT.targets, { rounds: 2, seconds: 4, rest: 3 });
const LEAD = LEAD_IN * 1000;

/** Advances `run` from `from` to `to` ms in `every` ms polls (the page polls every 100 ms), collecting the events. */
function drive(run: CalibrationRun, from: number, to: number, seen = () => true, every = 100): RunEvent[] {
  const events: RunEvent[] = [];
  for (let t = from; t <= to; t += every) events.push(...run.advance(t, seen()));
  return events;
}

const cues = (events: RunEvent[]) =>
  events.flatMap((e) => (e.type === 'step' ? [e.step.kind === 'target' ? e.step.target!.label : 'rest'] : []));

describe('calibration run', () => {
  it('cues nothing during the lead-in, then every step in the schedule order, each for its whole length', () => {
    const run = new CalibrationRun(steps, 0);
    expect(run.advance(LEAD - 1, true)).toEqual([]);
    expect(run.phase).toBe('lead-in');
    const starts: number[] = [];
    const events: RunEvent[] = [];
    for (let t = LEAD; t <= 60_000; t += 100) {
      const now = run.advance(t, true);
      for (const e of now) if (e.type === 'step') starts.push(t);
      events.push(...now);
    }
    expect(cues(events)).toEqual(steps.map((s) => (s.kind === 'target' ? s.target!.label : 'rest')));
    expect(events.at(-1)).toEqual({ type: 'finished' });
    expect(run.phase).toBe('finished');
    // Targets for 4 s, rests for 3 s, back to back after the 1 s lead-in.
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(starts[0]).toBe(LEAD);
    expect(gaps).toEqual(steps.slice(0, -1).map((s) => s.seconds * 1000));
    expect(run.interrupted).toEqual([]);
    expect(run.snapshot(60_000).progress).toBe(1);
  });

  it('finishes exactly when the schedule is over, not before', () => {
    const total = steps.reduce((s, x) => s + x.seconds, 0) * 1000;
    const run = new CalibrationRun(steps, 0);
    drive(run, 0, LEAD + total - 100);
    expect(run.over).toBe(false);
    expect(run.advance(LEAD + total, true)).toEqual([{ type: 'finished' }]);
  });

  it('counts down each step in whole seconds, and the progress over the whole schedule', () => {
    const run = new CalibrationRun(steps, 0);
    const total = steps.reduce((s, x) => s + x.seconds, 0);
    run.advance(LEAD, true);
    expect(run.snapshot(LEAD)).toMatchObject({ phase: 'step', index: 0, stepSecondsLeft: 4, secondsLeft: total });
    expect(run.snapshot(LEAD + 2500)).toMatchObject({
      stepSecondsLeft: 2,
      secondsLeft: total - 2,
      progress: 2 / total,
    });
    drive(run, LEAD, LEAD + 4000);
    // The rest after the first target.
    expect(run.snapshot(LEAD + 4000)).toMatchObject({ index: 1, stepSecondsLeft: 3, progress: 4 / total });
  });

  it('pauses a step the person cannot follow and redoes it whole as a new attempt, the broken one marked', () => {
    let seen = true;
    const run = new CalibrationRun(steps, 0);
    const events = drive(run, 0, LEAD + 4000 + 1500, () => seen); // into the first rest
    expect(run.snapshot(LEAD + 5500)).toMatchObject({ phase: 'step', index: 1 });
    seen = false;
    const paused = run.advance(LEAD + 5600, seen);
    expect(paused).toEqual([{ type: 'paused', index: 1, attempt: 1 }]);
    const progress = run.snapshot(LEAD + 5600).progress;
    // However long it stays hidden, the run waits where it is.
    expect(drive(run, LEAD + 5700, LEAD + 60_000, () => seen)).toEqual([]);
    expect(run.snapshot(LEAD + 60_000)).toMatchObject({ phase: 'paused', index: 1, progress });
    seen = true;
    const resumed = run.advance(LEAD + 60_100, seen);
    expect(resumed).toEqual([{ type: 'step', index: 1, attempt: 2, step: steps[1] }]);
    expect(run.snapshot(LEAD + 60_100)).toMatchObject({ stepSecondsLeft: 3 });
    // The redone rest lasts its whole 3 s from the resume.
    expect(drive(run, LEAD + 60_200, LEAD + 63_000)).toEqual([]);
    expect(cues(run.advance(LEAD + 63_100, true))).toEqual([steps[2].target!.label]);
    expect(run.interrupted).toEqual([1]);
    expect(cues(events)).toEqual([steps[0].target!.label, 'rest']);
  });

  it('does not pause during the lead-in, and pauses the first step at once when the cue cannot be followed', () => {
    const run = new CalibrationRun(steps, 0);
    expect(drive(run, 0, LEAD - 100, () => false)).toEqual([]);
    expect(run.advance(LEAD, false)).toEqual([
      { type: 'step', index: 0, attempt: 0, step: steps[0] },
      { type: 'paused', index: 0, attempt: 0 },
    ]);
  });

  it('a step that ran its whole length is done even if the tab is hidden at its end', () => {
    const run = new CalibrationRun(steps, 0);
    drive(run, 0, LEAD + 3900);
    expect(cues(run.advance(LEAD + 4000, false))).toEqual(['rest']);
    expect(run.interrupted).toEqual([1]);
    expect(run.phase).toBe('paused');
  });

  it('cancels from any phase, once, and then nothing more happens', () => {
    for (const at of [0, LEAD + 500, LEAD + 5000]) {
      const run = new CalibrationRun(steps, 0);
      drive(run, 0, at);
      expect(run.cancel()).toEqual([{ type: 'cancelled' }]);
      expect(run.phase).toBe('cancelled');
      expect(run.cancel()).toEqual([]);
      expect(drive(run, at, at + 100_000, () => true, 1000)).toEqual([]);
    }
    const paused = new CalibrationRun(steps, 0);
    drive(paused, 0, LEAD + 100, () => false);
    expect(paused.phase).toBe('paused');
    expect(paused.cancel()).toEqual([{ type: 'cancelled' }]);
    expect(paused.over).toBe(true);
  });

  it('refuses an empty schedule', () => {
    expect(() => new CalibrationRun([], 0)).toThrow(/at least one step/);
  });
});
