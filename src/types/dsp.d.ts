declare module 'dsp.js' {
  export class FFT {
    constructor(bufferSize: number, sampleRate: number);
    forward(buffer: ArrayLike<number>): void;
    readonly spectrum: Float64Array;
  }
  export class WindowFunction {
    constructor(type: number, alpha?: number);
    process(buffer: Float64Array | Float32Array): Float64Array | Float32Array;
  }
  export const DSP: { HANN: number; HAMMING: number; BLACKMAN: number };
  const dsp: { FFT: typeof FFT; WindowFunction: typeof WindowFunction; DSP: typeof DSP };
  export default dsp;
}
