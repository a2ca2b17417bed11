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

// Scratch for largestEigenvalue: the hot path allocates nothing.
const tridiagonal = {
  d: new Float64Array(64),
  e: new Float64Array(64),
  v: new Float64Array(64),
  w: new Float64Array(64),
};

/**
 * Largest eigenvalue of a symmetric n x n matrix (n <= 64); `a` is
 * destroyed. Householder reduction to tridiagonal form, then implicit QL
 * (Golub & Van Loan 8.3; values only). On the 4 x 4 and 6 x 6 matrices of
 * every window, cyclic Jacobi was the largest single cost of a replay; with
 * this, a whole replay process takes about 17 % less CPU to the same scores
 * (farm-bench A/B, docs/evaluation.md).
 */
export function largestEigenvalue(a: Float64Array, n: number): number {
  if (n > 64) throw new RangeError('largestEigenvalue is for matrices up to 64 x 64');
  const { d, e, v, w } = tridiagonal;
  // Householder: zero column k below the subdiagonal, applied from both sides to the trailing block.
  for (let k = 0; k < n - 2; k++) {
    let norm = 0;
    for (let i = k + 1; i < n; i++) norm += a[i * n + k] * a[i * n + k];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const x0 = a[(k + 1) * n + k];
    const alpha = x0 > 0 ? -norm : norm;
    for (let i = k + 1; i < n; i++) v[i] = a[i * n + k];
    v[k + 1] -= alpha;
    let vv = 0;
    for (let i = k + 1; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    // w = A v * 2/(v'v); then A <- A - v q' - q v' with q = w - (v'w / v'v) v.
    let vw = 0;
    for (let i = k + 1; i < n; i++) {
      let s = 0;
      for (let j = k + 1; j < n; j++) s += a[i * n + j] * v[j];
      w[i] = (2 * s) / vv;
      vw += v[i] * w[i];
    }
    const half = vw / vv;
    for (let i = k + 1; i < n; i++) w[i] -= half * v[i];
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) a[i * n + j] -= v[i] * w[j] + w[i] * v[j];
    }
    a[(k + 1) * n + k] = alpha;
    a[k * n + k + 1] = alpha;
  }
  for (let i = 0; i < n; i++) {
    d[i] = a[i * n + i];
    e[i] = i < n - 1 ? a[(i + 1) * n + i] : 0;
  }
  // Implicit QL with Wilkinson shifts on the tridiagonal (d, e): e[i] couples i and i + 1.
  for (let l = 0; l < n; l++) {
    for (let iter = 0; iter < 60; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let underflow = false;
      for (let i = m - 1; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Deflate: the rest of the sweep would divide by zero.
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, d[i]);
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
