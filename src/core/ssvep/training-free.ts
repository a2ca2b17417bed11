import type { DecisionConfig } from '../online/decider';
import { bandTopFor, harmonicsFor, type SignalConfig, type Target, validateSignalConfig } from './config';
import { lookFor } from './look-length';
import type { Profile } from './profile';
import { DEFAULT_NORMALIZER, type RestStats } from './rest-normalizer';

/**
 * The detector every new user starts with: no calibration, any headset.
 *
 * FBCCA (sub-bands starting just below each harmonic of the lowest target,
 * all ending a little above the highest harmonic analysed), each target's
 * score standardised against its neighbour frequencies' scores in this
 * session (RestNormalizer), an absolute threshold on the best z-score, a
 * run of agreeing windows (strong ones count double), a refractory second
 * and one action per look; nothing for the first 20 s (learning the
 * resting signal). The window, sub-bands, threshold and run follow the
 * headset (`lookFor`: a single-band look for 1-4 channels), each
 * chosen for a false-activation budget leave-one-subject-out
 * (docs/evaluation.md).
 */
export const TRAINING_FREE = {
  step: 0.25,
  harmonics: 3,
  noiseOffsets: [-1, 1],
  /** Windows at twice the threshold count double (dynamic stopping). */
  fast: true,
} as const;

export function trainingFreeDecision(threshold: number, agree: number, fast: boolean): DecisionConfig {
  // Re-arm once the fired target's z has stayed below half the threshold for 1 s: one look, one action.
  return { agree, refractory: 1, fastConfidence: fast ? 2 * threshold : 1e9, release: threshold / 2, rearm: 1 };
}

export interface TrainingFreeOptions {
  threshold?: number;
  agree?: number;
  fast?: boolean;
  window?: number;
  harmonics?: number;
  bands?: number;
  /** Learn a prototype spatial filter during use (default: as the headset's look says). */
  prototype?: boolean;
  prior?: RestStats;
  thresholds?: number[];
}

export function trainingFreeSignal(
  targets: Target[],
  sampleRate: number,
  channelCount: number,
  mains: 0 | 50 | 60,
  opts: Pick<TrainingFreeOptions, 'window' | 'harmonics' | 'bands' | 'prototype'> = {},
): SignalConfig {
  const harmonics = harmonicsFor(targets, sampleRate, opts.harmonics ?? TRAINING_FREE.harmonics);
  const look = lookFor(channelCount);
  const signal: SignalConfig = {
    sampleRate,
    channelCount,
    targets,
    window: opts.window ?? look.window,
    step: TRAINING_FREE.step,
    harmonics,
    bands: opts.bands ?? look.bands,
    mains,
    noiseOffsets: [...TRAINING_FREE.noiseOffsets],
    bandTop: bandTopFor(targets, harmonics, sampleRate),
  };
  if (opts.prototype ?? look.prototype) signal.spatialPrototype = true;
  validateSignalConfig(signal);
  return signal;
}

export function trainingFreeProfile(
  targets: Target[],
  sampleRate: number,
  channelCount: number,
  mains: 0 | 50 | 60,
  opts: TrainingFreeOptions = {},
): Profile {
  const look = lookFor(channelCount);
  const threshold = opts.threshold ?? look.threshold;
  return {
    kind: 'brainbrowsr-profile',
    version: 1,
    method: 'fbcca-z',
    signal: trainingFreeSignal(targets, sampleRate, channelCount, mains, opts),
    rule: { minScore: 0, ratio: 1 },
    ldaThreshold: 0.9,
    z: { threshold, thresholds: opts.thresholds, normalizer: DEFAULT_NORMALIZER, prior: opts.prior },
    decision: trainingFreeDecision(threshold, opts.agree ?? look.agree, opts.fast ?? TRAINING_FREE.fast),
  };
}

/**
 * The original BrainBrowsR loop, as the floor any default must beat: plain
 * CCA on one 0.5-35 Hz band, 2 harmonics, 4 s windows, best rho > 0.1 and
 * > 1.3 x the runner-up, a pause after each detection.
 */
export function originalProfile(
  targets: Target[],
  sampleRate: number,
  channelCount: number,
  mains: 0 | 50 | 60,
): Profile {
  const signal: SignalConfig = {
    sampleRate,
    channelCount,
    targets,
    window: 4,
    step: 0.5,
    harmonics: 2,
    bands: 1,
    mains,
    noiseOffsets: [],
    bandLow: 0.5,
    bandTop: Math.min(35, 0.45 * sampleRate),
  };
  validateSignalConfig(signal);
  return {
    kind: 'brainbrowsr-profile',
    version: 1,
    method: 'cca',
    signal,
    rule: { minScore: 0.1, ratio: 1.3 },
    ldaThreshold: 0.9,
    decision: { agree: 1, refractory: 4, fastConfidence: 1e9, release: 0, rearm: 0 },
  };
}
