import { calibrate } from '../ssvep/calibration';
import type { Target } from '../ssvep/config';
import type { Profile } from '../ssvep/profile';
import { simulateRecording } from './session';

/**
 * The simulated user's calibration: what the guided calibration would record
 * for the simulated headset (each target 4 s, then 4 s of rest, 4 rounds),
 * fitted with the same code as a real user's. Deterministic.
 */
export function simulatedUserProfile(targets: Target[], mains: 50 | 60 = 50, subject = 1): Profile {
  const spans = [];
  let t = 2;
  for (let round = 0; round < 4; round++) {
    for (const target of targets) {
      spans.push({ frequency: target.frequency, start: t, end: t + 4, label: target.label });
      spans.push({ frequency: null, start: t + 5, end: t + 9, label: 'rest' });
      t += 10;
    }
  }
  const recording = simulateRecording(t + 2, spans, { seed: 11, subject, mains });
  return calibrate([{ recording, name: 'simulated calibration' }], {
    method: 'fbcca-lda',
    targets,
    window: 1.5,
    mains,
  });
}
