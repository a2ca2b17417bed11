import { type Annotation, trialsOf } from '../recording/types';

/**
 * Self-paced scoring (docs/evaluation.md): per target trial the first
 * selection in [onset, onset + duration + 1 s] is a hit or an error; every
 * selection inside a rest trial is a false activation; selections between
 * trials are not scored.
 */
export interface TimedSelection {
  t: number;
  label: string;
}

export interface AsyncSummary {
  targetTrials: number;
  hits: number;
  errors: number;
  misses: number;
  hitRate: number;
  errorRate: number;
  missRate: number;
  restMinutes: number;
  falseActivations: number;
  falseActivationsPerMinute: number;
  latencies: number[];
  medianLatency: number | null;
}

export function scoreAsync(
  sessions: { annotations: Annotation[]; selections: TimedSelection[] }[],
  targetLabels: string[],
): AsyncSummary {
  let hits = 0;
  let errors = 0;
  let misses = 0;
  let restSeconds = 0;
  let fa = 0;
  const latencies: number[] = [];
  for (const { annotations, selections } of sessions) {
    for (const a of trialsOf(annotations)) {
      if (targetLabels.includes(a.label)) {
        const first = selections.find((s) => s.t >= a.onset && s.t <= a.onset + a.duration + 1);
        if (!first) misses++;
        else if (first.label === a.label) {
          hits++;
          latencies.push(first.t - a.onset);
        } else errors++;
      } else {
        restSeconds += a.duration;
        fa += selections.filter((s) => s.t >= a.onset && s.t <= a.onset + a.duration).length;
      }
    }
  }
  const n = hits + errors + misses;
  const sorted = [...latencies].sort((x, y) => x - y);
  const median =
    sorted.length === 0
      ? null
      : sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return {
    targetTrials: n,
    hits,
    errors,
    misses,
    hitRate: n ? hits / n : 0,
    errorRate: n ? errors / n : 0,
    missRate: n ? misses / n : 0,
    restMinutes: restSeconds / 60,
    falseActivations: fa,
    falseActivationsPerMinute: restSeconds ? fa / (restSeconds / 60) : 0,
    latencies,
    medianLatency: median,
  };
}
