import type { DecisionConfig } from '../online/decider';
import { type MethodName, type SignalConfig, ConfigError, validateSignalConfig } from './config';
import type { LdaModel } from './lda';
import type { ScoreRule, ZScoreRule } from './scorer';

/** Everything a pipeline needs for one user: serialisable as JSON. */
export interface Profile {
  kind: 'brainbrowsr-profile';
  version: 1;
  method: MethodName;
  signal: SignalConfig;
  /** Channel labels of the headset the profile was fitted on, in stream order. */
  channels?: string[];
  rule: ScoreRule;
  lda?: LdaModel;
  /** Posterior a window needs to vote for a target (fbcca-lda). */
  ldaThreshold: number;
  /** Per-target minimum contrast (see targetContrast), from the user's rest windows. */
  gate?: number[];
  /** fbcca-z: threshold, running normalisation and rest prior. */
  z?: ZScoreRule;
  decision: DecisionConfig;
  /** What the calibration measured on its own recording (cross-validated). */
  calibration?: {
    files: string[];
    windows: number;
    cvAccuracy?: number;
    cvRestFired?: number;
  };
}

export function parseProfile(json: string, source: string): Profile {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new ConfigError(`${source}: not valid JSON`);
  }
  const p = v as Partial<Profile>;
  if (p?.kind !== 'brainbrowsr-profile' || p.version !== 1 || !p.signal || !p.method || !p.decision || !p.rule) {
    throw new ConfigError(`${source}: not a BrainBrowsR profile (version 1)`);
  }
  validateSignalConfig(p.signal);
  if (p.method === 'fbcca-lda' && !p.lda) throw new ConfigError(`${source}: fbcca-lda profile without a model`);
  return p as Profile;
}

/**
 * Why a profile cannot be used on a stream, or undefined when it can. A
 * profile fitted on other electrodes would be applied to the wrong signals
 * without any error, so a layout mismatch refuses it outright.
 */
export function profileMismatch(profile: Profile, sampleRate: number, channelNames: string[]): string | undefined {
  const sig = profile.signal;
  if (sig.sampleRate !== sampleRate || sig.channelCount !== channelNames.length) {
    return `it was made for ${sig.channelCount} channels at ${sig.sampleRate} Hz; this headset streams ${channelNames.length} at ${sampleRate} Hz`;
  }
  const norm = (c: string) => c.trim().toLowerCase();
  if (profile.channels && profile.channels.map(norm).join() !== channelNames.map(norm).join()) {
    return `it was made with electrodes ${profile.channels.join(', ')}; this headset has ${channelNames.join(', ')}`;
  }
  return undefined;
}
