/**
 * Dense kernels for the small matrices (<= 64 x 64) of the SSVEP hot path:
 * row-major Float64Arrays, no allocation in loops. A general matrix package
 * (ml-matrix) allocates objects per operation and costs several times more
 * per classified window; these kernels are checked against known
 * decompositions in tests/linalg.test.ts.
 */

/**
 * In-place lower Cholesky factor of an n x n SPD matrix (row-major; upper
 * triangle zeroed). Pivots below `tol` x the largest diagonal are treated as
 * rank deficiency: the row is zeroed and reported, as a rank-revealing
 * factorisation drops columns whose |R_ii| is below a relative tolerance.
 * Returns the numerical rank.
 */
export function cholesky(a: Float64Array, n: number, tol = 1e-10): number {
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, a[i * n + i]);
  const floor = tol * maxDiag;
  let rank = 0;
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > floor)) {
      for (let i = j; i < n; i++) a[i * n + j] = 0;
      for (let k = 0; k < j; k++) a[j * n + k] = 0;
      continue;
    }
    rank++;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = 0;
  return rank;
}

/**
 * Solves L X = B in place for the n x m matrix B (row-major) with L from
 * `cholesky`. Rows whose pivot was dropped are set to zero (pseudo-inverse on
 * the retained subspace).
 */
export function forwardSolve(l: Float64Array, n: number, b: Float64Array, m: number): void {
  for (let i = 0; i < n; i++) {
    const d = l[i * n + i];
    for (let c = 0; c < m; c++) {
      if (d === 0) {
        b[i * m + c] = 0;
        continue;
      }
      let s = b[i * m + c];
      for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k * m + c];
      b[i * m + c] = s / d;
    }
  }
}

/** Solves L^T X = B in place (back substitution), B n x m. */
export function backSolveTransposed(l: Float64Array, n: number, b: Float64Array, m: number): void {
  for (let i = n - 1; i >= 0; i--) {
    const d = l[i * n + i];
    for (let c = 0; c < m; c++) {
      if (d === 0) {
        b[i * m + c] = 0;
        continue;
      }
      let s = b[i * m + c];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k * m + c];
      b[i * m + c] = s / d;
    }
  }
}

/**
 * Eigenvalues (descending) and optionally eigenvectors (columns of `vectors`)
 * of a symmetric n x n matrix by cyclic Jacobi rotations; `a` is destroyed.
 */
/** One Jacobi rotation zeroing a[p][q] of a symmetric matrix (and accumulating it into v). */
function jacobiRotate(a: Float64Array, n: number, p: number, q: number, v?: Float64Array): void {
  const apq = a[p * n + q];
  if (apq === 0) return;
  const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
  const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const cs = 1 / Math.sqrt(t * t + 1);
  const sn = t * cs;
  for (let k = 0; k < n; k++) {
    const akp = a[k * n + p];
    const akq = a[k * n + q];
    a[k * n + p] = cs * akp - sn * akq;
    a[k * n + q] = sn * akp + cs * akq;
  }
  for (let k = 0; k < n; k++) {
    const apk = a[p * n + k];
    const aqk = a[q * n + k];
    a[p * n + k] = cs * apk - sn * aqk;
    a[q * n + k] = sn * apk + cs * aqk;
  }
  if (v) {
    for (let k = 0; k < n; k++) {
      const vkp = v[k * n + p];
      const vkq = v[k * n + q];
      v[k * n + p] = cs * vkp - sn * vkq;
      v[k * n + q] = sn * vkp + cs * vkq;
    }
  }
}

/**
 * Whether the off-diagonal squared mass is below `tol` x the total (the
 * Jacobi convergence test). No allocation: it runs in the per-window hot path.
 */
function converged(a: Float64Array, n: number, tol: number): boolean {
  let off = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j] * a[i * n + j];
      total += x;
      if (i !== j) off += x;
    }
  }
  return off === 0 || off <= tol * total;
}

export function symmetricEigen(a: Float64Array, n: number, values: Float64Array, vectors?: Float64Array): void {
  const v = vectors;
  if (v) {
    v.fill(0);
    for (let i = 0; i < n; i++) v[i * n + i] = 1;
  }
  for (let sweep = 0; sweep < 60; sweep++) {
    if (converged(a, n, 1e-30)) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) jacobiRotate(a, n, p, q, v);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x]);
  const diag = order.map((i) => a[i * n + i]);
  values.set(diag);
  if (v) {
    const copy = Float64Array.from(v);
    for (let r = 0; r < n; r++) order.forEach((src, dst) => (v[r * n + dst] = copy[r * n + src]));
  }
}

/**
 * Largest eigenvalue of a symmetric n x n matrix (cyclic Jacobi, values only,
 * no allocation); `a` is destroyed.
 */
export function largestEigenvalue(a: Float64Array, n: number): number {
  for (let sweep = 0; sweep < 60; sweep++) {
    // Off-diagonal mass 1e-16 of the total: an eigenvalue's error is second order in the off-diagonal,
    // so about 1e-13 relative, far below what a score can resolve. 1e-24 cost a sweep more (~6 % of a replay).
    if (converged(a, n, 1e-16)) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) jacobiRotate(a, n, p, q);
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, a[i * n + i]);
  return max;
}

/** Inverse of an SPD matrix through its Cholesky factor (returns a new array). */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  const l = Float64Array.from(a);
  const rank = cholesky(l, n, 1e-14);
  if (rank < n) throw new RangeError(`matrix is singular (rank ${rank} of ${n})`);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  forwardSolve(l, n, inv, n);
  backSolveTransposed(l, n, inv, n);
  return inv;
}
