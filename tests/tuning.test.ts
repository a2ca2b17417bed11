import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../src/core/ssvep/profile-defaults';
import { FULL_CAP_LOOK } from '../src/core/ssvep/look-length';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';
import { SENSITIVITY_THRESHOLDS, tune } from '../src/core/ssvep/tuning';

const targets = [
  { label: 'a', frequency: 13 },
  { label: 'b', frequency: 17 },
];

describe('tune (the carer’s sensitivity, dwell and refractory period)', () => {
  it('a calibrated (LDA) profile needs a higher posterior at lower sensitivity, and takes dwell as given', () => {
    const p = defaultProfile({ method: 'fbcca-lda', targets, window: 1.5 }, 250, 8);
    const careful = tune(p, { sensitivity: 1, dwell: 6, refractory: 2 });
    const fast = tune(p, { sensitivity: 5, dwell: 2, refractory: -1 });
    expect(careful.ldaThreshold).toBe(SENSITIVITY_THRESHOLDS[0]);
    expect(fast.ldaThreshold).toBe(SENSITIVITY_THRESHOLDS[4]);
    expect(careful.decision.agree).toBe(6);
    expect(fast.decision.agree).toBe(2);
    expect(fast.decision.refractory).toBe(0);
  });

  it('the training-free detector: sensitivity moves its z threshold, and dwell can only lengthen', () => {
    const p = trainingFreeProfile(targets, 250, 8, 50);
    const careful = tune(p, { sensitivity: 1, dwell: 1, refractory: 2 });
    const middle = tune(p, { sensitivity: 3, dwell: 12, refractory: 2 });
    expect(careful.z?.threshold).toBeGreaterThan(FULL_CAP_LOOK.threshold);
    expect(middle.z?.threshold).toBe(FULL_CAP_LOOK.threshold);
    expect(careful.decision.agree).toBe(p.decision.agree);
    expect(middle.decision.agree).toBe(12);
  });
});
