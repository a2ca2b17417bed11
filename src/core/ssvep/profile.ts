import type { DecisionConfig } from '../online/decider';
import { type MethodName, type SignalConfig, ConfigError, validateSignalConfig } from './config';
import type { LdaModel } from './lda';
import type { ScoreRule } from './scorer';

/** Everything a pipeline needs for one user: serialisable as JSON. */
export interface Profile {
  kind: 'brainbrowsr-profile';
  version: 1;
  method: MethodName;
  signal: SignalConfig;
  rule: ScoreRule;
  lda?: LdaModel;
  /** Posterior a window needs to vote for a target (fbcca-lda). */
  ldaThreshold: number;
  /** Per-target minimum contrast (see targetContrast), from the user's rest windows. */
  gate?: number[];
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
