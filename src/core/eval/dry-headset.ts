import { resample } from '../dsp/resample';
import type { Recording } from '../recording/types';
import { gaussian, mulberry32 } from '../sim/eeg-model';

/**
 * The few-channel condition of docs/evaluation.md: what a lab recording
 * would look like on a cheap dry headset. Keeps only the named channels
 * (Oz, O1, O2), resamples to the headset's rate, and adds what dry
 * electrodes add: broadband noise at `noiseRatio` x the channel's own
 * robust amplitude, slow electrode drift, and mains hum at 50 Hz and its
 * harmonic (tens of microvolts on an unshielded lead). Seeded: the same
 * recording always degrades the same way.
 */
export interface DryHeadsetOptions {
  channels: string[];
  sampleRate: number;
  noiseRatio: number;
  mainsAmplitude: number;
  mains: 50 | 60;
  seed: number;
}

export const DRY_HEADSET: DryHeadsetOptions = {
  channels: ['Oz', 'O1', 'O2'],
  sampleRate: 250,
  noiseRatio: 0.5,
  mainsAmplitude: 20,
  mains: 50,
  seed: 7,
};

/** Median absolute sample-to-sample deviation-based amplitude: robust to artefacts. */
function robustAmplitude(x: Float32Array): number {
  const d: number[] = [];
  for (let i = 1; i < x.length; i += 7) d.push(Math.abs(x[i] - x[i - 1]));
  d.sort((a, b) => a - b);
  return (d[Math.floor(d.length / 2)] ?? 0) / Math.SQRT2 / 0.6745;
}

export function asDryHeadset(rec: Recording, opts: DryHeadsetOptions = DRY_HEADSET): Recording {
  const picks = opts.channels.map((name) => {
    const i = rec.channels.findIndex((c) => c.label.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new RangeError(`channel ${name} is not in the recording`);
    return i;
  });
  const rand = mulberry32(opts.seed);
  const normal = gaussian(rand);
  const data = picks.map((i, c) => {
    const x = resample(rec.data[i], rec.sampleRate, opts.sampleRate);
    const level = opts.noiseRatio * robustAmplitude(x);
    const phase = 2 * Math.PI * rand();
    let drift = 0;
    for (let n = 0; n < x.length; n++) {
      const t = n / opts.sampleRate;
      drift = 0.999 * drift + 0.5 * level * normal();
      const hum =
        opts.mainsAmplitude * (1 + 0.2 * c) * Math.sin(2 * Math.PI * opts.mains * t + phase) +
        0.3 * opts.mainsAmplitude * Math.sin(4 * Math.PI * opts.mains * t + phase);
      x[n] += level * normal() + drift + hum;
    }
    return x;
  });
  return {
    ...rec,
    channels: picks.map((i) => rec.channels[i]),
    sampleRate: opts.sampleRate,
    data,
  };
}
