/** A selectable target: what the user looks at and what it means. */
export interface Target {
  label: string;
  frequency: number;
}

/**
 * The label of every trial that is not a target: rest while calibrating
 * (the LDA's idle class), "no selection expected" when evaluating.
 */
export const IDLE_LABEL = 'idle';

export type MethodName = 'cca' | 'fbcca' | 'fbcca-lda' | 'fbcca-z';

export interface SignalConfig {
  sampleRate: number;
  channelCount: number;
  targets: Target[];
  /** Analysis window in seconds (rounded to a whole number of steps). */
  window: number;
  /** Hop between classified windows in seconds. */
  step: number;
  harmonics: number;
  /** Filter-bank sub-bands (1 = a single band, i.e. standard CCA). */
  bands: number;
  /** Mains frequency to notch out, or 0 for none. */
  mains: 0 | 50 | 60;
  /**
   * Offsets (Hz) of off-target "noise" frequencies scored next to each target;
   * their correlations tell broadband background activity from an SSVEP.
   */
  noiseOffsets: number[];
  /**
   * Upper edge of every sub-band (Hz). Set by profiles made since band edges
   * follow the harmonics (`bandTopFor`); older profiles leave it out and keep
   * min(90 Hz, 0.45 fs).
   */
  bandTop?: number;
  /** Lower edge of the first sub-band (Hz); default 2 Hz below the lowest target. */
  bandLow?: number;
  /**
   * Learn a prototype spatial filter from this session's windows that stood
   * above rest, and score each window along it too (SpatialPrototype).
   */
  spatialPrototype?: boolean;
}

export const METHOD_DEFAULTS: Record<MethodName, Pick<SignalConfig, 'harmonics' | 'bands' | 'noiseOffsets'>> = {
  cca: { harmonics: 3, bands: 1, noiseOffsets: [] },
  fbcca: { harmonics: 3, bands: 5, noiseOffsets: [] },
  'fbcca-lda': { harmonics: 2, bands: 2, noiseOffsets: [-1, 1] },
  'fbcca-z': { harmonics: 3, bands: 3, noiseOffsets: [-1, 1] },
};

/** Most harmonics (up to `wanted`) whose frequency stays inside 0.45 fs for every target. */
export function harmonicsFor(targets: Target[], sampleRate: number, wanted: number): number {
  const fmax = Math.max(...targets.map((t) => t.frequency));
  return Math.max(1, Math.min(wanted, Math.floor((0.45 * sampleRate) / fmax)));
}

/**
 * Sub-band top edge that follows what is analysed: a little above the highest
 * harmonic used, never above 0.45 fs. Everything above it is broadband noise
 * to a CCA (a dry headset's electrode and muscle noise); letting it in
 * lowered plain CCA from about 80 % to 43 % on a 3-channel dry headset.
 */
export function bandTopFor(targets: Target[], harmonics: number, sampleRate: number): number {
  const fmax = Math.max(...targets.map((t) => t.frequency));
  return Math.min(0.45 * sampleRate, harmonics * fmax + 4);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function validateSignalConfig(c: SignalConfig): void {
  const nyq = c.sampleRate / 2;
  if (!(c.sampleRate > 0)) throw new ConfigError(`sample rate ${c.sampleRate} must be positive`);
  if (!(c.channelCount >= 1)) throw new ConfigError('at least one channel is needed');
  if (c.targets.length < 1) throw new ConfigError('at least one target is needed');
  const labels = new Set<string>();
  for (const t of c.targets) {
    if (!(t.frequency > 0 && t.frequency < nyq - 3)) {
      throw new ConfigError(
        `target ${t.label} at ${t.frequency} Hz is outside what ${c.sampleRate} Hz sampling can resolve`,
      );
    }
    if (labels.has(t.label)) throw new ConfigError(`target label ${t.label} is used twice`);
    labels.add(t.label);
  }
  if (!(c.step > 0)) throw new ConfigError(`step ${c.step} s must be positive`);
  if (!(c.window >= c.step && c.window <= 30))
    throw new ConfigError(`window ${c.window} s must be between the step and 30 s`);
  if (!(Number.isInteger(c.harmonics) && c.harmonics >= 1 && c.harmonics <= 8)) {
    throw new ConfigError(`harmonics ${c.harmonics} must be 1-8`);
  }
  if (!(Number.isInteger(c.bands) && c.bands >= 1 && c.bands <= 10))
    throw new ConfigError(`bands ${c.bands} must be 1-10`);
  if (c.mains !== 0 && c.mains !== 50 && c.mains !== 60)
    throw new ConfigError(`mains ${String(c.mains)} must be 50, 60 or 0`);
  if (c.mains >= nyq) throw new ConfigError(`mains ${c.mains} Hz is above Nyquist`);
  const fmax = Math.max(...c.targets.map((t) => t.frequency));
  if (c.harmonics * fmax >= nyq) {
    throw new ConfigError(
      `harmonics ${c.harmonics}: the ${c.harmonics}th harmonic of ${fmax} Hz is beyond what ${c.sampleRate} Hz sampling can resolve (at most ${Math.max(1, Math.ceil(nyq / fmax) - 1)})`,
    );
  }
  if (c.bandTop !== undefined) {
    const fmin = Math.min(...c.targets.map((t) => t.frequency));
    if (!(c.bandTop > fmin + 2 && c.bandTop < nyq)) {
      throw new ConfigError(
        `band top ${c.bandTop} Hz must lie between the lowest target + 2 Hz (${fmin + 2}) and Nyquist (${nyq})`,
      );
    }
  }
}
