import type { Sos } from './design';

/**
 * Causal multi-channel SOS cascade (direct form II transposed) whose state
 * carries across calls: feeding a signal in one block or sample by sample
 * gives bit-identical output.
 */
export class SosFilter {
  private readonly coef: Float64Array;
  private readonly state: Float64Array;
  readonly sections: number;

  constructor(
    sos: Sos,
    readonly channels: number,
  ) {
    this.sections = sos.length;
    this.coef = new Float64Array(sos.length * 5);
    sos.forEach(([b0, b1, b2, a0, a1, a2], i) => {
      this.coef.set([b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0], i * 5);
    });
    this.state = new Float64Array(channels * sos.length * 2);
  }

  /** Filters `input[ch]` into `output[ch]` (may be the same arrays). */
  process(input: ArrayLike<number>[], output: { [i: number]: number }[] = input): void {
    const { coef, state, sections } = this;
    for (let ch = 0; ch < this.channels; ch++) {
      const x = input[ch];
      const y = output[ch];
      const n = x.length;
      for (let s = 0; s < sections; s++) {
        const b0 = coef[s * 5];
        const b1 = coef[s * 5 + 1];
        const b2 = coef[s * 5 + 2];
        const a1 = coef[s * 5 + 3];
        const a2 = coef[s * 5 + 4];
        const si = (ch * sections + s) * 2;
        let z1 = state[si];
        let z2 = state[si + 1];
        const src = s === 0 ? x : (y as ArrayLike<number>);
        for (let i = 0; i < n; i++) {
          const v = src[i];
          const out = b0 * v + z1;
          z1 = b1 * v - a1 * out + z2;
          z2 = b2 * v - a2 * out;
          y[i] = out;
        }
        state[si] = z1;
        state[si + 1] = z2;
      }
    }
  }

  reset(): void {
    this.state.fill(0);
  }
}
