import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_WINDOW } from '../../core/ssvep/calibration';
import { loadRecording } from '../../node/files';
import { UsageError } from '../errors';
import { PROFILE_OPTIONS, checkProfileArgs, profileFromArgs } from '../profile-args';

/** Fits a profile from labelled recordings and writes it as JSON (for the extension or --profile). */
export function calibrateCommand(argv: string[]): void {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...PROFILE_OPTIONS, out: { type: 'string' } },
  });
  if (positionals.length === 0 || !values.out) {
    throw new UsageError('usage: brainbrowsr calibrate FILE... --targets L=F,... --out PROFILE.json');
  }
  checkProfileArgs({ ...values, calibrate: positionals });
  const first = loadRecording(positionals[0]);
  const profile = profileFromArgs({ ...values, calibrate: positionals }, first, DEFAULT_WINDOW);
  writeFileSync(values.out, JSON.stringify(profile, null, 1));
  const c = profile.calibration;
  console.log(
    `wrote ${values.out}: ${profile.method}, ${c?.windows ?? 0} calibration windows` +
      (c?.cvAccuracy !== undefined
        ? `, cross-validated window accuracy ${(100 * c.cvAccuracy).toFixed(1)} %, rest windows fired ${(100 * (c.cvRestFired ?? 0)).toFixed(1)} %`
        : ''),
  );
}
