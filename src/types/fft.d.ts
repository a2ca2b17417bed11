declare module 'fft.js' {
  /** Radix-4 FFT of power-of-two size (interleaved re/im complex arrays). */
  export default class FFT {
    constructor(size: number);
    createComplexArray(): number[];
    realTransform(output: number[], input: ArrayLike<number>): void;
    completeSpectrum(spectrum: number[]): void;
  }
}
