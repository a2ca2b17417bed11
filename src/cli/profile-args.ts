import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Recording } from '../core/recording/types';
import { calibrate, defaultProfile } from '../core/ssvep/calibration';
import { parseProfile, type Profile } from '../core/ssvep/profile';
import { trialsOf } from '../core/recording/types';
import { openRecordingFile } from '../node/recording-file';
import { UsageError } from './errors';
import { parseMains, parseMethod, parseNumber, parseTargets } from './options';

export interface ProfileArgs {
  targets?: string;
  method?: string;
  calibrate?: string[];
  profile?: string;
  mains?: string;
  window?: string;
  step?: string;
}

export const PROFILE_OPTIONS = {
  targets: { type: 'string' },
  method: { type: 'string' },
  calibrate: { type: 'string', multiple: true },
  profile: { type: 'string' },
  mains: { type: 'string' },
  window: { type: 'string' },
  step: { type: 'string' },
} as const;

export const PROFILE_HELP = `  --targets L=F,...  target labels and frequencies, e.g. 13Hz=13,17Hz=17,21Hz=21
  --method M      cca, fbcca or fbcca-lda (default: fbcca-lda with --calibrate, else fbcca)
  --calibrate FILE  fit the user's profile on this labelled recording (repeatable)
  --profile P     a profile JSON from brainbrowsr calibrate or the extension (replaces the above)
  --window W      window length in seconds
  --step S        seconds between windows (default 0.25)
  --mains 50|60|0 mains frequency to notch out (0: none; default 50)`;

/** A number of seconds that must be above zero. */
function positiveSeconds(name: string, text: string): void {
  const v = parseNumber(name, text);
  if (!(v > 0) || v > 3600) throw new UsageError(`--${name} must be between 0 and 3600 seconds, not ${text}`);
}

/** Checks the options before any file is read, so a typo is reported as such. */
export function checkProfileArgs(args: ProfileArgs): void {
  if (args.window !== undefined) positiveSeconds('window', args.window);
  if (args.step !== undefined) positiveSeconds('step', args.step);
  if (args.profile) return;
  parseTargets(args.targets);
  parseMethod(args.method, (args.calibrate?.length ?? 0) > 0);
  parseMains(args.mains);
}

/**
 * A run that scores nothing is almost always a mistake (an offset beyond the
 * file, a label that is not a target): say so on stderr, the run goes on.
 */
export function warnUnscored(
  command: string,
  file: string,
  rec: { annotations: Recording['annotations']; seconds: number },
  scored: number,
  targetLabels: string[],
  label: string | undefined,
  offset?: number,
): void {
  const warn = (m: string) => console.error(`brainbrowsr ${command}: warning: ${file}: ${m}`);
  const annotated = trialsOf(rec.annotations).length > 0;
  if (label !== undefined && annotated) warn(`has annotated trials; --label ${label} is ignored for it`);
  if (label !== undefined && !annotated && !targetLabels.includes(label)) {
    warn(`--label ${label} is not a target (${targetLabels.join(', ')}): its epochs count as no target`);
  }
  if (scored > 0) return;
  const seconds = rec.seconds;
  const why =
    offset !== undefined && offset >= seconds
      ? `--offset ${offset} s is beyond its ${seconds.toFixed(1)} s`
      : annotated
        ? 'no trial left a whole window inside the recording'
        : 'no annotated trials (give --label to score it as one trial)';
  warn(`nothing scored: ${why}`);
}

/**
 * A calibration recording read up to its last trial (and a little after):
 * only windows inside trials are used, so a long file costs no more than its
 * labelled part.
 */
export function calibrationRecording(path: string): Recording {
  const file = openRecordingFile(path);
  const end = Math.max(0, ...trialsOf(file.annotations).map((a) => a.onset + a.duration));
  return file.lazyRecording(end > 0 ? end + 2 : undefined);
}

/** Builds the pipeline profile from --profile, or --calibrate recordings, or defaults. */
export function profileFromArgs(args: ProfileArgs, first: Recording, defaultWindow: number): Profile {
  if (args.profile) {
    let text: string;
    try {
      text = readFileSync(args.profile, 'utf8');
    } catch {
      throw new UsageError(`--profile ${args.profile}: cannot read the file`);
    }
    const p = parseProfile(text, args.profile);
    if (p.signal.sampleRate !== first.sampleRate || p.signal.channelCount !== first.channels.length) {
      throw new UsageError(
        `--profile ${args.profile} is for ${p.signal.channelCount} channels at ${p.signal.sampleRate} Hz; the recording has ${first.channels.length} at ${first.sampleRate} Hz`,
      );
    }
    return p;
  }
  const calibrated = (args.calibrate?.length ?? 0) > 0;
  const opts = {
    method: parseMethod(args.method, calibrated),
    targets: parseTargets(args.targets),
    window: parseNumber('window', args.window, defaultWindow),
    step: parseNumber('step', args.step, 0.25),
    mains: parseMains(args.mains),
  };
  if (!calibrated) return defaultProfile(opts, first.sampleRate, first.channels.length);
  const inputs = args.calibrate!.map((path) => ({ recording: calibrationRecording(path), name: basename(path) }));
  try {
    return calibrate(inputs, opts);
  } catch (e) {
    // Calibration faults ("no 17Hz trials") are about the files: name them.
    const named = inputs.some((i) => (e as Error).message.includes(i.name));
    if (e instanceof RangeError && !named) throw new UsageError(`${args.calibrate!.join(', ')}: ${e.message}`);
    throw e;
  }
}
