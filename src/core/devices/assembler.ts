import { type Annotation, lostLabel, type Recording } from '../recording/types';
import type { SampleBlock } from './types';

/** Marks where a stream's counter or clock jumped and the time line was resumed without filling. */
export const RESYNC_LABEL = 'resync';

/**
 * Collects decoded blocks into a recording on the device's time base: each
 * sample goes to round((t - t0) x rate); samples lost on the wire are filled
 * by holding the last value and marked with a `lost N` annotation, so trial
 * times stay right and the gap stays visible. A sample that would land on
 * one already placed (a time line that went back) is never dropped: the
 * time line is re-anchored there and the jump marked `resync`.
 */
export class RecordingAssembler {
  private readonly data: number[][];
  /** Decoder time lines start at 0, so samples lost before the first one are filled too. */
  private t0 = 0;
  private readonly annotations: Annotation[] = [];
  lost = 0;
  resyncs = 0;

  constructor(
    readonly channelNames: string[],
    readonly sampleRate: number,
  ) {
    this.data = channelNames.map(() => []);
  }

  get length(): number {
    return this.data[0]?.length ?? 0;
  }

  add(block: SampleBlock): void {
    const n = block.timestamps.length;
    for (let i = 0; i < n; i++) {
      const t = block.timestamps[i];
      const pos = Math.round((t - this.t0) * this.sampleRate);
      const len = this.length;
      if (pos < len) {
        this.t0 = t - len / this.sampleRate;
        this.mark(RESYNC_LABEL);
      } else if (pos > len) {
        const gap = pos - len;
        this.lost += gap;
        this.annotations.push({ onset: len / this.sampleRate, duration: gap / this.sampleRate, label: lostLabel(gap) });
        for (const ch of this.data) {
          const hold = ch.length > 0 ? ch[ch.length - 1] : 0;
          for (let k = 0; k < gap; k++) ch.push(hold);
        }
      }
      for (let c = 0; c < this.data.length; c++) this.data[c].push(block.data[c]?.[i] ?? 0);
    }
  }

  /** A zero-length marker at the current end (e.g. where the decoder resynchronised). */
  mark(label: string): void {
    if (label === RESYNC_LABEL) this.resyncs++;
    this.annotations.push({ onset: this.length / this.sampleRate, duration: 0, label });
  }

  /** An annotation at `time` on the decoder's time line (not before the start). */
  note(time: number, label: string): void {
    const onset = Math.max(0, Math.round((time - this.t0) * this.sampleRate)) / this.sampleRate;
    this.annotations.push({ onset, duration: 0, label });
  }

  toRecording(extra: Annotation[] = [], description = 'brainbrowsr capture'): Recording {
    return {
      channels: this.channelNames.map((label) => ({ label, unit: 'uV' })),
      sampleRate: this.sampleRate,
      data: this.data.map((c) => Float32Array.from(c)),
      annotations: [...extra, ...this.annotations].sort((a, b) => a.onset - b.onset),
      description,
    };
  }
}
