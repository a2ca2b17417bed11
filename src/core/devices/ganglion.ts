import { readBits } from './bits';
import { BlockBuilder, type DecodeResult, type Decoder, emptyBlock } from './types';

/**
 * OpenBCI Ganglion (4 ch, 200 Hz) over BLE: one 20-byte notification = id
 * byte + 19 data bytes.
 * Firmware 2: id 0 = raw 4 x int24 big-endian (seeds the decoder); 1-100 =
 * two samples of 18-bit deltas (byte 19 is accelerometer); 101-200 = two
 * samples of 19-bit deltas; sample = previous - delta; in the 18/19-bit
 * numbers the sign sits in the least significant bit.
 * Firmware 3: no deltas and no id 0: each value is the 24-bit sample shifted
 * right by 6 (ids 0-99) or 5 (100-199) with the sign in bit 0.
 */
export const GANGLION_RATE = 200;
export const GANGLION_UV_PER_COUNT = (1.2 / (8388607 * 1.5 * 51)) * 1e6;
export const GANGLION_SERVICE = 0xfe84;
export const GANGLION_NOTIFY = '2d30c082-f39f-4ce6-923f-3484ea480596';
export const GANGLION_WRITE = '2d30c083-f39f-4ce6-923f-3484ea480596';

/** An n-bit number whose sign is carried by its least significant bit. */
export function lsbSigned(raw: number, bits: number): number {
  return raw & 1 ? raw - 2 ** bits : raw;
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

  constructor(readonly firmware: 2 | 3 = 2) {}

  push(packet: Uint8Array): DecodeResult {
    const out = new BlockBuilder(4);
    if (packet.length !== 20) return { block: emptyBlock(4), lost: 0, skipped: packet.length, resyncs: 0 };
    const id = packet[0];
    const data = packet.subarray(1);
    let lost = 0;
    if (this.firmware === 3) {
      if (id > 199) return { block: emptyBlock(4), lost: 0, skipped: 0, resyncs: 0 };
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
    if (id === 0) {
      const values: number[] = [];
      for (let c = 0; c < 4; c++) {
        const o = 3 * c;
        let v = (data[o] << 16) | (data[o + 1] << 8) | data[o + 2];
        if (v & 0x800000) v -= 0x1000000;
        values.push(v);
      }
      // The raw packet follows the last delta packet of a round (100 or 200).
      const prev = this.lastId;
      const lost = prev === undefined || prev === 0 ? 0 : 2 * ((prev <= 100 ? 100 : 200) - prev);
      this.sampleIndex += lost;
      this.last = values;
      this.lastId = 0;
      this.emit(
        out,
        values.map((v) => v * GANGLION_UV_PER_COUNT),
        id,
      );
      return { block: out.build(), lost, skipped: 0, resyncs: 0 };
    }
    if (id > 200) return { block: emptyBlock(4), lost: 0, skipped: 0, resyncs: 0 }; // impedance, ASCII messages
    const bits = id <= 100 ? 18 : 19;
    const prev = this.lastId;
    const follows =
      prev === undefined
        ? false
        : prev === 0
          ? id === 1 || id === 101
          : id === (prev === 100 ? 1 : prev === 200 ? 101 : prev + 1);
    if (this.last === undefined || !follows) {
      // Deltas need an unbroken chain back to a raw packet: drop until the next one.
      if (this.last !== undefined && prev !== undefined) {
        const groupStart = id <= 100 ? 1 : 101;
        const missing = (id - (prev === 0 ? groupStart : prev + 1) + 100) % 100;
        lost = 2 * (missing + 1);
        this.sampleIndex += lost;
      } else if (this.last === undefined) {
        lost = 2;
        this.sampleIndex += lost;
      }
      this.last = undefined;
      this.lastId = id;
      return { block: out.build(), lost, skipped: 0, resyncs: 0 };
    }
    this.lastId = id;
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

  private gapFw3(id: number): number {
    const prev = this.lastId;
    this.lastId = id;
    if (prev === undefined) return 0;
    const diff = (id - prev + 200) % 200;
    return diff === 0 ? 0 : 2 * (diff - 1);
  }

  private emit(out: BlockBuilder, values: number[], id: number): void {
    out.add(values, this.sampleIndex / GANGLION_RATE, id);
    this.sampleIndex++;
  }
}
