import { backSolveTransposed, cholesky, forwardSolve, largestEigenvalue, symmetricEigen } from '../linalg/small';

/**
 * Canonical correlations from centred (co)variance blocks. Working on second
 * moments lets the online path keep running sums per block instead of
 * re-reading every window's samples (see window-stats.ts).
 *
 * Rank: directions of X or Y whose variance falls below a tolerance
 * relative to the largest are dropped (as MATLAB canoncorr drops columns of
 * R with |R_ii| below a relative tolerance), so a flat or duplicated channel
 * does not invent correlation. Results are clamped to [0, 1].
 */
export class CcaSolver {
  private readonly lx: Float64Array;
  private readonly ly: Float64Array;
  private readonly at: Float64Array;
  private readonly m: Float64Array;
  private readonly values: Float64Array;
  private readonly a: Float64Array;
  private readonly explained: Float64Array;

  constructor(
    readonly p: number,
    readonly q: number,
  ) {
    this.lx = new Float64Array(p * p);
    this.ly = new Float64Array(q * q);
    this.at = new Float64Array(q * p);
    this.m = new Float64Array(q * q);
    this.values = new Float64Array(q);
    this.a = new Float64Array(p * q);
    this.explained = new Float64Array(q);
  }

  /**
   * Factor the X covariance once per window and reuse it for every reference
   * set (each target frequency).
   */
  setX(cxx: Float64Array, tol = 1e-10): number {
    this.lx.set(cxx);
    return cholesky(this.lx, this.p, tol);
  }

  /** Cholesky factor of a reference covariance, to reuse across bands with `largest`. */
  factorY(cyy: Float64Array, out: Float64Array, tol = 1e-10): void {
    out.set(cyy);
    cholesky(out, this.q, tol);
  }

  /** Largest canonical correlation, with the X factor from setX and a Y factor from factorY. */
  largest(ly: Float64Array, cxy: Float64Array): number {
    this.whitenedGram(ly, cxy);
    return Math.min(1, Math.sqrt(Math.max(0, largestEigenvalue(this.m, this.q))));
  }

  /**
   * The X-side canonical weights of the largest correlation (with the X
   * factor from setX and a Y factor from factorY), scaled to unit length,
   * into `out` (length p); returns that correlation. Only windows that teach
   * the prototype filter need them.
   */
  largestWeights(ly: Float64Array, cxy: Float64Array, out: Float64Array): number {
    const { p, q, at, m } = this;
    this.whitenedGram(ly, cxy);
    const vectors = new Float64Array(q * q);
    const values = new Float64Array(q);
    symmetricEigen(m, q, values, vectors);
    // Left singular direction B v1 of the whitened cross-covariance (B' is in `at`), back to channel space.
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let j = 0; j < q; j++) s += at[j * p + i] * vectors[j * q];
      out[i] = s;
    }
    backSolveTransposed(this.lx, p, out, 1);
    let norm = 0;
    for (let i = 0; i < p; i++) norm += out[i] * out[i];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < p; i++) out[i] /= norm;
    return Math.min(1, Math.sqrt(Math.max(0, values[0])));
  }

  /**
   * Correlation between the fixed spatial filter u applied to X and the best
   * combination of the references: sqrt(u'Cxy Cyy^-1 Cyx u / u'Cxx u), with
   * the Y factor from factorY. Unlike `largest`, nothing is fitted on the
   * channel side, so rest windows do not gain correlation from the channel
   * count.
   */
  alongFilter(u: Float64Array, cxx: Float64Array, ly: Float64Array, cxy: Float64Array): number {
    const { p, q } = this;
    const g = this.explained;
    for (let a = 0; a < q; a++) {
      let s = 0;
      for (let c = 0; c < p; c++) s += cxy[c * q + a] * u[c];
      g[a] = s;
    }
    forwardSolve(ly, q, g, 1);
    let explained = 0;
    for (let a = 0; a < q; a++) explained += g[a] * g[a];
    let variance = 0;
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let d = 0; d < p; d++) s += cxx[c * p + d] * u[d];
      variance += u[c] * s;
    }
    if (!(variance > 0)) return 0;
    return Math.min(1, Math.sqrt(Math.max(0, explained / variance)));
  }

  /**
   * M = B'B for the whitened cross-covariance B = Lx^-1 Cxy Ly^-T: its
   * eigenvalues are the squared canonical correlations. Leaves M in this.m.
   */
  private whitenedGram(ly: Float64Array, cxy: Float64Array): void {
    const { p, q, at, m, a } = this;
    a.set(cxy);
    forwardSolve(this.lx, p, a, q);
    for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) at[j * p + i] = a[i * q + j];
    forwardSolve(ly, q, at, p);
    for (let i = 0; i < q; i++) {
      for (let j = i; j < q; j++) {
        let s = 0;
        for (let k = 0; k < p; k++) s += at[i * p + k] * at[j * p + k];
        m[i * q + j] = s;
        m[j * q + i] = s;
      }
    }
  }

  /** Canonical correlations (descending) into `out` (length >= min(p, q)); returns the largest. */
  correlate(cyy: Float64Array, cxy: Float64Array, out?: Float64Array, tol = 1e-10): number {
    const { p, q, ly, m, values } = this;
    this.factorY(cyy, ly, tol);
    this.whitenedGram(ly, cxy);
    symmetricEigen(m, q, values);
    const n = Math.min(p, q);
    for (let i = 0; i < n; i++) {
      const r = Math.sqrt(Math.max(0, values[i]));
      if (out) out[i] = Math.min(1, r);
    }
    return Math.min(1, Math.sqrt(Math.max(0, values[0])));
  }
}

/** Centred covariance blocks of column-major data X (p columns) and Y (q columns), n rows. */
export function covarianceBlocks(x: ArrayLike<number>[], y: ArrayLike<number>[]) {
  const p = x.length;
  const q = y.length;
  const n = x[0].length;
  const mean = (v: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i];
    return s / n;
  };
  const mx = x.map(mean);
  const my = y.map(mean);
  const cov = (a: ArrayLike<number>, ma: number, b: ArrayLike<number>, mb: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
    return s;
  };
  const cxx = new Float64Array(p * p);
  const cyy = new Float64Array(q * q);
  const cxy = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) cxx[i * p + j] = cov(x[i], mx[i], x[j], mx[j]);
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) cyy[i * q + j] = cov(y[i], my[i], y[j], my[j]);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) cxy[i * q + j] = cov(x[i], mx[i], y[j], my[j]);
  return { cxx, cyy, cxy };
}

/** All canonical correlations between the columns of X and Y (descending). */
export function canonicalCorrelations(x: ArrayLike<number>[], y: ArrayLike<number>[]): number[] {
  const { cxx, cyy, cxy } = covarianceBlocks(x, y);
  const solver = new CcaSolver(x.length, y.length);
  solver.setX(cxx);
  const out = new Float64Array(Math.min(x.length, y.length));
  solver.correlate(cyy, cxy, out);
  return Array.from(out);
}
