import type { CalibrationFigures } from '../ssvep/calibration-verdict';
import { type CheckInReport, SWITCH_RESPONSE } from '../ssvep/check-in';
import type { Profile } from '../ssvep/profile';

/**
 * The figures a calibration is judged on: the looks at squares when the fit
 * reports them, else its windows. One switch is proposed only where the
 * square that would be the switch (`switchFrequency`: the Menu square's)
 * itself stands out from rest: another square standing out does not help it.
 */
export function figuresOf(
  profile: Profile,
  targets: number,
  report?: CheckInReport,
  switchFrequency?: number,
): CalibrationFigures {
  const restFired = profile.calibration?.cvRestFired;
  if (report)
    return {
      accuracy: report.forcedChoice,
      measure: 'looks',
      targets,
      restFired,
      perTarget: report.targets.map((t) => ({
        label: t.label,
        accuracy: t.forcedChoice,
        reliable: t.reliable,
        silent: t.silent,
      })),
      oneSwitch: report.oneSwitch && switchOf(report, switchFrequency),
    };
  return { accuracy: profile.calibration?.cvAccuracy ?? 0, measure: 'windows', targets, restFired };
}

/** The switch's own square, if it stands out from rest as much as the check-in asks of a switch. */
function switchOf(
  report: CheckInReport,
  frequency: number | undefined,
): { label: string; frequency: number } | undefined {
  const t = report.targets.find((x) => x.frequency === frequency);
  return t && t.responseRatio >= SWITCH_RESPONSE ? { label: t.label, frequency: t.frequency } : undefined;
}
