import { symmetricEigen } from '../linalg/small';

/**
 * The prototype spatial filter of online adaptive CCA (Wong et al., IEEE
 * TBME 2021), learnt from the person's own unlabelled windows during use.
 *
 * Each window in which a target stood above rest gives CCA's channel
 * weights for it; an SSVEP comes from the same patch of visual cortex
 * whatever the frequency, so these weights point the same way for every
 * target while a rest window's weights (fitted to noise) point anywhere.
 * The prototype is the direction closest to all of them: the principal
 * eigenvector of the sum of their outer products (weights scaled to unit
 * length, so the sign and size CCA gives them do not count).
 *
 * A correlation along one fixed filter fits nothing on the channel side, so
 * it does not rise with the channel count at rest as CCA's does: it is only
 * worth having with five or more channels (docs/evaluation.md).
 */
export class SpatialPrototype {
  private readonly sum: Float64Array;
  private readonly scratch: Float64Array;
  private readonly vectors: Float64Array;
  private readonly values: Float64Array;
  private learnt = 0;
  /** The current filter (unit length); meaningful once `ready`. */
  readonly filter: Float64Array;

  /**
   * @param channels channel count
   * @param needed windows learnt from before the filter is used
   */
  constructor(
    readonly channels: number,
    readonly needed: number,
  ) {
    this.sum = new Float64Array(channels * channels);
    this.scratch = new Float64Array(channels * channels);
    this.vectors = new Float64Array(channels * channels);
    this.values = new Float64Array(channels);
    this.filter = new Float64Array(channels);
  }

  get ready(): boolean {
    return this.learnt >= this.needed;
  }

  /** Windows learnt from so far. */
  get windows(): number {
    return this.learnt;
  }

  /** Learns one window's unit-length CCA channel weights. */
  add(weights: Float64Array): void {
    const n = this.channels;
    let norm = 0;
    for (let i = 0; i < n; i++) norm += weights[i] * weights[i];
    if (!(norm > 0) || !Number.isFinite(norm)) return;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) this.sum[i * n + j] += (weights[i] * weights[j]) / norm;
    this.learnt++;
    this.scratch.set(this.sum);
    symmetricEigen(this.scratch, n, this.values, this.vectors);
    for (let i = 0; i < n; i++) this.filter[i] = this.vectors[i * n];
  }
}
