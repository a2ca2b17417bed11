/**
 * Per-target robust standardisation of detector scores against what each
 * target's score does when nobody looks at it.
 *
 * Background EEG raises some frequencies more than others (the target
 * nearest the alpha band or its harmonic takes most false activations at
 * rest), and raw scores shift with the headset, montage, channel count and
 * window. Dividing each target's excess over its own baseline by its own
 * spread makes one threshold mean the same on any of them.
 *
 * Baseline and spread come from two sources, mixed by weight:
 * - a prior: a population's rest windows (other people, same configuration)
 *   or the user's own calibration;
 * - the running median and inter-quartile spread, over this session's recent
 *   windows, of the scores at each target's off-target neighbour frequencies
 *   (f +- 1 Hz). Nobody ever looks at a neighbour frequency, so its score is
 *   what the target's own score does at rest, measured in every window
 *   whatever the user is looking at: a user who stares at one target for
 *   minutes does not drag its baseline up (the target's own running median
 *   would, and on a two-target headband with no rest between trials it
 *   cut hits by half). Background EEG is smooth over 1 Hz except at the
 *   alpha peak, which raises the neighbours too.
 * With no prior, nothing can vote until `warmup` windows have been seen.
 */
export interface RestStats {
  /** Per target: score median at rest. */
  median: number[];
  /** Per target: robust spread at rest (inter-quartile range / 1.349). */
  spread: number[];
  /** How many windows the prior is worth against the running statistics. */
  weight: number;
}

export interface NormalizerConfig {
  /** Running history length in windows (0 disables adaptation). */
  history: number;
  /** Windows needed before any z-score counts when there is no prior. */
  warmup: number;
  /**
   * Also standardise each target against its own running history and keep
   * the smaller z. A rhythm that sits on a target's frequency all session
   * (a person's alpha at 10 Hz) looks like an SSVEP to any one window and to
   * the neighbours; against the target's own history it is ordinary.
   */
  ownHistory?: boolean;
}

/** Two minutes of history, 20 s of warm-up at the default 0.25 s step. */
// The own-history guard halved hits on ssvep-exo for no measured safety gain at
// the chosen threshold (npm run evaluate): off by default, selectable.
export const DEFAULT_NORMALIZER: NormalizerConfig = { history: 480, warmup: 80, ownHistory: false };

export class RestNormalizer {
  private readonly sorted: Float64Array[];
  private readonly ring: Float64Array[];
  private count = 0;
  private head = 0;
  private readonly own?: RestNormalizer;

  /**
   * @param perWindow how many baseline values each window brings per target
   *   (the number of neighbour frequencies)
   */
  constructor(
    readonly targetCount: number,
    readonly perWindow: number,
    readonly config: NormalizerConfig,
    readonly prior?: RestStats,
  ) {
    if (prior && (prior.median.length !== targetCount || prior.spread.length !== targetCount)) {
      throw new RangeError(`rest statistics describe ${prior.median.length} targets, the profile has ${targetCount}`);
    }
    if (!(Number.isInteger(perWindow) && perWindow >= 1))
      throw new RangeError('the z-score needs neighbour frequencies');
    const h = Math.max(0, config.history) * perWindow;
    this.sorted = Array.from({ length: targetCount }, () => new Float64Array(h));
    this.ring = Array.from({ length: targetCount }, () => new Float64Array(h));
    if (config.ownHistory) this.own = new RestNormalizer(targetCount, 1, { ...config, ownHistory: false });
  }

  /** Windows of running history held now. */
  get seen(): number {
    return Math.floor(this.count / this.perWindow);
  }

  /** Whether z-scores mean anything yet. */
  get ready(): boolean {
    return this.prior !== undefined || this.seen >= this.config.warmup;
  }

  /**
   * Writes each target's z-score for `scores` into `out` (0 while not
   * ready), then learns from `baseline`: target k's values sit at
   * [k * perWindow, (k + 1) * perWindow).
   */
  standardise(scores: ArrayLike<number>, baseline: ArrayLike<number>, out: number[]): void {
    const K = this.targetCount;
    for (let k = 0; k < K; k++) {
      if (!this.ready) {
        out[k] = 0;
        continue;
      }
      const [m, s] = this.stats(k);
      out[k] = (scores[k] - m) / s;
    }
    if (this.own) {
      const own = this.ownZ;
      this.own.standardise(scores, scores, own);
      // The own history needs its warm-up too; until then the neighbours decide alone.
      if (this.own.ready) for (let k = 0; k < this.targetCount; k++) out[k] = Math.min(out[k], own[k]);
    }
    this.learn(baseline);
  }

  private readonly ownZ: number[] = [];

  private stats(k: number): [number, number] {
    const n = this.count;
    const p = this.prior;
    let median = p ? p.median[k] : 0;
    let spread = p ? p.spread[k] : 0;
    if (n > 0) {
      const a = this.sorted[k];
      const at = (q: number) => a[Math.min(n - 1, Math.round(q * (n - 1)))];
      const m = at(0.5);
      const s = (at(0.75) - at(0.25)) / 1.349;
      const w = p ? p.weight : 0;
      median = (n * m + w * median) / (n + w);
      spread = (n * s + w * spread) / (n + w);
    }
    // A dead or railed channel gives a constant score: never divide by ~0.
    return [median, Math.max(spread, 1e-6 + 1e-3 * Math.abs(median))];
  }

  private learn(baseline: ArrayLike<number>): void {
    const h = this.ring[0]?.length ?? 0;
    const m = this.perWindow;
    if (h === 0) return;
    for (let i = 0; i < this.targetCount * m; i++) if (!Number.isFinite(baseline[i])) return;
    for (let o = 0; o < m; o++) {
      for (let k = 0; k < this.targetCount; k++) {
        const sorted = this.sorted[k];
        const ring = this.ring[k];
        let n = this.count;
        if (n === h) {
          const i = lowerBound(sorted, n, ring[this.head]);
          sorted.copyWithin(i, i + 1, n);
          n--;
        }
        const v = baseline[k * m + o];
        const j = lowerBound(sorted, n, v);
        sorted.copyWithin(j + 1, j, n);
        sorted[j] = v;
        ring[this.head] = v;
      }
      this.head = (this.head + 1) % h;
      this.count = Math.min(this.count + 1, h);
    }
  }
}

function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rest statistics of a set of score vectors (one per window). */
export function restStatsOf(windows: ArrayLike<number>[], targetCount: number, weight: number): RestStats {
  const median: number[] = [];
  const spread: number[] = [];
  for (let k = 0; k < targetCount; k++) {
    const v = windows.map((w) => w[k]).sort((a, b) => a - b);
    const at = (q: number) => v[Math.min(v.length - 1, Math.round(q * (v.length - 1)))] ?? 0;
    median.push(at(0.5));
    spread.push((at(0.75) - at(0.25)) / 1.349);
  }
  return { median, spread, weight };
}
