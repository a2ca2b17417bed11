import { CounterGap, MAX_GAP_SECONDS } from './counter';
import { BlockBuilder, type DecodeResult, type Decoder, emptyBlock } from './types';

/**
 * Muse 2016 / Muse 2 / Muse S over BLE: one characteristic per electrode.
 * A 20-byte notification = uint16 big-endian packet index + 12 samples of
 * 12 bits (per 3 bytes b0 b1 b2: A = b0 << 4 | b1 >> 4, B = (b1 & 0xF) << 8 | b2);
 * microvolts = 0.48828125 x (n - 0x800); 256 Hz. Samples of one index from
 * every electrode form 12 multi-channel samples.
 */
export const MUSE_RATE = 256;
export const MUSE_SERVICE = 0xfe8d;
export const MUSE_CONTROL = '273e0001-4c4d-454d-96be-f03bac821358';
export const MUSE_CHANNELS = [
  { name: 'TP9', uuid: '273e0003-4c4d-454d-96be-f03bac821358' },
  { name: 'AF7', uuid: '273e0004-4c4d-454d-96be-f03bac821358' },
  { name: 'AF8', uuid: '273e0005-4c4d-454d-96be-f03bac821358' },
  { name: 'TP10', uuid: '273e0006-4c4d-454d-96be-f03bac821358' },
  { name: 'AUX', uuid: '273e0007-4c4d-454d-96be-f03bac821358' },
];

export function decodeMuse12(packet: Uint8Array): { index: number; samples: number[] } | undefined {
  if (packet.length !== 20) return undefined;
  const index = (packet[0] << 8) | packet[1];
  const samples: number[] = [];
  for (let o = 2; o < 20; o += 3) {
    const [b0, b1, b2] = [packet[o], packet[o + 1], packet[o + 2]];
    samples.push((b0 << 4) | (b1 >> 4), ((b1 & 0xf) << 8) | b2);
  }
  return { index, samples: samples.map((n) => 0.48828125 * (n - 0x800)) };
}

/** Encodes 12 values in microvolts as a Muse EEG notification. */
export function encodeMuse12(index: number, microvolts: number[]): Uint8Array {
  const p = new Uint8Array(20);
  p[0] = (index >> 8) & 0xff;
  p[1] = index & 0xff;
  const n = microvolts.map((uv) => Math.max(0, Math.min(4095, Math.round(uv / 0.48828125 + 0x800))));
  for (let k = 0; k < 6; k++) {
    const a = n[2 * k];
    const b = n[2 * k + 1];
    p[2 + 3 * k] = a >> 4;
    p[3 + 3 * k] = ((a & 0xf) << 4) | (b >> 8);
    p[4 + 3 * k] = b & 0xff;
  }
  return p;
}

/** Packet indexes waiting for their other electrodes; older ones are given up (counted by the gap). */
const MAX_PENDING = 16;

/** Bytes of a notification as the decoder takes it: the electrode's index, then the 20 bytes. */
export const MUSE_TAGGED_BYTES = 21;

/**
 * One notification per push, after a byte giving its electrode's index in
 * MUSE_CHANNELS (the electrodes send on separate characteristics).
 */
export class MuseDecoder implements Decoder {
  readonly sampleRate = MUSE_RATE;
  private readonly pending = new Map<number, (number[] | undefined)[]>();
  private readonly gap = new CounterGap(0x10000, Math.ceil((MAX_GAP_SECONDS * MUSE_RATE) / 12));
  private sampleIndex = 0;

  constructor(readonly channelCount = 4) {}

  /** Bytes of the notifications waiting for the other electrodes of their index (unusable if the stream ends here). */
  get buffered(): number {
    let n = 0;
    for (const slot of this.pending.values()) for (const s of slot) if (s) n++;
    return n * MUSE_TAGGED_BYTES;
  }

  /** One notification after its electrode's index byte. */
  push(tagged: Uint8Array): DecodeResult {
    if (tagged.length === 0) return { block: emptyBlock(this.channelCount), lost: 0, skipped: 0, resyncs: 0 };
    return this.pushElectrode(tagged[0], tagged.subarray(1));
  }

  /** One notification from electrode `channel` (index into MUSE_CHANNELS). */
  pushElectrode(channel: number, packet: Uint8Array): DecodeResult {
    const decoded = decodeMuse12(packet);
    if (!decoded || channel < 0 || channel >= this.channelCount) {
      return { block: emptyBlock(this.channelCount), lost: 0, skipped: packet.length, resyncs: 0 };
    }
    let slot = this.pending.get(decoded.index);
    if (!slot) {
      // Corrupted indexes never complete: keep memory bounded whatever arrives.
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
      slot = new Array<number[] | undefined>(this.channelCount).fill(undefined);
      this.pending.set(decoded.index, slot);
    }
    slot[channel] = decoded.samples;
    const out = new BlockBuilder(this.channelCount);
    let lost = 0;
    if (slot.every((s) => s !== undefined)) {
      this.pending.delete(decoded.index);
      const missing = this.gap.next(decoded.index);
      lost = 12 * missing;
      this.sampleIndex += lost;
      for (let k = 0; k < 12; k++) {
        out.add(
          slot.map((s) => s[k]),
          this.sampleIndex / MUSE_RATE,
          decoded.index,
        );
        this.sampleIndex++;
      }
      // Indexes older than this one will never complete: drop them.
      for (const key of this.pending.keys()) {
        if ((decoded.index - key + 0x10000) % 0x10000 < 0x8000) this.pending.delete(key);
      }
    }
    return { block: out.build(), lost, skipped: 0, resyncs: this.gap.takeResyncs() };
  }
}

/** Muse control commands: a length byte, the ASCII command, newline. */
export function museCommand(cmd: string): Uint8Array {
  const text = new TextEncoder().encode(cmd + '\n');
  const out = new Uint8Array(text.length + 1);
  out[0] = text.length;
  out.set(text, 1);
  return out;
}
