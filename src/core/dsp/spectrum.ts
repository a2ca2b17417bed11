import FFT from 'fft.js';

/**
 * Amplitude spectrum of the last `size` samples (a power of two) with a Hann
 * window. The FFT is fft.js: dsp.js, on the design card, sets up its typed
 * arrays through a sloppy-mode `this` and breaks inside ES-module (strict)
 * bundles such as the extension's; it has had no release since 2013.
 * Returns frequencies (Hz) and amplitudes (the window's gain corrected).
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
  for (let i = 0; i < size; i++) buf[i] *= 0.5 * (1 - Math.cos((2 * Math.PI * i) / (size - 1)));
  const fft = new FFT(size);
  const out = fft.createComplexArray();
  fft.realTransform(out, buf);
  const half = size / 2;
  // Hann coherent gain 0.5: a sinusoid of amplitude A reads A at its bin.
  const scale = 2 / (0.5 * size);
  return {
    freqs: Float64Array.from({ length: half }, (_, i) => (i * sampleRate) / size),
    amps: Float64Array.from({ length: half }, (_, i) => Math.hypot(out[2 * i], out[2 * i + 1]) * scale),
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
