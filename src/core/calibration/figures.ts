import type { CalibrationFigures } from '../ssvep/calibration-verdict';
import type { CheckInReport } from '../ssvep/check-in';
import type { Profile } from '../ssvep/profile';

/** The figures a calibration is judged on: the looks at squares when the fit reports them, else its windows. */
export function figuresOf(profile: Profile, targets: number, report?: CheckInReport): CalibrationFigures {
  const restFired = profile.calibration?.cvRestFired;
  if (report)
    return {
      accuracy: report.forcedChoice,
      measure: 'looks',
      targets,
      restFired,
      perTarget: report.targets.map((t) => ({ label: t.label, accuracy: t.forcedChoice, reliable: t.reliable })),
      oneSwitch: report.oneSwitch,
    };
  return { accuracy: profile.calibration?.cvAccuracy ?? 0, measure: 'windows', targets, restFired };
}
