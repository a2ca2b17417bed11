import { EegModel, type EegModelOptions } from '../sim/eeg-model';
import { encodeCytonPacket } from './cyton';
import { concatBytes } from './types';

/**
 * The simulated headset's wire: EEG from the model, encoded as Cyton packets,
 * so the real decoder runs in every demo and browser test. Faults can be
 * injected to exercise loss accounting and resynchronisation.
 */
export interface SimulatedCytonOptions extends Partial<EegModelOptions> {
  /** Probability that a packet is dropped (radio loss). */
  dropRate?: number;
  /** Probability that a few garbage bytes are inserted before a packet. */
  garbageRate?: number;
}

export class SimulatedCyton {
  readonly model: EegModel;
  private counter = 0;
  private readonly rand: () => number;
  private readonly dropRate: number;
  private readonly garbageRate: number;
  /** Packets dropped on purpose so far. */
  dropped = 0;

  constructor(options: SimulatedCytonOptions = {}) {
    this.model = new EegModel({ ...options, channels: 8, sampleRate: 250 });
    this.dropRate = options.dropRate ?? 0;
    this.garbageRate = options.garbageRate ?? 0;
    let seed = (options.seed ?? 1) * 7919 + 17;
    this.rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
  }

  /** The attended target frequency (Hz), or null when no target is looked at. */
  setAttended(frequency: number | null): void {
    this.model.setAttended(frequency);
  }

  /** Bytes for the next `samples` samples (250 per second). */
  read(samples: number): Uint8Array {
    const eeg = this.model.generate(samples);
    const parts: Uint8Array[] = [];
    const values = new Float64Array(8);
    for (let i = 0; i < samples; i++) {
      for (let c = 0; c < 8; c++) values[c] = eeg[c][i];
      const packet = encodeCytonPacket(this.counter, values);
      this.counter = (this.counter + 1) & 0xff;
      if (this.garbageRate > 0 && this.rand() < this.garbageRate) {
        parts.push(Uint8Array.from({ length: 1 + Math.floor(this.rand() * 40) }, () => Math.floor(this.rand() * 256)));
      }
      if (this.dropRate > 0 && this.rand() < this.dropRate) {
        this.dropped++;
        continue;
      }
      parts.push(packet);
    }
    return concatBytes(parts);
  }
}
