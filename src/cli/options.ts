import type { MethodName, Target } from '../core/ssvep/config';
import { UsageError } from './errors';

const METHODS: MethodName[] = ['fbcca-z', 'cca', 'fbcca', 'fbcca-lda'];

/** "13Hz=13,17Hz=17" -> targets. */
export function parseTargets(text: string | undefined): Target[] {
  if (!text) throw new UsageError('--targets is required, e.g. --targets 13Hz=13,17Hz=17,21Hz=21');
  return text.split(',').map((part) => {
    const m = /^([^=]+)=([0-9]*\.?[0-9]+)$/.exec(part.trim());
    if (!m) throw new UsageError(`--targets: "${part}" is not LABEL=FREQUENCY`);
    return { label: m[1], frequency: Number(m[2]) };
  });
}

export function parseNumber(name: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const v = Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`--${name}: "${text}" is not a number`);
  return v;
}

/** undefined: the default detector (training-free, or what calibration chooses). */
export function parseMethod(text: string | undefined, calibrated: boolean): MethodName | undefined {
  if (text === undefined) return undefined;
  const m = text as MethodName;
  if (!METHODS.includes(m)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}`);
  if (m === 'fbcca-lda' && !calibrated)
    throw new UsageError('--method fbcca-lda needs --calibrate FILE (a recording with rest trials) or --profile');
  return m;
}

/** undefined: detect it from the recording. */
export function parseMains(text: string | undefined): 0 | 50 | 60 | undefined {
  if (text === undefined) return undefined;
  if (text === '50' || text === '60' || text === '0') return Number(text) as 0 | 50 | 60;
  throw new UsageError(`--mains must be 50, 60 or 0 (off), not "${text}"`);
}
