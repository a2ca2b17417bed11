import type { MethodName, SignalConfig } from './config';
import { FBCCA_WEIGHTS } from './filter-bank';
import { type LdaModel, ldaPosteriors } from './lda';
import { DEFAULT_NORMALIZER, type NormalizerConfig, type RestStats, RestNormalizer } from './rest-normalizer';
import type { WindowFeatures } from './window-analyzer';

/**
 * Turns one window's canonical correlations into per-target scores and a
 * vote (target index, or -1 for "no target").
 *
 * - cca: rho of the single band; fbcca: sum over sub-bands of w(m) rho^2
 *   (Chen et al. 2015). Both vote with a score rule: best above `minScore`
 *   and above `ratio` x the runner-up (the original rule used 0.1 / 1.3;
 *   calibration fits `minScore` on the user's rest trials).
 * - fbcca-lda: per sub-band, each target's rho and the mean rho of its
 *   off-target neighbours, classified by a per-user LDA with an idle class;
 *   scores are posterior probabilities. With a z rule (`agreement`), the
 *   LDA only proposes: its target votes only where the rest-normalised
 *   evidence (fbcca-z on the same window) ranks it first and above that
 *   rule's threshold, so a calibration can make the detector faster but
 *   never fire where the training-free detector sees nothing above rest.
 * - fbcca-z: the fbcca score of each target standardised against that
 *   target's own rest distribution (RestNormalizer); the best target votes
 *   when its z-score passes an absolute threshold (per target when a
 *   calibration set them). Scores are z-scores.
 */
export interface ZScoreRule {
  /** z a window's best target needs to vote. */
  threshold: number;
  /** Per-target thresholds from a calibration (override `threshold`). */
  thresholds?: number[];
  normalizer: NormalizerConfig;
  /** Rest statistics to start from (population or the user's calibration). */
  prior?: RestStats;
}

/**
 * Consecutive windows the rest-normalised evidence must have ranked the
 * personal model's target first and above its threshold: the training-free
 * detector's shortest way to a selection (4 windows at twice its threshold),
 * so the calibrated detector never acts on less rest-normalised evidence
 * than that, only faster where the personal model is sure.
 */
export const AGREEMENT_WINDOWS = 4;

export const DEFAULT_Z_RULE: ZScoreRule = { threshold: 2, normalizer: DEFAULT_NORMALIZER };

export interface ScoreRule {
  minScore: number;
  ratio: number;
}

export interface WindowScore {
  /** One score per target. */
  scores: number[];
  /** Posterior of "no target" where the method has one. */
  idle?: number;
  /** Best target index, or -1 when the window votes "no target". */
  vote: number;
  /** Confidence of the vote in [0, 1] for LDA; the score itself otherwise. */
  confidence: number;
}

export class Scorer {
  private readonly post: Float64Array;
  private readonly normalizer?: RestNormalizer;
  private readonly raw: number[];
  private readonly neighbours: number[] = [];
  private readonly agreement?: number[];
  private agreedTarget = -1;
  private agreedRun = 0;
  readonly zRule: ZScoreRule;

  constructor(
    readonly method: MethodName,
    readonly config: SignalConfig,
    readonly rule: ScoreRule,
    readonly lda?: LdaModel,
    readonly ldaThreshold = 0.8,
    readonly gate?: number[],
    zRule?: ZScoreRule,
  ) {
    this.zRule = zRule ?? DEFAULT_Z_RULE;
    if (method === 'fbcca-lda' && !lda)
      throw new RangeError('fbcca-lda needs a calibration (a recording with rest trials)');
    this.post = new Float64Array(config.targets.length + 1);
    this.raw = new Array<number>(config.targets.length).fill(0);
    // fbcca-lda with a z rule: the rest-normalised evidence must agree with the personal model.
    if (method === 'fbcca-z' || (method === 'fbcca-lda' && zRule && config.noiseOffsets.length > 0)) {
      this.normalizer = new RestNormalizer(
        config.targets.length,
        config.noiseOffsets.length,
        this.zRule.normalizer,
        this.zRule.prior,
      );
      this.neighbours = new Array<number>(config.targets.length * config.noiseOffsets.length).fill(0);
      if (method === 'fbcca-lda') this.agreement = new Array<number>(config.targets.length).fill(0);
    }
  }

  /** False while a z-scoring method is still learning the session's rest level. */
  get ready(): boolean {
    return this.normalizer?.ready ?? true;
  }

  score(w: WindowFeatures, bandCount: number, frequencyCount: number): WindowScore {
    const K = this.config.targets.length;
    if (this.method === 'fbcca-lda' && this.lda) {
      const x = ldaFeatures(w, this.config, bandCount, frequencyCount);
      ldaPosteriors(this.lda, x, this.post);
      const scores = Array.from(this.post.subarray(1));
      let best = 0;
      for (let k = 1; k < K; k++) if (scores[k] > scores[best]) best = k;
      const gated = this.gate !== undefined && targetContrast(w, this.config, best) < this.gate[best];
      let vote = scores[best] >= this.ldaThreshold && !gated ? best : -1;
      if (this.agreement) {
        this.fbccaScores(w, bandCount, frequencyCount, this.agreement);
        const agreed = this.zVote(this.restZ(w, bandCount, frequencyCount, this.agreement), this.agreement);
        this.agreedRun = agreed >= 0 && agreed === this.agreedTarget ? this.agreedRun + 1 : agreed >= 0 ? 1 : 0;
        this.agreedTarget = agreed;
        if (agreed !== best || this.agreedRun < AGREEMENT_WINDOWS) vote = -1;
      }
      return { scores, idle: this.post[0], vote, confidence: scores[best] };
    }
    const scores = new Array<number>(K).fill(0);
    if (this.method === 'cca') {
      for (let b = 0; b < bandCount; b++) for (let k = 0; k < K; k++) scores[k] += w.rho[b * frequencyCount + k];
    } else this.fbccaScores(w, bandCount, frequencyCount, scores);
    if (this.normalizer) {
      const top = this.restZ(w, bandCount, frequencyCount, scores);
      return { scores, vote: this.zVote(top, scores), confidence: scores[top] };
    }
    let best = 0;
    for (let k = 1; k < K; k++) if (scores[k] > scores[best]) best = k;
    let second = -Infinity;
    for (let k = 0; k < K; k++) if (k !== best && scores[k] > second) second = scores[k];
    const ok = scores[best] > this.rule.minScore && (K === 1 || scores[best] > this.rule.ratio * second);
    return { scores, vote: ok ? best : -1, confidence: scores[best] };
  }

  /** Sum over sub-bands of w(m) rho^2 per target, into `out`. */
  private fbccaScores(w: WindowFeatures, bandCount: number, frequencyCount: number, out: number[]): void {
    out.fill(0);
    for (let b = 0; b < bandCount; b++) {
      const weight = FBCCA_WEIGHTS(b);
      for (let k = 0; k < out.length; k++) {
        const r = w.rho[b * frequencyCount + k];
        out[k] += weight * r * r;
      }
    }
  }

  /**
   * Standardises fbcca `scores` in place against rest (their neighbour
   * frequencies' running statistics) and returns the best target.
   */
  private restZ(w: WindowFeatures, bandCount: number, frequencyCount: number, scores: number[]): number {
    const normalizer = this.normalizer;
    if (!normalizer) return 0;
    const K = scores.length;
    // Neighbour frequencies follow the targets in rho: [K targets][K x nOff neighbours].
    const nb = this.neighbours;
    nb.fill(0);
    for (let b = 0; b < bandCount; b++) {
      const weight = FBCCA_WEIGHTS(b);
      for (let i = 0; i < nb.length; i++) {
        const r = w.rho[b * frequencyCount + K + i];
        nb[i] += weight * r * r;
      }
    }
    for (let k = 0; k < K; k++) this.raw[k] = scores[k];
    normalizer.standardise(this.raw, nb, scores);
    let top = 0;
    for (let k = 1; k < K; k++) if (scores[k] > scores[top]) top = k;
    return top;
  }

  /** `top` when its z-score passes its threshold (and the rest level is known), else -1. */
  private zVote(top: number, z: number[]): number {
    const needed = this.zRule.thresholds?.[top] ?? this.zRule.threshold;
    return this.normalizer?.ready && z[top] >= needed ? top : -1;
  }
}

/** Feature vector of fbcca-lda: [band][target] -> (rho, mean noise rho). */
export function ldaFeatures(
  w: WindowFeatures,
  config: SignalConfig,
  bandCount: number,
  frequencyCount: number,
): number[] {
  const K = config.targets.length;
  const nOff = config.noiseOffsets.length;
  const out: number[] = [];
  for (let b = 0; b < bandCount; b++) {
    for (let k = 0; k < K; k++) {
      out.push(w.rho[b * frequencyCount + k]);
      if (nOff > 0) {
        let s = 0;
        for (let o = 0; o < nOff; o++) s += w.rho[b * frequencyCount + K + k * nOff + o];
        out.push(s / nOff);
      }
    }
  }
  return out;
}

/**
 * How far target k's correlation in the first sub-band stands above its
 * off-target neighbours'. An SSVEP is a narrow peak; background activity
 * (alpha, noise) raises the neighbours too. Calibration puts a per-target gate
 * on it above what the user's rest windows reach, so a window unlike anything
 * seen in calibration cannot vote for a target on the LDA's extrapolation.
 */
export function targetContrast(w: WindowFeatures, config: SignalConfig, k: number): number {
  const K = config.targets.length;
  const nOff = config.noiseOffsets.length;
  if (nOff === 0) return w.rho[k];
  let s = 0;
  for (let o = 0; o < nOff; o++) s += w.rho[K + k * nOff + o];
  return w.rho[k] - s / nOff;
}
