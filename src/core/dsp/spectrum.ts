import dsp from 'dsp.js';

/**
 * Amplitude spectrum of the last `size` samples (a power of two) with a Hann
 * window, through dsp.js's FFT. Returns frequencies (Hz) and amplitudes.
 */
export function amplitudeSpectrum(
  samples: ArrayLike<number>,
  sampleRate: number,
  size = 512,
): { freqs: Float64Array; amps: Float64Array } {
  if ((size & (size - 1)) !== 0) throw new RangeError(`FFT size ${size} must be a power of two`);
  const buf = new Float64Array(size);
  const n = Math.min(size, samples.length);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += samples[samples.length - n + i];
  mean /= n || 1;
  for (let i = 0; i < n; i++) buf[size - n + i] = samples[samples.length - n + i] - mean;
  new dsp.WindowFunction(dsp.DSP.HANN).process(buf);
  const fft = new dsp.FFT(size, sampleRate);
  fft.forward(buf);
  const half = size / 2;
  return {
    freqs: Float64Array.from({ length: half }, (_, i) => (i * sampleRate) / size),
    amps: Float64Array.from(fft.spectrum.subarray(0, half)),
  };
}

export type ChannelQuality = 'good' | 'flat' | 'railed' | 'noisy';

/**
 * Signal quality of one channel from its last seconds: raw values for flat
 * and railed, band-passed values for noise (thresholds shown on the live view).
 */
export function channelQuality(
  raw: ArrayLike<number>,
  filtered: ArrayLike<number>,
): { quality: ChannelQuality; rms: number } {
  let min = Infinity;
  let max = -Infinity;
  let railed = false;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > 10_000) railed = true;
  }
  let ss = 0;
  for (let i = 0; i < filtered.length; i++) ss += filtered[i] * filtered[i];
  const rms = Math.sqrt(ss / Math.max(1, filtered.length));
  if (railed) return { quality: 'railed', rms };
  if (max - min < 0.5) return { quality: 'flat', rms };
  if (rms > 100) return { quality: 'noisy', rms };
  return { quality: 'good', rms };
}
