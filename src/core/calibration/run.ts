import { LEAD_IN, type Step } from './schedule';

/**
 * One guided calibration as a state machine, with no clock and no page of
 * its own: the host passes the time (ms, any origin, only differences
 * count) and whether the person can follow the cue, and does what the
 * returned events say. So the studio runs it on stream time (faster than
 * real time with a sped-up simulated headset) and tests run it on numbers.
 *
 * A calm lead-in, then each step for its whole length. A step the person
 * could not follow (the tab hidden, the flicker stopped) pauses the run;
 * when the cue can be followed again the same step starts over as a new
 * attempt, and the interrupted attempt is left out of the fit. Cancel ends
 * the run wherever it is.
 */
export type RunPhase = 'lead-in' | 'step' | 'paused' | 'finished' | 'cancelled';

export type RunEvent =
  /** Cue `step` now (mark it in the recording, show its target); `attempt` counts every start, redone ones too. */
  | { type: 'step'; index: number; attempt: number; step: Step }
  /** The cue cannot be followed: stop cueing; this attempt's data must not be fitted. */
  | { type: 'paused'; index: number; attempt: number }
  | { type: 'finished' }
  | { type: 'cancelled' };

/** What the page shows at a moment of the run. */
export interface RunSnapshot {
  phase: RunPhase;
  /** The step cued or paused (0-based). */
  index: number;
  steps: number;
  /** Whole seconds left in this step, counting the current one (5, 4, ... 1). */
  stepSecondsLeft: number;
  /** Seconds left in the whole run, this step's included. */
  secondsLeft: number;
  /** 0 to 1: the share of the schedule's seconds done; a paused step counts as not begun. */
  progress: number;
}

export class CalibrationRun {
  private state: RunPhase = 'lead-in';
  private index = 0;
  private attempts = 0;
  /** When the current phase began (the lead-in, or the current attempt at a step). */
  private since: number;
  private readonly interruptedAttempts: number[] = [];
  private readonly total: number;

  constructor(
    readonly steps: readonly Step[],
    now: number,
    private readonly leadInMs = LEAD_IN * 1000,
  ) {
    if (steps.length === 0) throw new Error('a calibration needs at least one step');
    this.since = now;
    this.total = steps.reduce((s, x) => s + x.seconds, 0);
  }

  get phase(): RunPhase {
    return this.state;
  }

  /** Finished or cancelled: nothing more will happen. */
  get over(): boolean {
    return this.state === 'finished' || this.state === 'cancelled';
  }

  /** The attempts that were paused part-way (their data is left out of the fit). */
  get interrupted(): readonly number[] {
    return this.interruptedAttempts;
  }

  /** Moves the run on to `now`; `seen` is whether the person can follow the cue now. */
  advance(now: number, seen: boolean): RunEvent[] {
    const events: RunEvent[] = [];
    for (let e = this.next(now, seen); e; e = this.next(now, seen)) events.push(e);
    return events;
  }

  cancel(): RunEvent[] {
    if (this.over) return [];
    this.state = 'cancelled';
    return [{ type: 'cancelled' }];
  }

  snapshot(now: number): RunSnapshot {
    const after = this.steps.slice(this.index + 1).reduce((s, x) => s + x.seconds, 0);
    const seconds = this.steps[Math.min(this.index, this.steps.length - 1)].seconds;
    const before = this.total - after - seconds;
    const elapsed = this.state === 'step' ? Math.min(seconds - 1, Math.floor((now - this.since) / 1000)) : 0;
    const progress = this.state === 'finished' ? 1 : this.state === 'lead-in' ? 0 : (before + elapsed) / this.total;
    return {
      phase: this.state,
      index: this.index,
      steps: this.steps.length,
      stepSecondsLeft: seconds - elapsed,
      secondsLeft: after + seconds - elapsed,
      progress,
    };
  }

  private next(now: number, seen: boolean): RunEvent | undefined {
    switch (this.state) {
      case 'lead-in':
        // The lead-in shows no cue: nothing to pause.
        return now - this.since >= this.leadInMs ? this.begin(now) : undefined;
      case 'step':
        // A step that ran its whole length is done, even if the tab was hidden at its very end.
        if (now - this.since >= this.steps[this.index].seconds * 1000) {
          this.index++;
          if (this.index < this.steps.length) return this.begin(now);
          this.state = 'finished';
          return { type: 'finished' };
        }
        if (seen) return undefined;
        this.state = 'paused';
        this.interruptedAttempts.push(this.attempts - 1);
        return { type: 'paused', index: this.index, attempt: this.attempts - 1 };
      case 'paused':
        return seen ? this.begin(now) : undefined;
      default:
        return undefined;
    }
  }

  private begin(now: number): RunEvent {
    this.state = 'step';
    this.since = now;
    return { type: 'step', index: this.index, attempt: this.attempts++, step: this.steps[this.index] };
  }
}
