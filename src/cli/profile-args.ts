import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Recording } from '../core/recording/types';
import { calibrate } from '../core/ssvep/calibration';
import { defaultProfile } from '../core/ssvep/profile-defaults';
import { detectMains } from '../core/dsp/mains';
import { calibratedDefault } from '../core/ssvep/calibrated-default';
import { checkIn, type CheckInReport } from '../core/ssvep/check-in';
import { parseProfile, profileMismatch, type Profile } from '../core/ssvep/profile';
import { trainingFreeProfile } from '../core/ssvep/training-free';
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
  stream?: string;
}

export const PROFILE_OPTIONS = {
  targets: { type: 'string' },
  method: { type: 'string' },
  calibrate: { type: 'string', multiple: true },
  profile: { type: 'string' },
  mains: { type: 'string' },
  window: { type: 'string' },
  step: { type: 'string' },
  stream: { type: 'string' },
} as const;

export const PROFILE_HELP = `  --targets L=F,...  target labels and frequencies, e.g. 13Hz=13,17Hz=17,21Hz=21
  --method M      fbcca-z, cca, fbcca or fbcca-lda (default: the extension's detector:
                  training-free fbcca-z, or with --calibrate the personal fbcca-lda
                  where it cross-validates, else fbcca-z tuned by the calibration;
                  evaluate scores fixed epochs: fbcca, or fbcca-lda with --calibrate)
  --calibrate FILE  fit the user's profile on this labelled recording (repeatable)
  --profile P     a profile JSON from brainbrowsr calibrate or the extension (replaces the above;
                  refused for a recording with other electrodes)
  --window W      window length in seconds
  --step S        seconds between windows (default 0.25; cca, fbcca, fbcca-lda)
  --mains 50|60|0 mains frequency to notch out (0: none; default: detected from the recording)
  --stream NAME   XDF files: the stream to read (default: the one of type EEG)`;

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
export function calibrationRecording(path: string, stream?: string): Recording {
  const file = openRecordingFile(path, { stream });
  const end = Math.max(0, ...trialsOf(file.annotations).map((a) => a.onset + a.duration));
  return file.lazyRecording(end > 0 ? end + 2 : undefined);
}

/** What profileFromArgs built, and what a calibration said about the person. */
export interface BuiltProfile {
  profile: Profile;
  /** The check-in's verdict and advice, when a calibration ran for the default detector. */
  report?: CheckInReport;
  reason?: string;
}

/**
 * Builds the pipeline profile from --profile, or --calibrate recordings, or
 * defaults. `mainsSample`: some seconds of the recording to detect the mains
 * frequency from when `first` carries no samples (a streamed replay).
 */
export function profileFromArgs(
  args: ProfileArgs,
  first: Recording,
  defaultWindow: number,
  mainsSample?: ArrayLike<number>[],
  /** Fixed epochs (evaluate): the self-paced fbcca-z, which learns the rest level as it streams, does not apply. */
  epochs = false,
): BuiltProfile {
  const channelNames = first.channels.map((c) => c.label);
  if (args.profile) {
    let text: string;
    try {
      text = readFileSync(args.profile, 'utf8');
    } catch {
      throw new UsageError(`--profile ${args.profile}: cannot read the file`);
    }
    const p = parseProfile(text, args.profile);
    const why = profileMismatch(p, first.sampleRate, channelNames);
    if (why) throw new UsageError(`--profile ${args.profile} does not fit the recording: ${why}`);
    return { profile: p };
  }
  const calibrated = (args.calibrate?.length ?? 0) > 0;
  let method = parseMethod(args.method, calibrated);
  if (epochs) {
    if (method === 'fbcca-z') {
      throw new UsageError('--method fbcca-z learns the rest level as it streams: score it with brainbrowsr replay');
    }
    method ??= calibrated ? 'fbcca-lda' : 'fbcca';
  }
  const targets = parseTargets(args.targets);
  const fs = first.sampleRate;
  const sample = mainsSample ?? first.data.map((c) => c.subarray(0, Math.min(c.length, 10 * fs)));
  const mains = parseMains(args.mains) ?? (sample.length > 0 ? detectMains(sample, fs) : 50);
  const inputs = () =>
    args.calibrate!.map((path) => ({ recording: calibrationRecording(path, args.stream), name: basename(path) }));
  const named = <T>(fit: () => T): T => {
    try {
      return fit();
    } catch (e) {
      // Calibration faults ("no 17Hz trials") are about the files: name them.
      const isNamed = (args.calibrate ?? []).some((p) => (e as Error).message.includes(basename(p)));
      if (e instanceof RangeError && !isNamed) throw new UsageError(`${args.calibrate!.join(', ')}: ${e.message}`);
      throw e;
    }
  };
  if (method === undefined || method === 'fbcca-z') {
    const window = args.window !== undefined ? parseNumber('window', args.window) : undefined;
    const base = trainingFreeProfile(targets, fs, first.channels.length, mains, { window });
    base.channels = channelNames;
    if (!calibrated) return { profile: base };
    const recordings = inputs().map((i) => i.recording);
    if (method === 'fbcca-z') return named(() => ({ ...checkIn(recordings, base) }));
    return named(() => calibratedDefault(recordings, targets, mains));
  }
  const opts = {
    method,
    targets,
    window: parseNumber('window', args.window, defaultWindow),
    step: parseNumber('step', args.step, 0.25),
    mains,
  };
  if (!calibrated) return { profile: defaultProfile(opts, fs, first.channels.length) };
  return { profile: named(() => calibrate(inputs(), opts)) };
}
