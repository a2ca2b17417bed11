import { JumpCheck, type Placement } from './jump-check';
import { BlockBuilder, ByteQueue, type DecodeResult, type Decoder } from './types';

/**
 * OpenBCI Cyton (8 ch, 250 Hz) and Cyton + Daisy (16 ch, 125 Hz) over the
 * USB dongle. 33-byte packets: 0xA0 | sample number | 8 x int24 big-endian |
 * 6 aux bytes | footer 0xC0-0xC6. A packet counts only when its footer is
 * where it should be; otherwise one byte is skipped and the search goes on,
 * so garbage and cut packets are dropped, never half-decoded.
 */
export const CYTON_PACKET = 33;
export const CYTON_RATE = 250;
/** Microvolts per count at gain 24: 4.5 V / 24 / (2^23 - 1). */
export const CYTON_UV_PER_COUNT = (4.5 / 24 / (2 ** 23 - 1)) * 1e6;
/** g per accelerometer count. */
export const CYTON_ACCEL_G = 0.002 / 16;

/**
 * Missing packets believed from the 8-bit sample number (a fifth of a
 * second). The dongle loses packets in short bursts; an outage longer than
 * the counter's 1.02 s period cannot be measured from it anyway, and one
 * flipped counter bit would otherwise count up to 255 lost.
 */
export const CYTON_MAX_GAP = 50;

export function cytonScale(gain: number): number {
  return (4.5 / gain / (2 ** 23 - 1)) * 1e6;
}

export function int24be(b: Uint8Array, o: number): number {
  const v = (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];
  return v & 0x800000 ? v - 0x1000000 : v;
}

export class CytonDecoder implements Decoder {
  readonly channelCount: number;
  readonly sampleRate: number;
  private readonly queue = new ByteQueue();
  /** Packets by sample number, a jump checked against the next packet before it counts as loss. */
  private readonly order = new JumpCheck<CytonPacket>(CYTON_MAX_GAP, 256);
  private readonly scale: number[];
  private sampleIndex = 0;
  /** Main-board half of a Daisy pair, waiting for its Daisy packet. */
  private pendingMain?: { values: number[]; counter: number };
  /** Last non-zero accelerometer reading (it updates at 25 Hz; other packets carry zeros). */
  readonly accel = [0, 0, 0];

  constructor(
    readonly daisy = false,
    gains: number[] = [],
  ) {
    this.channelCount = daisy ? 16 : 8;
    this.sampleRate = daisy ? CYTON_RATE / 2 : CYTON_RATE;
    this.scale = Array.from({ length: this.channelCount }, (_, i) => cytonScale(gains[i] ?? 24));
  }

  get buffered(): number {
    return this.queue.bytes.length + (this.pendingMain ? CYTON_PACKET : 0) + (this.order.holding ? CYTON_PACKET : 0);
  }

  /** A channel's gain changed (an `x` command was sent). */
  setGain(channel: number, gain: number): void {
    this.scale[channel] = cytonScale(gain);
  }

  push(bytes: Uint8Array): DecodeResult {
    this.queue.append(bytes);
    const result: Tally = { out: new BlockBuilder(this.channelCount), lost: 0, skipped: 0, resyncs: 0 };
    const b = this.queue.bytes;
    let i = 0;
    while (b.length - i >= CYTON_PACKET) {
      const footer = b[i + 32];
      if (b[i] !== 0xa0 || footer < 0xc0 || footer > 0xc6) {
        i++;
        result.skipped++;
        continue;
      }
      const counter = b[i + 1];
      const values: number[] = [];
      for (let c = 0; c < 8; c++) values.push(int24be(b, i + 2 + 3 * c));
      // Footer C0: aux = accelerometer X, Y, Z (C3/C4 carry one pair and a time stamp).
      if (footer === 0xc0) {
        for (let k = 0; k < 3; k++) {
          const raw = (b[i + 26 + 2 * k] << 8) | b[i + 27 + 2 * k];
          const v = raw & 0x8000 ? raw - 0x10000 : raw;
          if (v !== 0) this.accel[k] = v * CYTON_ACCEL_G;
        }
      }
      i += CYTON_PACKET;
      for (const p of this.order.push(counter, 1, { values, counter })) this.place(p, result);
    }
    this.queue.consume(i);
    return { block: result.out.build(), lost: result.lost, skipped: result.skipped, resyncs: result.resyncs };
  }

  /** The stream ended: a packet held for its neighbour is placed by its own counter. */
  end(): DecodeResult {
    const result: Tally = { out: new BlockBuilder(this.channelCount), lost: 0, skipped: 0, resyncs: 0 };
    for (const p of this.order.end()) this.place(p, result);
    return { block: result.out.build(), lost: result.lost, skipped: result.skipped, resyncs: result.resyncs };
  }

  private place({ item: { values, counter }, gap: missing, resync }: Placement<CytonPacket>, r: Tally): void {
    if (resync) r.resyncs++;
    if (!this.daisy) {
      r.lost += missing;
      this.sampleIndex += missing;
      r.out.add(
        values.map((v, c) => v * this.scale[c]),
        this.sampleIndex / this.sampleRate,
        counter,
      );
      this.sampleIndex++;
      return;
    }
    // Daisy: odd sample numbers carry the main board, even ones the Daisy;
    // an odd packet and the even one after it make one 16-channel sample.
    if (missing > 0) {
      // Pairs touched by the gap are gone: count 16-channel samples lost.
      const pairsLost = Math.ceil((missing + (this.pendingMain ? 1 : 0)) / 2);
      r.lost += pairsLost;
      this.sampleIndex += pairsLost;
      this.pendingMain = undefined;
    }
    if (counter % 2 === 1) {
      if (this.pendingMain) {
        r.lost++;
        this.sampleIndex++;
      }
      this.pendingMain = { values, counter };
    } else if (this.pendingMain) {
      const all = [...this.pendingMain.values, ...values].map((v, c) => v * this.scale[c]);
      r.out.add(all, this.sampleIndex / this.sampleRate, this.pendingMain.counter);
      this.sampleIndex++;
      this.pendingMain = undefined;
    }
    // An even packet without its main half (stream start) is unusable.
  }
}

interface CytonPacket {
  values: number[];
  counter: number;
}

interface Tally {
  out: BlockBuilder;
  lost: number;
  skipped: number;
  resyncs: number;
}

/** Encodes microvolt samples as Cyton packets (the simulated headset and tests use it). */
export function encodeCytonPacket(
  counter: number,
  microvolts: ArrayLike<number>,
  accel?: [number, number, number],
): Uint8Array {
  const p = new Uint8Array(CYTON_PACKET);
  p[0] = 0xa0;
  p[1] = counter & 0xff;
  for (let c = 0; c < 8; c++) {
    let v = Math.round((microvolts[c] ?? 0) / CYTON_UV_PER_COUNT);
    v = Math.max(-0x800000, Math.min(0x7fffff, v));
    const u = v < 0 ? v + 0x1000000 : v;
    p[2 + 3 * c] = (u >> 16) & 0xff;
    p[3 + 3 * c] = (u >> 8) & 0xff;
    p[4 + 3 * c] = u & 0xff;
  }
  if (accel) {
    for (let k = 0; k < 3; k++) {
      const v = Math.max(-32768, Math.min(32767, Math.round(accel[k] / CYTON_ACCEL_G)));
      const u = v < 0 ? v + 0x10000 : v;
      p[26 + 2 * k] = u >> 8;
      p[27 + 2 * k] = u & 0xff;
    }
  }
  p[32] = 0xc0;
  return p;
}

/** ASCII commands of the Cyton SDK used by the transports. */
export const CYTON_COMMANDS = {
  reset: 'v',
  defaults: 'd',
  start: 'b',
  stop: 's',
  daisyOn: 'C',
  daisyOff: 'c',
  rate250: '~6',
} as const;
