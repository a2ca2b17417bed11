import { type Recording, trialsOf } from '../recording/types';
import { IDLE_LABEL, type SignalConfig } from './config';
import { fitLda, ldaPosteriors } from './lda';
import type { Profile } from './profile';
import { defaultProfile, type PipelineOptions } from './profile-defaults';
import { Scorer, ldaFeatures, targetContrast } from './scorer';
import { WindowAnalyzer, type WindowFeatures } from './window-analyzer';

/** Share of the user's rest windows whose contrast a target vote must exceed. */
export const GATE_QUANTILE = 0.8;

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return -Infinity;
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** All windows of a recording, from its first sample, as the online path sees them. */
export function analyseRecording(rec: Recording, config: SignalConfig, chunk = 1024): WindowFeatures[] {
  // Its windows would depend on the decisions taken on them: eval/self-paced's analyseInUse runs them.
  if (config.spatialPrototype) throw new RangeError('an analysis that learns a spatial filter needs a detector');
  const analyzer = new WindowAnalyzer(config);
  const out: WindowFeatures[] = [];
  const n = rec.data[0].length;
  for (let i = 0; i < n; i += chunk) {
    analyzer.push(
      rec.data.map((c) => c.subarray(i, Math.min(n, i + chunk))),
      (w) => out.push(w),
    );
  }
  return out;
}

interface LabelledWindow {
  features: number[];
  contrast: number[];
  label: number;
  trial: number;
}

/**
 * Training windows: those lying inside a trial, starting at least `lead`
 * seconds after its onset (gaze shift and SSVEP build-up) and ending no later
 * than `lead` after its end. Labels: 0 = idle (any non-target trial), k + 1 = target k.
 */
function trialWindows(rec: Recording, config: SignalConfig, trialBase: number, lead = 0.75): LabelledWindow[] {
  const analyzer = new WindowAnalyzer(config);
  const fs = config.sampleRate;
  const windows = analyseRecording(rec, config);
  const winLen = analyzer.blockLength * analyzer.blocksPerWindow;
  const out: LabelledWindow[] = [];
  trialsOf(rec.annotations).forEach((a, i) => {
    const k = config.targets.findIndex((t) => t.label === a.label);
    for (const w of windows) {
      const start = (w.endSample - winLen) / fs;
      const end = w.endSample / fs;
      if (start >= a.onset + lead && end <= a.onset + a.duration + lead) {
        out.push({
          features: ldaFeatures(w, config, analyzer.bandCount, analyzer.frequencies.length),
          contrast: config.targets.map((_, t) => targetContrast(w, config, t)),
          label: k + 1,
          trial: trialBase + i,
        });
      }
    }
  });
  return out;
}

export interface CalibrationInput {
  recording: Recording;
  name: string;
}

/**
 * Fits a user's profile from labelled recordings that include rest trials.
 * fbcca-lda: LDA over filter-bank correlations with an idle class, checked
 * by leave-trials-out cross-validation. cca / fbcca: the score threshold is
 * set above what the user's rest windows reach.
 */
export function calibrate(inputs: CalibrationInput[], opts: PipelineOptions): Profile {
  if (inputs.length === 0) throw new RangeError('calibration needs at least one recording');
  const first = inputs[0].recording;
  const profile = defaultProfile(opts, first.sampleRate, first.channels.length);
  profile.channels = first.channels.map((c) => c.label);
  const config = profile.signal;
  for (const { recording, name } of inputs) {
    if (recording.sampleRate !== config.sampleRate || recording.channels.length !== config.channelCount) {
      throw new RangeError(`${name}: calibration recordings must share rate and channel count`);
    }
    if (recording.channels.some((c, i) => c.label !== profile.channels?.[i])) {
      throw new RangeError(`${name}: calibration recordings must share their electrodes (channel labels)`);
    }
    if (!trialsOf(recording.annotations).some((a) => !config.targets.some((t) => t.label === a.label))) {
      throw new RangeError(`${name}: calibration needs rest trials (annotations that are not targets)`);
    }
  }
  let trialBase = 0;
  const windows: LabelledWindow[] = [];
  for (const { recording } of inputs) {
    windows.push(...trialWindows(recording, config, trialBase));
    trialBase += trialsOf(recording.annotations).length;
  }
  const classes = [IDLE_LABEL, ...config.targets.map((t) => t.label)];
  for (let k = 0; k < classes.length; k++) {
    if (!windows.some((w) => w.label === k)) throw new RangeError(`calibration has no ${classes[k]} trials`);
  }
  if (opts.method === 'fbcca-lda') {
    profile.lda = fitLda(
      windows.map((w) => w.features),
      windows.map((w) => w.label),
      classes,
    );
    const rest = windows.filter((w) => w.label === 0);
    profile.gate = config.targets.map((_, k) =>
      quantile(
        rest.map((w) => w.contrast[k]),
        opts.gateQuantile ?? GATE_QUANTILE,
      ),
    );
    const cv = crossValidate(windows, classes, profile.ldaThreshold);
    profile.calibration = { files: inputs.map((i) => i.name), windows: windows.length, ...cv };
  } else {
    // Threshold at the 90th percentile of the rest windows' best score.
    const analyzer = new WindowAnalyzer(config);
    const scorer = new Scorer(opts.method, config, { minScore: 0, ratio: 0 });
    const restTop: number[] = [];
    for (const { recording } of inputs) {
      const all = analyseRecording(recording, config);
      const winLen = analyzer.blockLength * analyzer.blocksPerWindow;
      for (const a of trialsOf(recording.annotations)) {
        if (config.targets.some((t) => t.label === a.label)) continue;
        for (const w of all) {
          const start = (w.endSample - winLen) / config.sampleRate;
          if (start >= a.onset && w.endSample / config.sampleRate <= a.onset + a.duration) {
            restTop.push(scorer.score(w, analyzer.bandCount, analyzer.frequencies.length).confidence);
          }
        }
      }
    }
    restTop.sort((a, b) => a - b);
    profile.rule = { minScore: restTop[Math.floor(0.9 * (restTop.length - 1))] ?? profile.rule.minScore, ratio: 1 };
    profile.calibration = { files: inputs.map((i) => i.name), windows: restTop.length };
  }
  return profile;
}

/** Leave-trials-out (5 folds by trial) window accuracy with idle, and idle windows that fired. */
function crossValidate(windows: LabelledWindow[], classes: string[], threshold: number) {
  const folds = 5;
  let correct = 0;
  let restWindows = 0;
  let restFired = 0;
  const post = new Float64Array(classes.length);
  for (let f = 0; f < folds; f++) {
    const train = windows.filter((w) => w.trial % folds !== f);
    const test = windows.filter((w) => w.trial % folds === f);
    if (test.length === 0) continue;
    const model = fitLda(
      train.map((w) => w.features),
      train.map((w) => w.label),
      classes,
    );
    for (const w of test) {
      ldaPosteriors(model, w.features, post);
      let best = 1;
      for (let k = 2; k < classes.length; k++) if (post[k] > post[best]) best = k;
      const pred = post[best] >= threshold ? best : 0;
      if (pred === w.label) correct++;
      if (w.label === 0) {
        restWindows++;
        if (pred !== 0) restFired++;
      }
    }
  }
  return { cvAccuracy: correct / windows.length, cvRestFired: restWindows ? restFired / restWindows : 0 };
}
