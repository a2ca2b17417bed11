import { designIir, designNotch, type Sos } from '../dsp/design';
import type { SignalConfig } from './config';

/**
 * Sub-band edges after Chen et al. 2015, scaled to the targets and the rate:
 * band m starts 2 Hz below the m-th multiple of the lowest target (so band 1
 * holds every fundamental) and all bands end at the configured top
 * (`bandTopFor`: just above the highest harmonic analysed), or, for profiles
 * made before that, at min(90 Hz, 0.45 fs).
 */
export function subBandEdges(config: SignalConfig): [number, number][] {
  const fmin = Math.min(...config.targets.map((t) => t.frequency));
  const top = config.bandTop ?? Math.min(90, 0.45 * config.sampleRate);
  const out: [number, number][] = [];
  for (let m = 1; m <= config.bands; m++) {
    const lo = m === 1 && config.bandLow !== undefined ? config.bandLow : Math.max(1, fmin * m - 2);
    if (lo >= top - 2) break;
    out.push([lo, top]);
  }
  return out;
}

export function subBandFilters(config: SignalConfig): Sos[] {
  return subBandEdges(config).map((cutoff) =>
    designIir({ family: 'butter', order: 4, type: 'bandpass', cutoff, sampleRate: config.sampleRate }),
  );
}

export function mainsFilter(config: SignalConfig): Sos | undefined {
  if (config.mains === 0) return undefined;
  const sos = designNotch(config.mains, 30, config.sampleRate);
  // A second notch at the first mains harmonic when the rate allows it.
  if (2 * config.mains < config.sampleRate / 2 - 1) sos.push(...designNotch(2 * config.mains, 30, config.sampleRate));
  return sos;
}

export const FBCCA_WEIGHTS = (m: number) => (m + 1) ** -1.25 + 0.25;
