import { type Annotation, type Recording, trialsOf } from '../recording/types';
import { IDLE_LABEL } from '../ssvep/config';
import type { Profile } from '../ssvep/profile';
import { Scorer } from '../ssvep/scorer';
import { WindowAnalyzer, type WindowFeatures } from '../ssvep/window-analyzer';
import { wolpawItr } from './itr';

export interface EpochResult {
  file: string;
  onset: number;
  truth: string;
  /** Predicted target label, or null for "no target". */
  pred: string | null;
  /** Best target regardless of the idle rule (forced choice). */
  forced: string;
  scores: Record<string, number>;
}

/**
 * Epochs [onset + offset, onset + offset + window) per trial, classified
 * with causal filters run from the file's first sample (as online).
 * Without annotations, `label` makes the file one trial cut into
 * consecutive windows.
 */
export function classifyEpochs(
  rec: Recording,
  file: string,
  profile: Profile,
  offset: number,
  label?: string,
): EpochResult[] {
  const config = { ...profile.signal, step: profile.signal.window };
  const analyzer = new WindowAnalyzer(config);
  const scorer = new Scorer(profile.method, profile.signal, profile.rule, profile.lda, profile.ldaThreshold);
  const fs = rec.sampleRate;
  const n = rec.data[0].length;
  const winLen = analyzer.blockLength;
  let trials: Annotation[] = trialsOf(rec.annotations);
  if (trials.length === 0) {
    if (!label) throw new RangeError(`${file}: no annotated trials; give --label to score it as one trial`);
    trials = [];
    for (let s = 0; (s + offset) * fs + winLen <= n; s += winLen / fs)
      trials.push({ onset: s, duration: winLen / fs, label });
    offset = 0;
  }
  const labels = profile.signal.targets.map((t) => t.label);
  const out: EpochResult[] = [];
  const starts = trials.map((t) => Math.round((t.onset + offset) * fs)).filter((s) => s >= 0 && s + winLen <= n);
  let pos = 0;
  let idx = 0;
  for (const start of starts) {
    const trial = trials[idx++];
    if (start < pos) continue; // overlapping epochs are not supported; later trial skipped
    const feed = (from: number, to: number, cb: (w: WindowFeatures) => void) => {
      for (let i = from; i < to; i += 4096) {
        const j = Math.min(to, i + 4096);
        analyzer.push(
          rec.data.map((c) => c.subarray(i, j)),
          cb,
        );
      }
    };
    feed(pos, start, () => {});
    analyzer.alignBlock();
    feed(start, start + winLen, (w) => {
      const s = scorer.score(w, analyzer.bandCount, analyzer.frequencies.length);
      let best = 0;
      for (let k = 1; k < s.scores.length; k++) if (s.scores[k] > s.scores[best]) best = k;
      out.push({
        file,
        onset: trial.onset,
        truth: labels.includes(trial.label) ? trial.label : IDLE_LABEL,
        pred: s.vote >= 0 ? labels[s.vote] : null,
        forced: labels[best],
        scores: Object.fromEntries(labels.map((l, k) => [l, s.scores[k]])),
      });
    });
    pos = start + winLen;
  }
  return out;
}

export interface EpochSummary {
  epochs: number;
  accuracy: number;
  idleEpochs: number;
  idleFired: number;
  targetEpochs: number;
  targetsMissed: number;
  precision: number;
  forcedChoiceAccuracy: number;
  itr: number;
  confusion: { labels: string[]; counts: number[][] };
}

export function summariseEpochs(
  results: EpochResult[],
  targetLabels: string[],
  window: number,
  gazeShift = 1,
): EpochSummary {
  const labels = [...targetLabels, IDLE_LABEL];
  const counts = labels.map(() => labels.map(() => 0));
  let correct = 0;
  let idle = 0;
  let idleFired = 0;
  let targets = 0;
  let missed = 0;
  let fired = 0;
  let firedRight = 0;
  let forcedRight = 0;
  for (const r of results) {
    const pred = r.pred ?? IDLE_LABEL;
    counts[labels.indexOf(r.truth)][labels.indexOf(pred)]++;
    if (pred === r.truth) correct++;
    if (r.pred !== null) {
      fired++;
      if (r.pred === r.truth) firedRight++;
    }
    if (r.truth === IDLE_LABEL) {
      idle++;
      if (r.pred !== null) idleFired++;
    } else {
      targets++;
      if (r.pred === null) missed++;
      if (r.forced === r.truth) forcedRight++;
    }
  }
  const fc = targets ? forcedRight / targets : 0;
  return {
    epochs: results.length,
    accuracy: results.length ? correct / results.length : 0,
    idleEpochs: idle,
    idleFired: idle ? idleFired / idle : 0,
    targetEpochs: targets,
    targetsMissed: targets ? missed / targets : 0,
    precision: fired ? firedRight / fired : 0,
    forcedChoiceAccuracy: fc,
    itr: wolpawItr(fc, targetLabels.length, window + gazeShift),
    confusion: { labels, counts },
  };
}
