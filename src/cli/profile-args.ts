import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Recording } from '../core/recording/types';
import { calibrate, defaultProfile } from '../core/ssvep/calibration';
import { parseProfile, type Profile } from '../core/ssvep/profile';
import { loadRecording } from '../node/files';
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

/** Checks the options before any file is read, so a typo is reported as such. */
export function checkProfileArgs(args: ProfileArgs): void {
  if (args.profile) return;
  parseTargets(args.targets);
  parseMethod(args.method, (args.calibrate?.length ?? 0) > 0);
  parseMains(args.mains);
  if (args.window !== undefined) parseNumber('window', args.window);
  if (args.step !== undefined) parseNumber('step', args.step);
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
  const inputs = args.calibrate!.map((path) => ({ recording: loadRecording(path), name: basename(path) }));
  return calibrate(inputs, opts);
}
