import { DEFAULT_WINDOW } from '../../core/ssvep/profile-defaults';
import { checkOutput, writeAtomically } from '../../node/output';
import { UsageError } from '../errors';
import { parseCommand } from '../help';
import {
  PROFILE_HELP,
  PROFILE_OPTIONS,
  calibrationRecording,
  checkProfileArgs,
  profileFromArgs,
} from '../profile-args';

export const CALIBRATE_HELP = `brainbrowsr calibrate FILE... --targets L=F[,L=F...] --out PROFILE.json [options]

Fits a user's profile on labelled recordings (looks at each target, and
rest trials for the personal model), says how well each target works for
this person, and writes the profile as JSON for the extension or --profile.
Recordings are read as they are used.

${PROFILE_HELP}
  --out FILE      where to write the profile (required)
  --force         replace FILE if it exists`;

/** Fits a profile from labelled recordings and writes it as JSON (for the extension or --profile). */
export function calibrateCommand(argv: string[]): void {
  const { positionals, values } = parseCommand(argv, CALIBRATE_HELP, {
    ...PROFILE_OPTIONS,
    out: { type: 'string' },
    force: { type: 'boolean' },
  });
  if (!positionals) return;
  if (positionals.length === 0 || !values.out) {
    throw new UsageError('usage: brainbrowsr calibrate FILE... --targets L=F,... --out PROFILE.json');
  }
  checkProfileArgs({ ...values, calibrate: positionals });
  checkOutput(values.out, positionals, values.force === true);
  const first = calibrationRecording(positionals[0], values.stream);
  const { profile, report, reason } = profileFromArgs({ ...values, calibrate: positionals }, first, DEFAULT_WINDOW);
  writeAtomically(values.out, (put) => put(JSON.stringify(profile, null, 1)));
  const c = profile.calibration;
  console.log(
    `wrote ${values.out}: ${profile.method}` +
      (c ? `, ${c.windows} calibration windows` : '') +
      (c?.cvAccuracy !== undefined
        ? `, cross-validated window accuracy ${(100 * c.cvAccuracy).toFixed(1)} %, rest windows fired ${(100 * (c.cvRestFired ?? 0)).toFixed(1)} %`
        : ''),
  );
  if (reason) console.log(`detector: ${profile.method}, because ${reason}`);
  if (report) {
    console.log(`verdict: ${report.verdict}. ${report.advice}`);
    for (const t of report.targets) {
      console.log(
        `  ${t.label}: ${t.responseRatio.toFixed(2)}x its rest level, wins ${(100 * t.forcedChoice).toFixed(0)} % of forced choices, ${t.silent ? 'silent' : `threshold z >= ${t.threshold.toFixed(2)}`}${t.reliable ? '' : ' (weak)'}`,
      );
    }
  }
}
