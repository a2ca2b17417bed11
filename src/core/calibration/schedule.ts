import type { StimulusTarget } from '../protocol/layout';

/** The guided calibration's steps and how long they take, in the words the page and the docs use. */
export interface Step {
  kind: 'target' | 'rest';
  target?: StimulusTarget;
  seconds: number;
}

/** 3 rounds of 5 s per target with 5 s rests: about 2 minutes for 4 targets. */
export const DEFAULT_SCHEDULE = { rounds: 3, seconds: 5, rest: 5 };
/** Seconds of calm before the first cue. */
export const LEAD_IN = 1;

export function calibrationSchedule(
  targets: StimulusTarget[],
  o: { rounds: number; seconds: number; rest: number },
): Step[] {
  const steps: Step[] = [];
  for (let r = 0; r < o.rounds; r++) {
    // A different order each round, so no target always follows the same one.
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    for (const t of order) {
      steps.push({ kind: 'target', target: t, seconds: o.seconds });
      steps.push({ kind: 'rest', seconds: o.rest });
    }
  }
  return steps;
}

/** "2 minutes", "45 seconds"; short: "1 min 40 s", "45 s". */
export function durationWords(seconds: number, short = false): string {
  const s = Math.max(0, Math.round(seconds));
  if (short) return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  if (s < 90) return `${s} seconds`;
  const m = Math.round(s / 60);
  return `${m} minutes`;
}

/** The whole calibration, as the page and the Connect page state it. */
export function calibrationLength(targets: StimulusTarget[], o = DEFAULT_SCHEDULE): string {
  return durationWords(LEAD_IN + calibrationSchedule(targets, o).reduce((s, x) => s + x.seconds, 0));
}
