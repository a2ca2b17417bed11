import { type Annotation, lostLabel, type Recording } from '../recording/types';
import type { SampleBlock } from './types';

/**
 * Collects decoded blocks into a recording on the device's time base: each
 * sample goes to round((t - t0) x rate); samples lost on the wire are filled
 * by holding the last value and marked with a `lost N` annotation, so trial
 * times stay right and the gap stays visible.
 */
export class RecordingAssembler {
  private readonly data: number[][];
  private t0: number | undefined;
  private readonly annotations: Annotation[] = [];
  lost = 0;

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
      this.t0 ??= t;
      const pos = Math.round((t - this.t0) * this.sampleRate);
      const len = this.length;
      if (pos < len) continue; // a repeated or out-of-order sample
      if (pos > len) {
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
