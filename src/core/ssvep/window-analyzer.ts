import { SosFilter } from '../dsp/sos-filter';
import { CcaSolver } from './cca';
import type { SignalConfig } from './config';
import { mainsFilter, subBandFilters } from './filter-bank';
import { ReferenceOscillator } from './references';

/**
 * Streaming front end of the SSVEP pipeline: mains notch, filter bank, and a
 * ring of per-step second-moment sums (X'X, X'Y, Y'Y, sums) from which every
 * window's canonical correlations follow without touching its samples again.
 * A window is the sum of the last `blocksPerWindow` step blocks.
 *
 * Output per window: rho[band][frequency] for every analysed frequency
 * (targets first, then each target's noise neighbours).
 */
export interface WindowFeatures {
  /** Absolute index of the last sample in the window, + 1. */
  endSample: number;
  /** rho[b * frequencies.length + f] */
  rho: Float64Array;
}

export class WindowAnalyzer {
  readonly frequencies: number[];
  readonly blockLength: number;
  readonly blocksPerWindow: number;
  readonly bandCount: number;
  private readonly p: number;
  private readonly q: number;
  private readonly notch?: SosFilter;
  private readonly bands: SosFilter[];
  private readonly osc: ReferenceOscillator[];
  // Ring of block sums, one slot per step block.
  private readonly sx: Float64Array[];
  private readonly sxx: Float64Array[];
  private readonly sxy: Float64Array[];
  private readonly sy: Float64Array[];
  private readonly syy: Float64Array[];
  private slot = 0;
  private filled = 0;
  private inBlock = 0;
  private sampleIndex = 0;
  private readonly solver: CcaSolver;
  // Scratch.
  private readonly xRaw: Float64Array;
  private readonly bandBuf: Float64Array[][];
  private readonly cxx: Float64Array;
  private readonly cyy: Float64Array;
  private readonly cxy: Float64Array;

  constructor(readonly config: SignalConfig) {
    const { targets, noiseOffsets, harmonics, sampleRate, channelCount } = config;
    this.frequencies = [
      ...targets.map((t) => t.frequency),
      ...targets.flatMap((t) => noiseOffsets.map((o) => t.frequency + o)),
    ];
    this.blockLength = Math.max(1, Math.round(config.step * sampleRate));
    this.blocksPerWindow = Math.max(1, Math.round(config.window / config.step));
    const notch = mainsFilter(config);
    if (notch) this.notch = new SosFilter(notch, channelCount);
    this.bands = subBandFilters(config).map((sos) => new SosFilter(sos, channelCount));
    this.bandCount = this.bands.length;
    this.osc = this.frequencies.map((f) => new ReferenceOscillator(f, harmonics, sampleRate));
    this.p = channelCount;
    this.q = 2 * harmonics;
    const { p, q } = this;
    const F = this.frequencies.length;
    const B = this.bandCount;
    const slots = this.blocksPerWindow;
    const make = (n: number) => Array.from({ length: slots }, () => new Float64Array(n));
    this.sx = make(B * p);
    this.sxx = make(B * p * p);
    this.sxy = make(B * F * p * q);
    this.sy = make(F * q);
    this.syy = make(F * q * q);
    this.solver = new CcaSolver(p, q);
    this.xRaw = new Float64Array(p);
    this.bandBuf = this.bands.map(() => Array.from({ length: p }, () => new Float64Array(1)));
    this.cxx = new Float64Array(p * p);
    this.cyy = new Float64Array(q * q);
    this.cxy = new Float64Array(p * q);
  }

  /**
   * Starts a fresh block (and window) at the next sample, keeping the filter
   * state: used to cut epochs at exact sample positions offline.
   */
  alignBlock(): void {
    this.inBlock = 0;
    this.filled = 0;
    for (const arr of [this.sx, this.sxx, this.sxy, this.sy, this.syy]) for (const a of arr) a.fill(0);
  }

  /** Samples seen so far. */
  get position(): number {
    return this.sampleIndex;
  }

  /**
   * Feeds a chunk (channels x samples, microvolts); calls `onWindow` for each
   * window completed inside it.
   */
  push(chunk: ArrayLike<number>[], onWindow: (w: WindowFeatures) => void): void {
    const n = chunk[0]?.length ?? 0;
    const { p, q } = this;
    const F = this.frequencies.length;
    const B = this.bandCount;
    const notched = chunk.map((c) => Float64Array.from(c as ArrayLike<number>));
    this.notch?.process(notched, notched);
    const banded = this.bands.map((f) => {
      const out = notched.map(() => new Float64Array(n));
      f.process(notched, out);
      return out;
    });
    for (let i = 0; i < n; i++) {
      if (this.inBlock === 0) for (const o of this.osc) o.anchor(this.sampleIndex);
      const s = this.slot;
      const sx = this.sx[s];
      const sxx = this.sxx[s];
      const sxy = this.sxy[s];
      const sy = this.sy[s];
      const syy = this.syy[s];
      for (let f = 0; f < F; f++) {
        const y = this.osc[f].value;
        const base = f * q;
        for (let a = 0; a < q; a++) {
          sy[base + a] += y[a];
          const row = (f * q + a) * q;
          for (let b = a; b < q; b++) syy[row + b] += y[a] * y[b];
        }
      }
      const x = this.xRaw;
      for (let b = 0; b < B; b++) {
        const band = banded[b];
        for (let c = 0; c < p; c++) x[c] = band[c][i];
        const bx = b * p;
        const bxx = b * p * p;
        for (let c = 0; c < p; c++) {
          const xc = x[c];
          sx[bx + c] += xc;
          const row = bxx + c * p;
          for (let d = c; d < p; d++) sxx[row + d] += xc * x[d];
        }
        for (let f = 0; f < F; f++) {
          const y = this.osc[f].value;
          const off = (b * F + f) * p * q;
          for (let c = 0; c < p; c++) {
            const xc = x[c];
            const row = off + c * q;
            for (let a = 0; a < q; a++) sxy[row + a] += xc * y[a];
          }
        }
      }
      for (const o of this.osc) o.advance();
      this.sampleIndex++;
      this.inBlock++;
      if (this.inBlock === this.blockLength) {
        this.inBlock = 0;
        this.filled = Math.min(this.filled + 1, this.blocksPerWindow);
        if (this.filled === this.blocksPerWindow) onWindow(this.analyse());
        this.slot = (this.slot + 1) % this.blocksPerWindow;
        for (const arr of [this.sx, this.sxx, this.sxy, this.sy, this.syy]) arr[this.slot].fill(0);
      }
    }
  }

  private analyse(): WindowFeatures {
    const { p, q, cxx, cyy, cxy, solver } = this;
    const F = this.frequencies.length;
    const B = this.bandCount;
    const n = this.blockLength * this.blocksPerWindow;
    const slots = this.blocksPerWindow;
    const rho = new Float64Array(B * F);
    const sum = (arr: Float64Array[], offset: number, len: number, out: Float64Array) => {
      out.fill(0, 0, len);
      for (let s = 0; s < slots; s++) {
        const a = arr[s];
        for (let k = 0; k < len; k++) out[k] += a[offset + k];
      }
    };
    const mx = new Float64Array(p);
    const my = new Float64Array(q);
    for (let b = 0; b < B; b++) {
      sum(this.sx, b * p, p, mx);
      sum(this.sxx, b * p * p, p * p, cxx);
      for (let c = 0; c < p; c++) {
        for (let d = c; d < p; d++) {
          const v = cxx[c * p + d] - (mx[c] * mx[d]) / n;
          cxx[c * p + d] = v;
          cxx[d * p + c] = v;
        }
      }
      solver.setX(cxx);
      for (let f = 0; f < F; f++) {
        sum(this.sy, f * q, q, my);
        sum(this.syy, f * q * q, q * q, cyy);
        for (let a = 0; a < q; a++) {
          for (let c = a; c < q; c++) {
            const v = cyy[a * q + c] - (my[a] * my[c]) / n;
            cyy[a * q + c] = v;
            cyy[c * q + a] = v;
          }
        }
        sum(this.sxy, (b * F + f) * p * q, p * q, cxy);
        for (let c = 0; c < p; c++) for (let a = 0; a < q; a++) cxy[c * q + a] -= (mx[c] * my[a]) / n;
        rho[b * F + f] = solver.correlate(cyy, cxy);
      }
    }
    return { endSample: this.sampleIndex, rho };
  }
}
