import { SosFilter } from '../dsp/sos-filter';
import { CcaSolver } from './cca';
import type { SignalConfig } from './config';
import { mainsFilter, subBandFilters } from './filter-bank';
import { ReferenceOscillator } from './references';
import { SpatialPrototype } from './spatial-prototype';

/** Windows above rest a prototype filter learns from before it is used: about two looks. */
export const PROTOTYPE_WINDOWS = 16;

/**
 * Streaming front end of the SSVEP pipeline: mains notch, filter bank, and a
 * ring of per-step second-moment sums (X'X, X'Y, Y'Y, sums) from which every
 * window's canonical correlations follow without touching its samples again.
 * A window is the sum of the last `blocksPerWindow` step blocks.
 *
 * Output per window: rho[band][frequency] for every analysed frequency
 * (targets first, then each target's noise neighbours). With a prototype
 * spatial filter learnt (`learn`), rho is the root mean square of CCA's
 * correlation and the correlation along that filter, as online adaptive
 * CCA adds their squares.
 */
export interface WindowFeatures {
  /** Absolute index of the last sample in the window, + 1. */
  endSample: number;
  /** rho[b * frequencies.length + f] */
  rho: Float64Array;
  /** Per channel: RMS (microvolts) in the first sub-band over the window, for the contact check. */
  channelRms: Float64Array;
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
  private readonly blockBuf: Float64Array[][];
  private scratchLength = 0;
  private notched: Float64Array[] = [];
  private banded: Float64Array[][] = [];
  private readonly refBuf: Float64Array[][];
  private readonly cxx: Float64Array;
  private readonly cyy: Float64Array;
  private readonly cxy: Float64Array;
  private readonly ly: Float64Array[];
  private readonly totals: Record<'tx' | 'txx' | 'txy' | 'ty' | 'tyy', Float64Array>;
  private readonly prototypes?: SpatialPrototype[];
  private readonly weights: Float64Array;
  /** Sample index at the end of the window last analysed (learn reads its sums). */
  private analysedAt = -1;

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
    this.blockBuf = this.bands.map(() => Array.from({ length: p }, () => new Float64Array(this.blockLength)));
    this.refBuf = this.frequencies.map(() => Array.from({ length: q }, () => new Float64Array(this.blockLength)));
    this.cxx = new Float64Array(p * p);
    this.cyy = new Float64Array(q * q);
    this.cxy = new Float64Array(p * q);
    this.ly = this.frequencies.map(() => new Float64Array(q * q));
    this.totals = {
      tx: new Float64Array(B * p),
      txx: new Float64Array(B * p * p),
      txy: new Float64Array(B * F * p * q),
      ty: new Float64Array(F * q),
      tyy: new Float64Array(F * q * q),
    };
    if (config.spatialPrototype) this.prototypes = this.bands.map(() => new SpatialPrototype(p, PROTOTYPE_WINDOWS));
    this.weights = new Float64Array(p);
  }

  /** Whether this analyser learns a prototype spatial filter (call `learn`). */
  get learns(): boolean {
    return this.prototypes !== undefined;
  }

  /**
   * Teaches the prototype filter the window just analysed, in which
   * `frequency` (an index into `frequencies`) stood above rest. Only valid
   * inside `push`'s onWindow callback, while that window's sums are held;
   * returns false (learning nothing) otherwise.
   */
  learn(frequency: number): boolean {
    const prototypes = this.prototypes;
    if (!prototypes || this.analysedAt !== this.sampleIndex || this.inBlock !== 0) return false;
    const { cxx, cxy, solver } = this;
    const n = this.blockLength * this.blocksPerWindow;
    for (let b = 0; b < this.bandCount; b++) {
      this.centredX(b, n);
      solver.setX(cxx);
      this.centredXY(b, frequency, n);
      solver.largestWeights(this.ly[frequency], cxy, this.weights);
      prototypes[b].add(this.weights);
    }
    return true;
  }

  /** Centred cross-covariance of band b with frequency f's references over the window into this.cxy. */
  private centredXY(b: number, f: number, n: number): void {
    const { p, q, cxy } = this;
    const { tx, txy, ty } = this.totals;
    const off = (b * this.frequencies.length + f) * p * q;
    for (let c = 0; c < p; c++) {
      const mxc = tx[b * p + c] / n;
      for (let a = 0; a < q; a++) cxy[c * q + a] = txy[off + c * q + a] - mxc * ty[f * q + a];
    }
  }

  /** Centred X covariance of band b over the window (n samples) into this.cxx. */
  private centredX(b: number, n: number): void {
    const { p, cxx } = this;
    const { tx, txx } = this.totals;
    for (let c = 0; c < p; c++) {
      for (let d = c; d < p; d++) {
        const v = txx[b * p * p + c * p + d] - (tx[b * p + c] * tx[b * p + d]) / n;
        cxx[c * p + d] = v;
        cxx[d * p + c] = v;
      }
    }
  }

  /**
   * Starts a fresh block (and window) at the next sample, keeping the filter
   * state: used to cut epochs at exact sample positions offline.
   */
  alignBlock(): void {
    this.inBlock = 0;
    this.filled = 0;
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
    if (n === 0) return;
    const p = this.p;
    // Filter into reused scratch buffers (grown when a bigger chunk comes).
    if (this.scratchLength < n) {
      this.scratchLength = Math.max(n, 2 * this.scratchLength);
      this.notched = Array.from({ length: p }, () => new Float64Array(this.scratchLength));
      this.banded = this.bands.map(() => Array.from({ length: p }, () => new Float64Array(this.scratchLength)));
    }
    const notched = this.notched.map((c) => c.subarray(0, n));
    if (this.notch) this.notch.process(chunk, notched);
    else for (let c = 0; c < p; c++) notched[c].set(chunk[c]);
    const banded = this.banded.map((band, b) => {
      const out = band.map((c) => c.subarray(0, n));
      this.bands[b].process(notched, out);
      return out;
    });
    // Samples wait in the block buffer; sums are taken over whole blocks only,
    // so results do not depend on how the stream was chunked.
    let i = 0;
    while (i < n) {
      const take = Math.min(n - i, this.blockLength - this.inBlock);
      for (let b = 0; b < this.bandCount; b++) {
        for (let c = 0; c < p; c++) this.blockBuf[b][c].set(banded[b][c].subarray(i, i + take), this.inBlock);
      }
      i += take;
      this.inBlock += take;
      this.sampleIndex += take;
      if (this.inBlock === this.blockLength) {
        this.accumulateBlock(this.sampleIndex - this.blockLength);
        this.inBlock = 0;
        this.filled = Math.min(this.filled + 1, this.blocksPerWindow);
        if (this.filled === this.blocksPerWindow) onWindow(this.analyse());
        this.slot = (this.slot + 1) % this.blocksPerWindow;
      }
    }
  }

  /** Second-moment sums of the buffered block (first sample at absolute index n0) into the current slot. */
  private accumulateBlock(n0: number): void {
    const { p, q, blockLength: L } = this;
    const F = this.frequencies.length;
    const B = this.bandCount;
    const s = this.slot;
    const sx = this.sx[s];
    const sxx = this.sxx[s];
    const sxy = this.sxy[s];
    const sy = this.sy[s];
    const syy = this.syy[s];
    for (let f = 0; f < F; f++) {
      const refs = this.refBuf[f];
      this.osc[f].fill(n0, refs, L);
      for (let a = 0; a < q; a++) {
        const ra = refs[a];
        let t = 0;
        for (let j = 0; j < L; j++) t += ra[j];
        sy[f * q + a] = t;
        for (let c = a; c < q; c++) {
          const rc = refs[c];
          let u = 0;
          for (let j = 0; j < L; j++) u += ra[j] * rc[j];
          syy[(f * q + a) * q + c] = u;
        }
      }
    }
    for (let b = 0; b < B; b++) {
      const xs = this.blockBuf[b];
      for (let c = 0; c < p; c++) {
        const xc = xs[c];
        let t = 0;
        for (let j = 0; j < L; j++) t += xc[j];
        sx[b * p + c] = t;
        for (let d = c; d < p; d++) {
          const xd = xs[d];
          let u = 0;
          for (let j = 0; j < L; j++) u += xc[j] * xd[j];
          sxx[b * p * p + c * p + d] = u;
        }
        for (let f = 0; f < F; f++) {
          const refs = this.refBuf[f];
          const off = (b * F + f) * p * q + c * q;
          // 2 and 3 harmonics (the defaults) unrolled into one pass over the samples:
          // measured against the generic pair loop below, replay is 4 % faster with
          // 2 harmonics and 20 % faster at 40 targets with 3 (npm run bench -- core).
          if (q === 4) {
            const [r0, r1, r2, r3] = refs;
            let u0 = 0;
            let u1 = 0;
            let u2 = 0;
            let u3 = 0;
            for (let j = 0; j < L; j++) {
              const x = xc[j];
              u0 += x * r0[j];
              u1 += x * r1[j];
              u2 += x * r2[j];
              u3 += x * r3[j];
            }
            sxy[off] = u0;
            sxy[off + 1] = u1;
            sxy[off + 2] = u2;
            sxy[off + 3] = u3;
            continue;
          }
          if (q === 6) {
            const [r0, r1, r2, r3, r4, r5] = refs;
            let u0 = 0;
            let u1 = 0;
            let u2 = 0;
            let u3 = 0;
            let u4 = 0;
            let u5 = 0;
            for (let j = 0; j < L; j++) {
              const x = xc[j];
              u0 += x * r0[j];
              u1 += x * r1[j];
              u2 += x * r2[j];
              u3 += x * r3[j];
              u4 += x * r4[j];
              u5 += x * r5[j];
            }
            sxy[off] = u0;
            sxy[off + 1] = u1;
            sxy[off + 2] = u2;
            sxy[off + 3] = u3;
            sxy[off + 4] = u4;
            sxy[off + 5] = u5;
            continue;
          }
          for (let a = 0; a < q; a += 2) {
            const r0 = refs[a];
            const r1 = refs[a + 1];
            let u0 = 0;
            let u1 = 0;
            for (let j = 0; j < L; j++) {
              const x = xc[j];
              u0 += x * r0[j];
              u1 += x * r1[j];
            }
            sxy[off + a] = u0;
            sxy[off + a + 1] = u1;
          }
        }
      }
    }
  }

  private analyse(): WindowFeatures {
    const { p, q, cxx, cyy, cxy, solver } = this;
    const F = this.frequencies.length;
    const B = this.bandCount;
    const n = this.blockLength * this.blocksPerWindow;
    const rho = new Float64Array(B * F);
    const channelRms = new Float64Array(p);
    const { tx, txx, txy, ty, tyy } = this.totals;
    // Window totals = sum of the slots (re-summed every window: no drift over hours).
    sumSlots(this.sx, tx);
    sumSlots(this.sxx, txx);
    sumSlots(this.sxy, txy);
    sumSlots(this.sy, ty);
    sumSlots(this.syy, tyy);
    // Reference covariances do not depend on the band: factor them once per frequency.
    for (let f = 0; f < F; f++) {
      for (let a = 0; a < q; a++) {
        for (let c = a; c < q; c++) {
          const v = tyy[(f * q + a) * q + c] - (ty[f * q + a] * ty[f * q + c]) / n;
          cyy[a * q + c] = v;
          cyy[c * q + a] = v;
        }
      }
      solver.factorY(cyy, this.ly[f]);
    }
    for (let b = 0; b < B; b++) {
      this.centredX(b, n);
      solver.setX(cxx);
      const prototype = this.prototypes?.[b];
      const along = prototype?.ready ? prototype.filter : undefined;
      for (let f = 0; f < F; f++) {
        this.centredXY(b, f, n);
        const r = solver.largest(this.ly[f], cxy);
        if (!along) {
          rho[b * F + f] = r;
          continue;
        }
        const u = solver.alongFilter(along, cxx, this.ly[f], cxy);
        rho[b * F + f] = Math.sqrt((r * r + u * u) / 2);
      }
    }
    for (let c = 0; c < p; c++) {
      const mean = tx[c] / n;
      channelRms[c] = Math.sqrt(Math.max(0, txx[c * p + c] / n - mean * mean));
    }
    this.analysedAt = this.sampleIndex;
    return { endSample: this.sampleIndex, rho, channelRms };
  }
}

function sumSlots(slots: Float64Array[], out: Float64Array): void {
  const len = out.length;
  out.set(slots[0]);
  for (let s = 1; s < slots.length; s++) {
    const a = slots[s];
    for (let k = 0; k < len; k++) out[k] += a[k];
  }
}
