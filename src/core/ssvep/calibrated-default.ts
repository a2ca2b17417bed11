import type { Recording } from '../recording/types';
import { calibrate, type CalibrationInput } from './calibration';
import { DEFAULT_WINDOW } from './profile-defaults';
import { checkIn, type CheckInReport } from './check-in';
import type { Target } from './config';
import type { Profile } from './profile';
import { trainingFreeProfile } from './training-free';

/**
 * Which detector a calibration leaves the user with.
 *
 * The per-user LDA (fbcca-lda) is faster and errs less than the training-free
 * detector on people whose calibration separates the targets well (later
 * sessions of ssvep-exo), and errs far more where it does not (the
 * few-channel dry-headset condition: 19 % wrong). So it is kept only when its
 * own cross-validation on the calibration recording clears a bar set at
 * >= 0.5 of windows with idle as a class (twice chance for three targets and
 * rest, 2.5x for four) with few rest
 * windows firing (<= 10 %); otherwise the user gets the training-free
 * detector refined by the calibration (check-in: rest prior, per-target
 * thresholds, a verdict per target). docs/evaluation.md has the figures.
 */
export const LDA_MIN_ACCURACY = 0.5;
export const LDA_MAX_REST_FIRED = 0.1;

export interface CalibratedDefault {
  profile: Profile;
  report: CheckInReport;
  /** Why this detector was kept, in plain words. */
  reason: string;
}

/**
 * The rule the rest-normalised evidence a personal model must agree with
 * is built from: z >= 3, as measured for "calibration never makes rest
 * noisier" (docs/evaluation.md). It stays apart from the training-free
 * look: the stricter z >= 4.5 that ships for five or more
 * channels silenced the personal model on a weak person (sub-05 of
 * ssvep-exo: 2 looks selected on the later session instead of 8 or more).
 */
export const AGREEMENT_RULE = { threshold: 3, agree: 8 };

/** Frequencies a 60 Hz display draws well as sampled sinusoids, to offer in place of a weak target. */
export const CANDIDATE_FREQUENCIES = Array.from({ length: 27 }, (_, i) => 7 + i / 2);

export function calibratedDefault(
  recordings: Recording[],
  targets: Target[],
  mains: 0 | 50 | 60,
  candidates: number[] = CANDIDATE_FREQUENCIES,
): CalibratedDefault {
  const first = recordings[0];
  if (!first) throw new RangeError('calibration needs at least one recording');
  const base = trainingFreeProfile(targets, first.sampleRate, first.channels.length, mains);
  base.channels = first.channels.map((c) => c.label);
  const refined = checkIn(recordings, base, candidates);
  const inputs: CalibrationInput[] = recordings.map((recording, i) => ({ recording, name: `recording ${i + 1}` }));
  let lda: Profile | undefined;
  try {
    lda = calibrate(inputs, { method: 'fbcca-lda', targets, window: DEFAULT_WINDOW, mains });
  } catch {
    lda = undefined; // no rest trials: only the check-in applies
  }
  const cv = lda?.calibration;
  if (lda && cv && (cv.cvAccuracy ?? 0) >= LDA_MIN_ACCURACY && (cv.cvRestFired ?? 1) <= LDA_MAX_REST_FIRED) {
    const agreement = trainingFreeProfile(targets, first.sampleRate, first.channels.length, mains, AGREEMENT_RULE);
    return {
      profile: { ...lda, z: restAgreement(recordings, lda, agreement) },
      report: refined.report,
      reason: `the personal model recognised ${Math.round(100 * (cv.cvAccuracy ?? 0))} % of held-out calibration windows`,
    };
  }
  return {
    profile: refined.profile,
    report: refined.report,
    reason: cv
      ? `the personal model recognised only ${Math.round(100 * (cv.cvAccuracy ?? 0))} % of held-out calibration windows; the standard detector, tuned to this calibration, is safer`
      : 'the calibration had no rest periods; the standard detector was tuned to it',
  };
}

/**
 * The rest-normalised evidence the personal model must agree with (see
 * Scorer): the training-free rule on the model's own windows, with this
 * calibration's rest level as its prior (no warm-up) and the check-in's
 * per-target thresholds, never below the training-free threshold. Without
 * it the calibrated detector fired at rest where the training-free one did
 * not (docs/evaluation.md). The calibration's rest level is the prior, so
 * nothing waits for a warm-up; the running statistics move it to this
 * session's as it goes.
 */
function restAgreement(recordings: Recording[], lda: Profile, base: Profile): Profile['z'] {
  const asZ: Profile = { ...lda, method: 'fbcca-z', lda: undefined, z: base.z, decision: base.decision };
  return checkIn(recordings, asZ).profile.z;
}
