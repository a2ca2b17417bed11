import type { Recording } from '../recording/types';
import { EegModel, type EegModelOptions } from './eeg-model';

/** One span of simulated gaze: a frequency in Hz, or null for "no target". */
export interface GazeSpan {
  frequency: number | null;
  start: number;
  end: number;
  label: string;
}

/** "12@0-10,idle@10-20,8.5@20-25" -> spans; labels are "12Hz" / "idle". */
export function parseGaze(text: string): GazeSpan[] {
  return text.split(',').map((part) => {
    const m = /^\s*(idle|rest|[0-9]*\.?[0-9]+)\s*@\s*([0-9]*\.?[0-9]+)\s*-\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (!m) throw new RangeError(`gaze "${part}" is not FREQ@START-END or idle@START-END`);
    const [start, end] = [Number(m[2]), Number(m[3])];
    if (!(end > start)) throw new RangeError(`gaze "${part}": end must be after start`);
    const idle = m[1] === 'idle' || m[1] === 'rest';
    const frequency = idle ? null : Number(m[1]);
    return { frequency, start, end, label: idle ? m[1] : `${m[1]}Hz` };
  });
}

const CHANNEL_NAMES = [
  'O1',
  'Oz',
  'O2',
  'POz',
  'PO3',
  'PO4',
  'PO7',
  'PO8',
  'Pz',
  'P3',
  'P4',
  'Cz',
  'C3',
  'C4',
  'Fz',
  'Fp1',
];

export function simulatedChannelNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => CHANNEL_NAMES[i] ?? `ch${i + 1}`);
}

/** A whole simulated recording with one annotation per gaze span. */
export function simulateRecording(
  duration: number,
  gaze: GazeSpan[],
  options: Partial<EegModelOptions> = {},
): Recording {
  const model = new EegModel({ channels: 8, sampleRate: 250, ...options });
  const fs = model.sampleRate;
  const total = Math.round(duration * fs);
  const data = Array.from({ length: model.channels }, () => new Float32Array(total));
  const block = Math.max(1, Math.round(fs / 25));
  for (let i = 0; i < total; i += block) {
    const t = i / fs;
    const span = gaze.find((g) => t >= g.start && t < g.end);
    model.setAttended(span?.frequency ?? null);
    const chunk = model.generate(Math.min(block, total - i));
    chunk.forEach((c, ch) => data[ch].set(c, i));
  }
  return {
    channels: simulatedChannelNames(model.channels).map((label) => ({ label, unit: 'uV' })),
    sampleRate: fs,
    data,
    annotations: gaze
      .filter((g) => g.start < duration)
      .map((g) => ({ onset: g.start, duration: g.end - g.start, label: g.label })),
    description: 'brainbrowsr simulated headset',
  };
}
