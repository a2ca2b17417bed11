import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalCorrelations } from '../src/core/ssvep/cca';
import { cholesky, largestEigenvalue, spdInverse, symmetricEigen } from '../src/core/linalg/small';
import { mulberry32 } from '../src/core/sim/eeg-model';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/cca.json', import.meta.url), 'utf8')) as {
  x: number[][];
  y: number[][];
  rho: number[];
}[];

const rng = mulberry32;

function orthogonalise(v: Float64Array, basis: Float64Array[]): void {
  for (const b of basis) {
    const dot = v.reduce((s, x, i) => s + x * b[i], 0);
    const nb = b.reduce((s, x) => s + x * x, 0);
    for (let i = 0; i < v.length; i++) v[i] -= (dot / nb) * b[i];
  }
}

describe('canonical correlations', () => {
  it('match numpy QR/SVD canoncorr on random data', () => {
    for (const c of fixture) {
      const rho = canonicalCorrelations(c.x, c.y);
      expect(rho).toHaveLength(c.rho.length);
      rho.forEach((r, i) => expect(r).toBeCloseTo(c.rho[i], 10));
    }
  });

  it('recover a designed correlation with sine/cosine references exactly', () => {
    const n = 512;
    const fs = 256;
    const f = 13;
    const sin = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs));
    const cos = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * f * i) / fs));
    const ones = new Float64Array(n).fill(1);
    const rand = rng(3);
    for (const target of [0.05, 0.3, 0.77, 0.999]) {
      // u in span(Y) (phase 0.6 rad), v orthogonal to Y and to constants; equal norms.
      const u = Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs + 0.6));
      const v = Float64Array.from({ length: n }, () => rand() - 0.5);
      orthogonalise(u, [ones]);
      orthogonalise(v, [ones, sin, cos]);
      orthogonalise(v, [ones, sin, cos]);
      const nu = Math.hypot(...u);
      const nv = Math.hypot(...v);
      const x = Float64Array.from(
        { length: n },
        (_, i) => (target * u[i]) / nu + (Math.sqrt(1 - target ** 2) * v[i]) / nv,
      );
      const [rho] = canonicalCorrelations([x], [sin, cos]);
      expect(rho).toBeCloseTo(target, 8);
    }
  });

  it('do not invent correlation from a flat or duplicated channel', () => {
    const n = 300;
    const rand = rng(9);
    const a = Float64Array.from({ length: n }, () => rand());
    const flat = new Float64Array(n).fill(5);
    const y = [Float64Array.from({ length: n }, () => rand()), Float64Array.from({ length: n }, () => rand())];
    const rho = canonicalCorrelations([a, flat, Float64Array.from(a)], y);
    expect(rho.every((r) => r >= 0 && r <= 1)).toBe(true);
    expect(rho[0]).toBeLessThan(0.3);
    expect(rho[1]).toBeLessThan(1e-6);
  });
});

describe('small dense kernels', () => {
  it('Cholesky, inverse and eigenvalues of a known SPD matrix', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 2, 0.5, 0.6, 0.5, 3]);
    const l = Float64Array.from(a);
    expect(cholesky(l, 3)).toBe(3);
    // L L^T == A
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
        expect(s).toBeCloseTo(a[i * 3 + j], 12);
      }
    const inv = spdInverse(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k] * inv[k * 3 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    const values = new Float64Array(3);
    const vectors = new Float64Array(9);
    symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3, values, vectors);
    expect(Array.from(values).map((v) => Number(v.toFixed(10)))).toEqual([5, 3, 1]);
    expect(Math.abs(vectors[0 * 3 + 1])).toBeCloseTo(Math.SQRT1_2, 10);
    expect(() => spdInverse(Float64Array.from([1, 1, 1, 1]), 2)).toThrow(/singular/);
  });

  it("the largest eigenvalue (Householder and QL) agrees with Jacobi's on random, low-rank, diagonal and repeated spectra", () => {
    const rand = rng(11);
    const cases: { n: number; a: Float64Array }[] = [];
    for (let n = 1; n <= 9; n++) {
      for (let rep = 0; rep < 40; rep++) {
        // B'B of a random (rank-limited) B, as the whitened cross-covariance of a window gives.
        const rank = 1 + (rep % n);
        const b = Float64Array.from({ length: rank * n }, () => rand() - 0.5);
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) for (let k = 0; k < rank; k++) a[i * n + j] += b[k * n + i] * b[k * n + j];
        cases.push({ n, a });
      }
    }
    cases.push({ n: 4, a: Float64Array.from([3, 0, 0, 0, 0, 7, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2]) });
    cases.push({ n: 3, a: Float64Array.from([2, 0, 0, 0, 2, 0, 0, 0, 2]) });
    cases.push({ n: 6, a: new Float64Array(36) });
    cases.push({ n: 2, a: Float64Array.from([1, 1e-200, 1e-200, 1]) });
    for (const { n, a } of cases) {
      const values = new Float64Array(n);
      symmetricEigen(Float64Array.from(a), n, values);
      const largest = largestEigenvalue(Float64Array.from(a), n);
      expect(Math.abs(largest - values[0])).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(values[0])));
    }
  });
});
