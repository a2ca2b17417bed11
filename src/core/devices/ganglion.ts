import { readBits, writeBits } from './bits';
import { BlockBuilder, type DecodeResult, type Decoder, emptyBlock } from './types';

/**
 * OpenBCI Ganglion (4 ch, 200 Hz) over BLE: one 20-byte notification = id
 * byte + 19 data bytes.
 * Firmware 2 sends rounds of 201 samples: id 0 = raw 4 x int24 big-endian
 * (the round's first sample, seeds the decoder), then 100 packets of two
 * samples' deltas: ids 1-100 with 18 bits (byte 19 is accelerometer) or
 * 101-200 with 19 bits; sample = previous - delta; in the 18/19-bit numbers
 * the sign sits in the least significant bit.
 * Firmware 3: no deltas and no raw packet: each value is the 24-bit sample
 * shifted right by 6 (ids 0-99) or 5 (100-199) with the sign in bit 0.
 * Its rounds are still 201 samples, of which the board sends 200 (see
 * FW3_ROUND_SAMPLES).
 */
export const GANGLION_RATE = 200;
export const GANGLION_UV_PER_COUNT = (1.2 / (8388607 * 1.5 * 51)) * 1e6;
export const GANGLION_SERVICE = 0xfe84;
export const GANGLION_NOTIFY = '2d30c082-f39f-4ce6-923f-3484ea480596';
export const GANGLION_WRITE = '2d30c083-f39f-4ce6-923f-3484ea480596';
/** Device Information service and its Software Revision String: "3…" on firmware 3, "2…" (or nothing) before. */
export const DEVICE_INFORMATION = 0x180a;
export const SOFTWARE_REVISION = 0x2a28;

/** The firmware to decode for a Software Revision String: 3 when it says 3.x, else 2 (older boards may not say). */
export function ganglionFirmware(revision: string | undefined): 2 | 3 {
  return /^\s*v?3(\.|$|\s)/i.test(revision ?? '') ? 3 : 2;
}

/**
 * Firmware 3 (OpenBCI_Ganglion_Library 3.0.x, processData): the board's
 * sample counter runs 0-200 and the notification ids (its ring level, + 100
 * with 19 bits) 0-99, one per odd sample: sample 200 is packed but never
 * sent, as the counter and the ids restart first. So between id 99 and id 0
 * one sample is missing, every round.
 */
const FW3_ROUND_SAMPLES = 201;
/**
 * Firmware 3's first notification after the start command: the ring level
 * starts at 0xFF, so it is numbered 255 (18 bits) or 99 (19 bits: 355 as a
 * byte, though its values are 19-bit) and that round's ids run one behind.
 */
const FW3_START_IDS = [255, 99];

/** Firmware 2: delta packets per round, each after the round's raw packet. */
const ROUND_PACKETS = 100;
/** Firmware 2: samples per round (the raw one, then two per delta packet). */
export const GANGLION_ROUND_SAMPLES = 1 + 2 * ROUND_PACKETS;
const INT24_MAX = 0x7fffff;
/** The raw packet's unused bytes, as the board fills them. */
const RAW_PADDING = Array.from('ABCDEFG', (c) => c.charCodeAt(0));

/** An n-bit number whose sign is carried by its least significant bit. */
export function lsbSigned(raw: number, bits: number): number {
  return raw & 1 ? raw - 2 ** bits : raw;
}

/** A firmware 2 notification's first sample number in its round (0 raw; a delta packet's place p carries 2p - 1 and 2p). */
const firstSample = (id: number) => (id === 0 ? 0 : 2 * (id > ROUND_PACKETS ? id - ROUND_PACKETS : id) - 1);
/** Its last sample number in its round. */
const lastSample = (id: number) => (id === 0 ? 0 : firstSample(id) + 1);

/**
 * Samples the board sent between firmware 2 notifications `prev` and `next`
 * (ids 0-200), assuming less than a round went missing: ids repeat every
 * round, so nothing tells a longer gap.
 */
function missedBetween(prev: number, next: number): number {
  const after = lastSample(prev);
  const at = firstSample(next);
  return at > after ? at - after - 1 : GANGLION_ROUND_SAMPLES - 1 - after + at;
}

/**
 * Firmware 2 notifications for 4 channels of microvolts (channel-major), as
 * the board sends them: rounds of a raw packet (padded with the letters
 * A-G) and 100 delta packets, 18-bit (ids 1-100, the accelerometer byte
 * left 0) or 19-bit (ids 101-200). Like the board, each delta is taken from
 * the previous ADC count, not from what the receiver rebuilt: the sign
 * replaces the least significant bit, so the receiver's value drifts by up
 * to a count per sample until the next raw packet (at most 200 counts,
 * 0.37 uV). Values saturate at the ADC's 24-bit range; a delta beyond the
 * field wraps, as on the board. A last sample without its pair is not sent.
 */
export function encodeGanglion(channels: ArrayLike<number>[], deltaBits: 18 | 19 = 18): Uint8Array[] {
  if (channels.length !== 4) throw new Error(`a Ganglion sends 4 channels, not ${channels.length}`);
  const counts = (i: number) =>
    channels.map((c) => Math.max(-INT24_MAX - 1, Math.min(INT24_MAX, Math.round(c[i] / GANGLION_UV_PER_COUNT))));
  const mask = 2 ** deltaBits - 1;
  const total = channels[0].length;
  const packets: Uint8Array[] = [];
  let previous: number[] = [];
  for (let round = 0; round * GANGLION_ROUND_SAMPLES < total; round++) {
    const start = round * GANGLION_ROUND_SAMPLES;
    previous = counts(start);
    const raw = new Uint8Array(20);
    previous.forEach((v, c) => raw.set([(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff], 1 + 3 * c));
    raw.set(RAW_PADDING, 13);
    packets.push(raw);
    for (let place = 1; place <= ROUND_PACKETS && start + 2 * place < total; place++) {
      const p = new Uint8Array(20);
      p[0] = deltaBits === 18 ? place : place + ROUND_PACKETS;
      for (let k = 0; k < 2; k++) {
        const now = counts(start + 2 * place - 1 + k);
        for (let c = 0; c < 4; c++) {
          const delta = previous[c] - now[c];
          writeBits(p.subarray(1), (k * 4 + c) * deltaBits, deltaBits, ((delta & ~1) | (delta < 0 ? 1 : 0)) & mask);
        }
        previous = now;
      }
      packets.push(p);
    }
  }
  return packets;
}

/**
 * Firmware 3 notifications for 4 channels of microvolts (channel-major): two
 * samples each, every value its 24-bit count shifted right by 6 (18-bit,
 * ids 0-99) or 5 (19-bit, ids 100-199) with its sign in bit 0, as the board
 * sends them: in rounds of 201 samples whose last one is not sent
 * (FW3_ROUND_SAMPLES), and not the start notification (FW3_START_IDS).
 */
export function encodeGanglionFw3(channels: ArrayLike<number>[], bits: 18 | 19 = 18): Uint8Array[] {
  if (channels.length !== 4) throw new Error(`a Ganglion sends 4 channels, not ${channels.length}`);
  const shift = 24 - bits;
  const mask = 2 ** bits - 1;
  const count = (c: number, i: number) =>
    Math.max(-INT24_MAX - 1, Math.min(INT24_MAX, Math.round(channels[c][i] / GANGLION_UV_PER_COUNT)));
  const packets: Uint8Array[] = [];
  for (let start = 0; start < channels[0].length; start += FW3_ROUND_SAMPLES) {
    for (let k = 0, i = start; k < 100 && i + 1 < channels[0].length; k++, i += 2) {
      const p = new Uint8Array(20);
      p[0] = (bits === 18 ? 0 : 100) + k;
      for (let s = 0; s < 2; s++) {
        for (let c = 0; c < 4; c++) {
          const v = count(c, i + s) >> shift;
          writeBits(p.subarray(1), (s * 4 + c) * bits, bits, ((v & ~1) | (v < 0 ? 1 : 0)) & mask);
        }
      }
      packets.push(p);
    }
  }
  return packets;
}

/** One 20-byte notification per push. */
export class GanglionDecoder implements Decoder {
  readonly channelCount = 4;
  readonly sampleRate = GANGLION_RATE;
  /** Each notification is decoded whole or dropped: nothing is held. */
  readonly buffered = 0;
  private last: number[] | undefined;
  private lastId: number | undefined;
  private sampleIndex = 0;
  /** Firmware 3: the start notification seen (its id), until the next one tells whether it was. */
  private started: number | undefined;
  /** Firmware 3: 2 while the ids of the round after a start notification run one behind (its samples 2k + 2, 2k + 3). */
  private roundOffset = 0;

  constructor(readonly firmware: 2 | 3 = 2) {}

  push(packet: Uint8Array): DecodeResult {
    const out = new BlockBuilder(4);
    if (packet.length !== 20) return { block: emptyBlock(4), lost: 0, skipped: packet.length, resyncs: 0 };
    const id = packet[0];
    const data = packet.subarray(1);
    let lost = 0;
    if (this.firmware === 3) {
      // The start notification's values may be 19-bit under an 18-bit id: not decoded (nothing comes before it).
      if (this.lastId === undefined && this.started === undefined && FW3_START_IDS.includes(id)) {
        this.started = id;
        return { block: emptyBlock(4), lost: 0, skipped: 0, resyncs: 0 };
      }
      if (id > 199) return { block: emptyBlock(4), lost: 0, skipped: 0, resyncs: 0 };
      if (this.started !== undefined) {
        // It was one if the ids go on from it as the board's do (255 then 0, or 99 then 100).
        this.roundOffset = (this.started + 1) % 256 === id ? 2 : 0;
        this.started = undefined;
      }
      const bits = id < 100 ? 18 : 19;
      lost = this.gapFw3(id);
      this.sampleIndex += lost;
      for (let s = 0; s < 2; s++) {
        const values: number[] = [];
        for (let c = 0; c < 4; c++) {
          const v = lsbSigned(readBits(data, (s * 4 + c) * bits, bits), bits) * 2 ** (24 - bits);
          values.push(v * GANGLION_UV_PER_COUNT);
        }
        this.emit(out, values, id);
      }
      return { block: out.build(), lost, skipped: 0, resyncs: 0 };
    }
    if (id > 2 * ROUND_PACKETS) return { block: emptyBlock(4), lost: 0, skipped: 0, resyncs: 0 }; // impedance, ASCII messages
    const prev = this.lastId;
    // Samples sent since the last notification and never received. Once the
    // chain is broken the ids are not trusted (a damaged notification could
    // carry any): until the next raw packet, each notification counts its own.
    const missed = prev === undefined || (this.last === undefined && id !== 0) ? 0 : missedBetween(prev, id);
    this.lastId = id;
    if (id === 0) {
      const values: number[] = [];
      for (let c = 0; c < 4; c++) {
        const o = 3 * c;
        let v = (data[o] << 16) | (data[o + 1] << 8) | data[o + 2];
        if (v & 0x800000) v -= 0x1000000;
        values.push(v);
      }
      this.sampleIndex += missed;
      this.last = values;
      this.emit(
        out,
        values.map((v) => v * GANGLION_UV_PER_COUNT),
        id,
      );
      return { block: out.build(), lost: missed, skipped: 0, resyncs: 0 };
    }
    const bits = id <= ROUND_PACKETS ? 18 : 19;
    if (this.last === undefined || missed > 0) {
      // Deltas need an unbroken chain back to a raw packet: this one's samples are lost too, until the next raw one.
      lost = missed + 2;
      this.sampleIndex += lost;
      this.last = undefined;
      return { block: out.build(), lost, skipped: 0, resyncs: 0 };
    }
    for (let s = 0; s < 2; s++) {
      const values: number[] = [];
      for (let c = 0; c < 4; c++) {
        const delta = lsbSigned(readBits(data, (s * 4 + c) * bits, bits), bits);
        this.last[c] = this.last[c] - delta;
        values.push(this.last[c] * GANGLION_UV_PER_COUNT);
      }
      this.emit(out, values, id);
    }
    return { block: out.build(), lost, skipped: 0, resyncs: 0 };
  }

  /**
   * Samples missed before firmware 3 notification `id`. Its place in the
   * round is id % 100 with either packing (the board's ring level, which a
   * change of packing does not reset); from 99 to 0 a round ends, and its
   * sample 200, never sent, is missing too (FW3_ROUND_SAMPLES). Less than a
   * round is assumed missing: nothing tells a longer gap.
   */
  private gapFw3(id: number): number {
    const prev = this.lastId;
    this.lastId = id;
    if (prev === undefined || prev % 100 === id % 100) return 0;
    const after = 2 * (prev % 100) + 1 + this.roundOffset;
    const at = 2 * (id % 100);
    if (id % 100 > prev % 100) return at + this.roundOffset - after - 1;
    this.roundOffset = 0;
    return FW3_ROUND_SAMPLES - 1 - after + at;
  }

  private emit(out: BlockBuilder, values: number[], id: number): void {
    out.add(values, this.sampleIndex / GANGLION_RATE, id);
    this.sampleIndex++;
  }
}
