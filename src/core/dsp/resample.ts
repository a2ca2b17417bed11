/**
 * Band-limited resampling of a whole signal by windowed-sinc interpolation
 * (Kaiser window). Used offline to put a recording on another headset's
 * rate (256 -> 250 Hz for the few-channel condition); not on the live path.
 * The kernel's cut-off sits at 0.45 of the lower of the two rates so nothing
 * folds back into the band an SSVEP detector reads.
 */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

export function resample(input: ArrayLike<number>, fromRate: number, toRate: number, halfWidth = 16): Float32Array {
  if (!(fromRate > 0 && toRate > 0)) throw new RangeError(`rates ${fromRate} -> ${toRate} must be positive`);
  const n = Math.floor((input.length * toRate) / fromRate);
  const out = new Float32Array(n);
  const cutoff = (0.45 * Math.min(fromRate, toRate)) / fromRate; // cycles per input sample
  const beta = 8.6;
  const norm = besselI0(beta);
  for (let i = 0; i < n; i++) {
    const x = (i * fromRate) / toRate;
    const centre = Math.floor(x);
    let acc = 0;
    let wsum = 0;
    for (let j = centre - halfWidth + 1; j <= centre + halfWidth; j++) {
      if (j < 0 || j >= input.length) continue;
      const d = x - j;
      const r = d / halfWidth;
      if (Math.abs(r) > 1) continue;
      const win = besselI0(beta * Math.sqrt(1 - r * r)) / norm;
      const arg = 2 * cutoff * d;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const w = 2 * cutoff * sinc * win;
      acc += w * input[j];
      wsum += w;
    }
    out[i] = wsum !== 0 ? acc / wsum : 0;
  }
  return out;
}
