import { DEFAULT_DECISION, type DecisionConfig } from '../online/decider';
import { type MethodName, type SignalConfig, METHOD_DEFAULTS, type Target, validateSignalConfig } from './config';
import type { Profile } from './profile';

/** Posterior a window needs to vote for a target; see docs/evaluation.md. */
export const DEFAULT_LDA_THRESHOLD = 0.9;
/** Default online window (s): shorter windows decide sooner, longer ones err less. */
export const DEFAULT_WINDOW = 1.5;

/** What a caller chooses of a pipeline (CLI options, the evaluation); the rest comes from the method's defaults. */
export interface PipelineOptions {
  method: MethodName;
  targets: Target[];
  window: number;
  step?: number;
  mains?: 0 | 50 | 60;
  harmonics?: number;
  bands?: number;
  decision?: Partial<DecisionConfig>;
  ldaThreshold?: number;
  gateQuantile?: number;
}

export function signalConfigFor(opts: PipelineOptions, sampleRate: number, channelCount: number): SignalConfig {
  const d = METHOD_DEFAULTS[opts.method];
  const config: SignalConfig = {
    sampleRate,
    channelCount,
    targets: opts.targets,
    window: opts.window,
    step: opts.step ?? 0.25,
    harmonics: opts.harmonics ?? d.harmonics,
    bands: opts.bands ?? d.bands,
    mains: opts.mains ?? 50,
    noiseOffsets: d.noiseOffsets,
  };
  validateSignalConfig(config);
  return config;
}

/** A profile without calibration: only the training-free methods can use it. */
export function defaultProfile(opts: PipelineOptions, sampleRate: number, channelCount: number): Profile {
  const signal = signalConfigFor(opts, sampleRate, channelCount);
  return {
    kind: 'brainbrowsr-profile',
    version: 1,
    method: opts.method,
    signal,
    rule: { minScore: opts.method === 'cca' ? 0.1 : 0.01, ratio: 1.3 },
    ldaThreshold: opts.ldaThreshold ?? DEFAULT_LDA_THRESHOLD,
    decision: { ...DEFAULT_DECISION, ...opts.decision },
  };
}
