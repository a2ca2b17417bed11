import type { Profile } from './profile';
import { lookFor } from './look-length';
import { TRAINING_FREE, trainingFreeDecision } from './training-free';

/** The carer's decision tuning (Settings.tuning). */
export interface Tuning {
  /** 1 (fewest mistakes) to 5 (fastest): the confidence a window needs. */
  sensitivity: number;
  /** Agreeing windows (0.25 s apart) before a selection. */
  dwell: number;
  /** Seconds after a selection during which nothing fires. */
  refractory: number;
}

/** LDA posterior a window needs at sensitivity 1 (fewest mistakes) to 5 (fastest). */
export const SENSITIVITY_THRESHOLDS = [0.97, 0.94, 0.9, 0.85, 0.8];
/** z-threshold offsets for sensitivity 1 (fewest mistakes) to 5 (fastest) on the training-free detector. */
const Z_SENSITIVITY_OFFSETS = [1, 0.5, 0, -0.25, -0.5];

/** The carer's sensitivity, dwell and refractory period (Settings) applied to a profile. */
export function tune(p: Profile, t: Tuning): Profile {
  const level = Math.max(0, Math.min(4, Math.round(t.sensitivity) - 1));
  if (p.method === 'fbcca-z' && p.z) {
    // Dwell can only lengthen the training-free detector's: shorter dwell was measured to fire at rest.
    const threshold = lookFor(p.signal.channelCount).threshold + Z_SENSITIVITY_OFFSETS[level];
    const agree = Math.max(p.decision.agree, Math.round(t.dwell));
    return {
      ...p,
      z: { ...p.z, threshold, thresholds: p.z.thresholds?.map((v) => v + Z_SENSITIVITY_OFFSETS[level]) },
      decision: {
        ...trainingFreeDecision(threshold, agree, TRAINING_FREE.fast),
        refractory: Math.max(0, t.refractory),
      },
    };
  }
  return {
    ...p,
    ldaThreshold: SENSITIVITY_THRESHOLDS[level],
    decision: { ...p.decision, agree: Math.max(1, Math.round(t.dwell)), refractory: Math.max(0, t.refractory) },
  };
}
