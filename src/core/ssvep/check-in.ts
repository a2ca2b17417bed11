import { contactProblem } from '../online/contact';
import { OnlinePipeline } from '../online/pipeline';
import { type Recording, trialsOf } from '../recording/types';
import { analyseRecording } from './calibration';
import type { Profile } from './profile';
import { restStatsOf } from './rest-normalizer';
import { FBCCA_WEIGHTS } from './filter-bank';

/**
 * What a calibration (or the 30-second check-in) teaches the training-free
 * detector about one person on one headset, and the verdict a carer reads.
 *
 * - Rest statistics: each target's neighbour-frequency scores become the
 *   normaliser's prior, so the session needs no warm-up and today's
 *   electrodes are known from the first window.
 * - Per-target thresholds: above what that target's z-score reached while
 *   the user looked elsewhere or rested, never below the population
 *   threshold (a short calibration cannot promise fewer false activations
 *   than other people's data did) and at most 1.5 above it.
 * - A verdict per target: its own score while looked at against its score
 *   at rest, i.e. its neighbour frequencies' (below 1.4x the response is
 *   too weak to act on safely), and how often it wins a forced choice.
 * Rest trials are used when present (they set the thresholds); a check-in
 * with only looks at the targets still yields the prior and the verdict.
 */
export interface TargetReport {
  label: string;
  frequency: number;
  /** Median raw score while looked at / median at rest. */
  responseRatio: number;
  /** Share of its windows where this target scored highest. */
  forcedChoice: number;
  threshold: number;
  reliable: boolean;
  /** It does not stand out from rest: nothing selects it (its threshold is SILENT_Z). */
  silent: boolean;
}

export interface CheckInReport {
  targets: TargetReport[];
  /** Forced choice over all target windows. */
  forcedChoice: number;
  verdict: 'good' | 'weak' | 'no-response' | 'poor-contact';
  /** Electrodes without usable contact for a fifth of the check-in or more. */
  poorContact: string[];
  /** Frequencies (Hz) to try instead of the unreliable targets, best first. */
  alternatives: number[];
  /**
   * Most squares cannot be told apart, but this one (the strongest) stands
   * out from rest: one switch may work. Its switch is the Menu square, so
   * the studio offers it only where that square is one that stands out
   * (core/calibration/figures.ts).
   */
  oneSwitch?: { label: string; frequency: number };
  advice: string;
}

/** A target's response against rest that makes it a switch (the bar a target must clear to be acted on). */
export const SWITCH_RESPONSE = 1.4;

/**
 * The threshold of a target that does not stand out from rest: no z reaches
 * it. It stays finite so that a profile survives JSON.
 */
export const SILENT_Z = Number.MAX_VALUE;

const PRIOR_WEIGHT = 240; // one minute of windows at the default step

/**
 * @param candidates frequencies the display can draw, to suggest in place
 *   of a target this person cannot drive
 */
export function checkIn(
  recordings: Recording[],
  base: Profile,
  candidates: number[] = [],
): { profile: Profile; report: CheckInReport } {
  if (base.method !== 'fbcca-z' || !base.z)
    throw new RangeError('the check-in refines the training-free (fbcca-z) detector');
  const { signal } = base;
  const K = signal.targets.length;
  const nOff = signal.noiseOffsets.length;
  const neighbourRows: number[][] = [];
  const rows: { z: number[]; raw: number[]; label: number }[] = [];
  const bad = new Map<string, number>();
  let windowCount = 0;
  for (const rec of recordings) {
    if (rec.sampleRate !== signal.sampleRate || rec.channels.length !== signal.channelCount) {
      throw new RangeError(
        `a check-in recording has ${rec.channels.length} channels at ${rec.sampleRate} Hz; the detector expects ${signal.channelCount} at ${signal.sampleRate} Hz`,
      );
    }
    const pipeline = new OnlinePipeline(base);
    const B = pipeline.analyzer.bandCount;
    const F = pipeline.analyzer.frequencies.length;
    const winLen = signal.window;
    const trials = trialsOf(rec.annotations);
    for (const w of analyseRecording(rec, signal)) {
      windowCount++;
      const contact = contactProblem(w);
      if (contact) {
        const name = rec.channels[contact.channel]?.label ?? `channel ${contact.channel + 1}`;
        bad.set(name, (bad.get(name) ?? 0) + 1);
      }
      const raw = new Array<number>(K).fill(0);
      const nb = new Array<number>(K * nOff).fill(0);
      for (let b = 0; b < B; b++) {
        const weight = FBCCA_WEIGHTS(b);
        for (let k = 0; k < K; k++) raw[k] += weight * w.rho[b * F + k] ** 2;
        for (let i = 0; i < K * nOff; i++) nb[i] += weight * w.rho[b * F + K + i] ** 2;
      }
      neighbourRows.push(nb);
      let z: number[] = [];
      pipeline.classify(w, (e) => {
        if (e.type === 'heartbeat') z = e.scores;
      });
      const end = w.endSample / signal.sampleRate;
      const trial = trials.find((a) => end - winLen >= a.onset + 0.5 && end <= a.onset + a.duration + 0.5);
      if (!trial) continue;
      rows.push({ z, raw, label: signal.targets.findIndex((t) => t.label === trial.label) });
    }
  }
  const looked = rows.filter((r) => r.label >= 0);
  const unseen = signal.targets.filter((_, k) => looked.filter((r) => r.label === k).length < 4).map((t) => t.label);
  if (unseen.length > 0) {
    throw new RangeError(
      `a check-in needs a look of at least 2 s at every target (annotated trials); none long enough at ${unseen.join(', ')}`,
    );
  }
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)] : 0;
  };
  const quantile = (v: number[], q: number) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))] : 0;
  };
  const population = base.z.threshold;
  const perNeighbour = Array.from({ length: K }, (_, k) =>
    neighbourRows.flatMap((nb) => nb.slice(k * nOff, (k + 1) * nOff)),
  );
  const prior = restStatsOf(
    perNeighbour[0].map((_, i) => perNeighbour.map((col) => col[i])),
    K,
    PRIOR_WEIGHT,
  );
  let fcRight = 0;
  const targets: TargetReport[] = signal.targets.map((t, k) => {
    const mine = looked.filter((r) => r.label === k);
    const others = rows.filter((r) => r.label !== k);
    const wins = mine.filter((r) => r.raw.every((v, j) => j === k || v < r.raw[k])).length;
    fcRight += wins;
    // Against the neighbour frequencies' scores: what this target scores when nobody looks at it.
    const responseRatio = median(mine.map((r) => r.raw[k])) / Math.max(1e-9, prior.median[k]);
    const forcedChoice = mine.length ? wins / mine.length : 0;
    const threshold = Math.min(
      population + 1.5,
      Math.max(
        population,
        quantile(
          others.map((r) => r.z[k]),
          0.98,
        ),
      ),
    );
    return {
      label: t.label,
      frequency: t.frequency,
      responseRatio,
      forcedChoice,
      threshold,
      reliable: responseRatio >= 1.4 && forcedChoice >= 0.6,
      silent: false,
    };
  });
  const forcedChoice = fcRight / looked.length;
  const reliable = targets.filter((t) => t.reliable).length;
  const poorContact = [...bad].filter(([, n]) => n >= 0.2 * windowCount).map(([name]) => name);
  const verdict: CheckInReport['verdict'] =
    poorContact.length > 0
      ? 'poor-contact'
      : reliable === K
        ? 'good'
        : reliable > 0 && forcedChoice >= 0.6
          ? 'weak'
          : 'no-response';
  const weakOnes = targets.filter((t) => !t.reliable).map((t) => t.label);
  const alternatives =
    verdict === 'weak'
      ? quietFrequencies(
          recordings,
          base,
          targets.filter((t) => t.reliable).map((t) => t.frequency),
          candidates.filter((f) => !signal.targets.some((t) => t.frequency === f)),
        )
      : [];
  // One frequency against rest is an easier decision than four against each other (issue 19, item 6):
  // proposed where most squares cannot be told apart but one stands out from rest.
  const strongest = targets.reduce((b, t) => (t.responseRatio > b.responseRatio ? t : b), targets[0]);
  const oneSwitch =
    (verdict === 'weak' || verdict === 'no-response') &&
    reliable < K / 2 &&
    strongest &&
    strongest.responseRatio >= SWITCH_RESPONSE
      ? { label: strongest.label, frequency: strongest.frequency }
      : undefined;
  const switchAdvice = !oneSwitch
    ? ''
    : verdict === 'weak'
      ? ` Most squares cannot be told apart: one switch (Settings, "One switch"; its switch is the Menu square) may work better, as ${oneSwitch.label} (${oneSwitch.frequency} Hz) stands out from rest.`
      : ` Though no square can be told from the others, ${oneSwitch.label} (${oneSwitch.frequency} Hz) stands out from rest: one switch (Settings, "One switch"; its switch is the Menu square) may work.`;
  let advice =
    verdict === 'poor-contact'
      ? `${poorContact.join(', ')} ${poorContact.length === 1 ? 'is' : 'are'} not touching the skin well (the signal is mostly noise). Nothing will be selected while that lasts: move the hair aside, press the electrode on, and try again.`
      : verdict === 'good'
        ? 'Every target gives a clear response.'
        : verdict === 'weak'
          ? `${weakOnes.join(', ')} ${weakOnes.length === 1 ? 'gives' : 'give'} a weak response: it will be slow or silent. Try another frequency for ${weakOnes.length === 1 ? 'it' : 'them'}${alternatives.length ? ` (${alternatives.map((f) => `${f} Hz`).join(' or ')} suit this person's resting signal best)` : ''}, and longer, steadier looks.`
          : 'No clear response to any target: check that the electrodes at the back of the head touch the skin, then try again with slower, longer looks.';
  advice += switchAdvice;
  // A target the user cannot drive gets the strictest threshold: rarely selected rather than wrong. One that
  // does not even stand out from rest is silent: the result tells the carer so, and a non-responder's
  // strictest threshold still let a wrong selection through (muse-ssvep sub-04, npm run evaluate).
  for (const t of targets) {
    if (!t.reliable || verdict === 'poor-contact') t.threshold = population + 1.5;
    if (t.responseRatio < SWITCH_RESPONSE) {
      t.threshold = SILENT_Z;
      t.silent = true;
    }
  }
  const profile: Profile = {
    ...base,
    z: { ...base.z, prior, thresholds: targets.map((t) => t.threshold) },
  };
  return { profile, report: { targets, forcedChoice, verdict, poorContact, alternatives, oneSwitch, advice } };
}

/**
 * Frequencies to offer instead of a target the user's EEG cannot separate
 * from rest: among `candidates` (those the display can draw), the ones whose
 * score reaches least high in this person's recording (the 95th percentile of
 * its windows: background rhythms such as alpha lift some frequencies far
 * above others), keeping 1.5 Hz from every kept target and off their
 * harmonics and sub-harmonics. All candidates are scored in one analysis, so
 * their scores share one filter bank and compare directly. Best first.
 */
export function quietFrequencies(
  recordings: Recording[],
  base: Profile,
  keep: number[],
  candidates: number[],
  count = 3,
): number[] {
  const clear = (f: number) =>
    keep.every((k) => Math.abs(f - k) >= 1.5 && Math.abs(f - 2 * k) >= 1.5 && Math.abs(2 * f - k) >= 1.5);
  const pool = candidates.filter(clear);
  if (pool.length === 0 || recordings.length === 0) return [];
  const K = pool.length;
  const signal = { ...base.signal, targets: pool.map((f) => ({ label: `${f}Hz`, frequency: f })), noiseOffsets: [] };
  const scores: number[][] = pool.map(() => []);
  for (const rec of recordings) {
    for (const w of analyseRecording(rec, signal)) {
      const bands = w.rho.length / K;
      for (let k = 0; k < K; k++) {
        let v = 0;
        for (let b = 0; b < bands; b++) v += FBCCA_WEIGHTS(b) * w.rho[b * K + k] ** 2;
        scores[k].push(v);
      }
    }
  }
  const tailOf = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(0.95 * (v.length - 1))] ?? Infinity;
  return pool
    .map((f, k) => ({ f, r: tailOf(scores[k]) }))
    .sort((a, b) => a.r - b.r)
    .slice(0, count)
    .map((c) => c.f);
}
