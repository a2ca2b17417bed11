import { OnlinePipeline } from '../online/pipeline';
import type { Annotation, Recording } from '../recording/types';
import type { Profile } from '../ssvep/profile';
import type { WindowFeatures } from '../ssvep/window-analyzer';
import { type AsyncSummary, scoreAsync, type TimedSelection } from './async';

/**
 * Self-paced replay of already analysed windows through the online
 * pipeline's own scorer and decider (OnlinePipeline.classify), so that many
 * decision rules can be compared on one analysis of each recording.
 */
export function selectionsOf(windows: WindowFeatures[], profile: Profile): TimedSelection[] {
  const pipeline = new OnlinePipeline(profile);
  const out: TimedSelection[] = [];
  for (const w of windows) {
    pipeline.classify(w, (e) => {
      if (e.type === 'selection') out.push({ t: e.t, label: e.label });
    });
  }
  return out;
}

/**
 * The windows the online pipeline analyses on a recording, with whatever it
 * learns during use (a prototype spatial filter learns from the windows
 * `profile` finds above rest): replaying them through `selectionsOf` with the
 * same profile gives its selections; with another decision run (agreeing
 * windows), those that profile would have made had it learnt the same.
 */
export function analyseInUse(rec: Recording, profile: Profile, chunk = 1024): WindowFeatures[] {
  const pipeline = new OnlinePipeline(profile);
  const out: WindowFeatures[] = [];
  pipeline.onWindow = (w) => out.push(w);
  const n = rec.data[0]?.length ?? 0;
  for (let i = 0; i < n; i += chunk) pipeline.push(rec.data.map((c) => c.subarray(i, Math.min(n, i + chunk))));
  return out;
}

export interface SubjectResult {
  subject: string;
  summary: AsyncSummary;
  /** Wrong selections as a share of the selections made during target trials. */
  wrongShare: number;
}

export function summarise(
  subject: string,
  sessions: { annotations: Annotation[]; selections: TimedSelection[] }[],
  labels: string[],
): SubjectResult {
  const summary = scoreAsync(sessions, labels);
  const made = summary.hits + summary.errors;
  return { subject, summary, wrongShare: made ? summary.errors / made : 0 };
}

export interface Aggregate {
  subjects: number;
  hit: number;
  /** The fewest hits of any subject. */
  worstHit: number;
  wrong: number;
  falsePerMinute: number;
  worstFalsePerMinute: number;
  worstWrong: number;
  restMinutes: number;
  medianLatency: number | null;
}

/** Mean over subjects (each subject counts once), worst subject, pooled latency median. */
export function aggregate(results: SubjectResult[]): Aggregate {
  const n = results.length;
  const mean = (f: (r: SubjectResult) => number) => (n ? results.reduce((a, r) => a + f(r), 0) / n : 0);
  const latencies = results.flatMap((r) => r.summary.latencies).sort((a, b) => a - b);
  return {
    subjects: n,
    hit: mean((r) => r.summary.hitRate),
    worstHit: n ? Math.min(...results.map((r) => r.summary.hitRate)) : 0,
    wrong: mean((r) => r.wrongShare),
    falsePerMinute: mean((r) => r.summary.falseActivationsPerMinute),
    worstFalsePerMinute: Math.max(0, ...results.map((r) => r.summary.falseActivationsPerMinute)),
    worstWrong: Math.max(0, ...results.map((r) => r.wrongShare)),
    restMinutes: results.reduce((a, r) => a + r.summary.restMinutes, 0),
    medianLatency: latencies.length ? latencies[Math.floor(latencies.length / 2)] : null,
  };
}

/**
 * Picks, from `grid` (ordered from most to least cautious), in this order
 * of what matters: within the false-activation budgets (mean and worst
 * subject) first; then within the wrong-selection budget (mean), the
 * setting with the most hits on the training subjects; where none keeps the
 * wrong budget, the one with the fewest wrong selections (most hits on a
 * tie), since a wrong action costs a person more than a slow one; the most
 * cautious when none is quiet enough.
 */
export function chooseSetting<T>(
  grid: T[],
  evaluate: (setting: T) => Aggregate,
  budget: { falsePerMinute: number; worstFalsePerMinute: number; wrong: number },
): T {
  const quiet = grid
    .map((setting) => ({ setting, a: evaluate(setting) }))
    .filter(
      ({ a }) => a.falsePerMinute <= budget.falsePerMinute && a.worstFalsePerMinute <= budget.worstFalsePerMinute,
    );
  const within = quiet.filter(({ a }) => a.wrong <= budget.wrong);
  const best = within.length
    ? within.reduce((b, c) => (c.a.hit > b.a.hit ? c : b))
    : quiet.reduce<(typeof quiet)[number] | undefined>(
        (b, c) => (!b || c.a.wrong < b.a.wrong || (c.a.wrong === b.a.wrong && c.a.hit > b.a.hit) ? c : b),
        undefined,
      );
  return best?.setting ?? grid[0];
}
