import { type Complex, abs, add, c, div, mul, prod, scale, sqrt, sub } from './complex';

/**
 * IIR filter design as second-order sections, following the textbook path
 * scipy.signal takes (analog prototype -> frequency transform -> bilinear
 * transform with pre-warping -> SOS), so that designs can be checked against
 * scipy fixtures (tests/fixtures/filters.json).
 *
 * Why not a package: dsp.js has only biquads from the Audio EQ Cookbook;
 * fili and friends chain identical biquads rather than designing true
 * higher-order Butterworth/Chebyshev filters, and none is maintained.
 */

/** One biquad: [b0, b1, b2, a0 (=1), a1, a2], as scipy's sos rows. */
export type Sos = number[][];

interface Zpk {
  z: Complex[];
  p: Complex[];
  k: number;
}

export type BandType = 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';

function buttapAnalog(order: number): Zpk {
  const p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    p.push(c(-Math.cos(theta), Math.sin(theta)));
  }
  return { z: [], p, k: 1 };
}

function cheb1apAnalog(order: number, rippleDb: number): Zpk {
  const eps = Math.sqrt(10 ** (0.1 * rippleDb) - 1);
  const mu = Math.asinh(1 / eps) / order;
  const p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    // -sinh(mu + j theta)
    p.push(c(-Math.sinh(mu) * Math.cos(theta), -Math.cosh(mu) * Math.sin(theta)));
  }
  let k = prod(p.map((x) => scale(x, -1))).re;
  if (order % 2 === 0) k /= Math.sqrt(1 + eps * eps);
  return { z: [], p, k };
}

function transform(proto: Zpk, type: BandType, w: number[]): Zpk {
  const { z, p, k } = proto;
  const degree = p.length - z.length;
  if (type === 'lowpass') {
    return { z: z.map((x) => scale(x, w[0])), p: p.map((x) => scale(x, w[0])), k: k * w[0] ** degree };
  }
  if (type === 'highpass') {
    const zh = z.map((x) => div(c(w[0]), x));
    const ph = p.map((x) => div(c(w[0]), x));
    for (let i = 0; i < degree; i++) zh.push(c(0));
    const kh = k * (prod(z.map((x) => scale(x, -1))).re / prod(p.map((x) => scale(x, -1))).re);
    return { z: zh, p: ph, k: kh };
  }
  const bw = w[1] - w[0];
  const wo = Math.sqrt(w[0] * w[1]);
  if (type === 'bandpass') {
    const split = (list: Complex[]) => {
      const out: Complex[] = [];
      const scaled = list.map((x) => scale(x, bw / 2));
      for (const x of scaled) out.push(add(x, sqrt(sub(mul(x, x), c(wo * wo)))));
      for (const x of scaled) out.push(sub(x, sqrt(sub(mul(x, x), c(wo * wo)))));
      return out;
    };
    const zb = split(z);
    for (let i = 0; i < degree; i++) zb.push(c(0));
    return { z: zb, p: split(p), k: k * bw ** degree };
  }
  // bandstop
  const split = (list: Complex[]) => {
    const out: Complex[] = [];
    const inv = list.map((x) => div(c(bw / 2), x));
    for (const x of inv) out.push(add(x, sqrt(sub(mul(x, x), c(wo * wo)))));
    for (const x of inv) out.push(sub(x, sqrt(sub(mul(x, x), c(wo * wo)))));
    return out;
  };
  const zs = split(z);
  for (let i = 0; i < degree; i++) {
    zs.push(c(0, wo));
    zs.push(c(0, -wo));
  }
  const ks = k * (prod(z.map((x) => scale(x, -1))).re / prod(p.map((x) => scale(x, -1))).re);
  return { z: zs, p: split(p), k: ks };
}

function bilinear({ z, p, k }: Zpk, fs: number): Zpk {
  const fs2 = c(2 * fs);
  const zz = z.map((x) => div(add(fs2, x), sub(fs2, x)));
  const pz = p.map((x) => div(add(fs2, x), sub(fs2, x)));
  for (let i = zz.length; i < pz.length; i++) zz.push(c(-1));
  const kz = k * div(prod(z.map((x) => sub(fs2, x))), prod(p.map((x) => sub(fs2, x)))).re;
  return { z: zz, p: pz, k: kz };
}

/** Splits roots into conjugate pairs (upper half-plane member first) and reals. */
function pairRoots(roots: Complex[]): Complex[][] {
  const tol = 1e-9;
  const complexes = roots.filter((r) => r.im > tol).sort((a, b) => abs(b) - abs(a));
  const reals = roots.filter((r) => Math.abs(r.im) <= tol).sort((a, b) => Math.abs(b.re) - Math.abs(a.re));
  const pairs: Complex[][] = complexes.map((r) => [r, c(r.re, -r.im)]);
  for (let i = 0; i < reals.length; i += 2) pairs.push(reals.slice(i, i + 2));
  return pairs;
}

function polyFromRoots(pair: Complex[]): [number, number, number] {
  if (pair.length === 0) return [1, 0, 0];
  if (pair.length === 1) return [1, -pair[0].re, 0];
  const [a, b] = pair;
  return [1, -(a.re + b.re), mul(a, b).re];
}

function zpkToSos({ z, p, k }: Zpk): Sos {
  // Poles closest to the unit circle last (they need the most care), each
  // with the zeros nearest to them; the gain goes on the first section.
  const polePairs = pairRoots(p).sort((a, b) => abs(a[0]) - abs(b[0]));
  const zeroPool = pairRoots(z);
  const sos: Sos = [];
  for (const pp of polePairs) {
    let best = 0;
    let bestDist = Infinity;
    zeroPool.forEach((zp, i) => {
      const d = Math.min(...zp.map((x) => abs(sub(x, pp[0]))));
      if (d < bestDist) {
        bestDist = d;
        best = i;
      }
    });
    const zp = zeroPool.length > 0 ? zeroPool.splice(best, 1)[0] : [];
    const b = polyFromRoots(zp);
    const a = polyFromRoots(pp);
    sos.push([...b, ...a]);
  }
  if (sos.length === 0) sos.push([1, 0, 0, 1, 0, 0]);
  for (let i = 0; i < 3; i++) sos[0][i] *= k;
  return sos;
}

export interface IirSpec {
  family: 'butter' | 'cheby1';
  order: number;
  type: BandType;
  /** Edge frequencies in Hz: one for low/high-pass, two for band filters. */
  cutoff: number[];
  sampleRate: number;
  /** Pass-band ripple in dB (Chebyshev type I). */
  rippleDb?: number;
}

export function designIir(spec: IirSpec): Sos {
  const { order, type, cutoff, sampleRate, family } = spec;
  const nyq = sampleRate / 2;
  if (!Number.isInteger(order) || order < 1 || order > 20) throw new RangeError(`filter order ${order} must be 1-20`);
  const needed = type === 'bandpass' || type === 'bandstop' ? 2 : 1;
  if (cutoff.length !== needed) throw new RangeError(`${type} needs ${needed} edge frequencies`);
  for (const f of cutoff) {
    if (!(f > 0 && f < nyq)) throw new RangeError(`edge ${f} Hz must lie between 0 and ${nyq} Hz (Nyquist)`);
  }
  if (needed === 2 && !(cutoff[0] < cutoff[1]))
    throw new RangeError(`band edges ${cutoff[0]}-${cutoff[1]} Hz are not increasing`);
  // Pre-warp for the bilinear transform (fs = 2 on the normalised scale).
  const warped = cutoff.map((f) => 4 * Math.tan((Math.PI * (f / nyq)) / 2));
  const proto = family === 'butter' ? buttapAnalog(order) : cheb1apAnalog(order, spec.rippleDb ?? 0.5);
  return zpkToSos(bilinear(transform(proto, type, warped), 2));
}

/** Second-order IIR notch as scipy.signal.iirnotch(w0, Q, fs). */
export function designNotch(freq: number, quality: number, sampleRate: number): Sos {
  const w0 = (2 * Math.PI * freq) / sampleRate;
  if (!(freq > 0 && freq < sampleRate / 2)) throw new RangeError(`notch ${freq} Hz must lie below Nyquist`);
  const bw = w0 / quality;
  const gb = 1 / Math.sqrt(2);
  const beta = (Math.sqrt(1 - gb * gb) / gb) * Math.tan(bw / 2);
  const gain = 1 / (1 + beta);
  return [[gain, -2 * Math.cos(w0) * gain, gain, 1, -2 * gain * Math.cos(w0), 2 * gain - 1]];
}

/**
 * Minimum Chebyshev I order for a band-pass (as scipy.signal.cheb1ord),
 * capped because very high orders are numerically fragile at low rates.
 */
export function cheb1BandpassOrder(
  pass: [number, number],
  stop: [number, number],
  sampleRate: number,
  gpass = 3,
  gstop = 40,
): number {
  const nyq = sampleRate / 2;
  const w = (f: number) => Math.tan((Math.PI * (f / nyq)) / 2);
  const [wp1, wp2] = pass.map(w);
  const [ws1, ws2] = stop.map(w);
  const sel = (ws: number) => Math.abs((ws * ws - wp1 * wp2) / (ws * (wp1 - wp2)));
  const nat = Math.min(sel(ws1), sel(ws2));
  const gs = 10 ** (0.1 * Math.abs(gstop));
  const gp = 10 ** (0.1 * Math.abs(gpass));
  return Math.ceil(Math.acosh(Math.sqrt((gs - 1) / (gp - 1))) / Math.acosh(nat));
}

/** Complex frequency response magnitude of an SOS cascade at `freq` Hz. */
export function sosGain(sos: Sos, freq: number, sampleRate: number): number {
  const w = (2 * Math.PI * freq) / sampleRate;
  const z1 = c(Math.cos(-w), Math.sin(-w));
  const z2 = mul(z1, z1);
  let g = 1;
  for (const [b0, b1, b2, a0, a1, a2] of sos) {
    const num = add(add(c(b0), scale(z1, b1)), scale(z2, b2));
    const den = add(add(c(a0), scale(z1, a1)), scale(z2, a2));
    g *= abs(num) / abs(den);
  }
  return g;
}
