import { type Annotation, trialsOf } from '../recording/types';
import type { TimedSelection } from './async';

/**
 * Scoring of one flickering target used as a switch (issue 19, item 6),
 * self-paced: the detector knows only the switch's frequency and must tell
 * a look at it from everything else.
 *
 * - a look at the switch is **selected** when a selection comes within
 *   `within` seconds of its onset (the one-switch target: >= 0.9 within 4 s);
 * - every selection inside a rest trial is a **false activation**;
 * - selections while the person looks at another flickering target are
 *   counted apart (per minute of such looks): in use nothing else flickers,
 *   so they are not false activations, but they show how much any flicker
 *   sets the switch off.
 */
export interface OneSwitchSummary {
  looks: number;
  selected: number;
  /** Seconds from onset to the first selection, per selected look. */
  latencies: number[];
  restMinutes: number;
  falseActivations: number;
  otherMinutes: number;
  otherSelections: number;
}

export const SWITCH_WITHIN = 4;

export function scoreOneSwitch(
  annotations: Annotation[],
  selections: TimedSelection[],
  switchLabel: string,
  targetLabels: string[],
  within = SWITCH_WITHIN,
): OneSwitchSummary {
  const s: OneSwitchSummary = {
    looks: 0,
    selected: 0,
    latencies: [],
    restMinutes: 0,
    falseActivations: 0,
    otherMinutes: 0,
    otherSelections: 0,
  };
  const inside = (a: Annotation) => selections.filter((x) => x.t >= a.onset && x.t <= a.onset + a.duration);
  for (const a of trialsOf(annotations)) {
    if (a.label === switchLabel) {
      s.looks++;
      const first = selections.find((x) => x.t >= a.onset && x.t <= a.onset + within);
      if (first) {
        s.selected++;
        s.latencies.push(first.t - a.onset);
      }
    } else if (targetLabels.includes(a.label)) {
      s.otherMinutes += a.duration / 60;
      s.otherSelections += inside(a).length;
    } else {
      s.restMinutes += a.duration / 60;
      s.falseActivations += inside(a).length;
    }
  }
  return s;
}

/** Sums of several runs' summaries (one subject's, or one switch's across runs). */
export function addOneSwitch(parts: OneSwitchSummary[]): OneSwitchSummary {
  return parts.reduce(
    (a, b) => ({
      looks: a.looks + b.looks,
      selected: a.selected + b.selected,
      latencies: [...a.latencies, ...b.latencies],
      restMinutes: a.restMinutes + b.restMinutes,
      falseActivations: a.falseActivations + b.falseActivations,
      otherMinutes: a.otherMinutes + b.otherMinutes,
      otherSelections: a.otherSelections + b.otherSelections,
    }),
    scoreOneSwitch([], [], '', []),
  );
}
