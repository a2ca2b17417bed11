import { describe, expect, it } from 'vitest';
import { decodeCapture, notificationBytes } from '../src/core/devices/capture';
import { numberedChannels } from '../src/core/devices/headset-spec';
import { decodeHeadsetCapture } from '../src/core/devices/capture';
import { HEADSETS } from '../src/core/devices/headsets';
import type { HeadsetSpec } from '../src/core/devices/headset-spec';
import {
  captureKinds,
  HEADSET_KINDS,
  headsetSpec,
  isHeadsetKind,
  streamsFromConnectPage,
} from '../src/core/devices/registry';
import { BlockBuilder, ByteQueue, type DecodeResult, type Decoder } from '../src/core/devices/types';

/**
 * A pretend headset, as docs/devices.md says to add one: a row (here a spec
 * of its own, since a test cannot edit the table) and a decoder. Its packets:
 * 0x5A, an 8-bit counter, two int16 big-endian samples in microvolts.
 */
class PretendDecoder implements Decoder {
  readonly channelCount = 2;
  readonly sampleRate = 100;
  private readonly queue = new ByteQueue();
  private index = 0;

  get buffered(): number {
    return this.queue.bytes.length;
  }

  push(bytes: Uint8Array): DecodeResult {
    this.queue.append(bytes);
    const out = new BlockBuilder(2);
    const b = this.queue.bytes;
    let i = 0;
    let skipped = 0;
    for (; b.length - i >= 6;) {
      if (b[i] !== 0x5a) {
        i++;
        skipped++;
        continue;
      }
      const v = new DataView(b.buffer, b.byteOffset + i + 2, 4);
      out.add([v.getInt16(0), v.getInt16(2)], this.index / this.sampleRate, b[i + 1]);
      this.index++;
      i += 6;
    }
    this.queue.consume(i);
    return { block: out.build(), lost: 0, skipped, resyncs: 0 };
  }
}

const packet = (n: number) => [0x5a, n & 0xff, 0, n & 0x7f, 0xff, 0xff - (n & 0x7f)];

const PRETEND: HeadsetSpec = {
  label: 'Pretend headset',
  note: 'Only in tests.',
  sampleRate: 100,
  channels: 2,
  channelNames: numberedChannels,
  decoder: () => new PretendDecoder(),
  serial: { baudRate: 9600, usbFilters: [], start: [], stop: [] },
};

describe('the headset table', () => {
  it('one table: every kind has its row, and nothing else is a kind', () => {
    expect(Object.keys(HEADSETS)).toEqual([...HEADSET_KINDS]);
    for (const kind of HEADSET_KINDS) expect(headsetSpec(kind)).toBe(HEADSETS[kind]);
    expect(isHeadsetKind('pretend')).toBe(false);
    expect(headsetSpec('pretend')).toBeUndefined();
    // Inherited properties of a plain object are not kinds either.
    expect(headsetSpec('toString')).toBeUndefined();
    expect(headsetSpec('constructor')).toBeUndefined();
  });

  it('its capture decodes through its own decoder, with garbage skipped and a cut packet counted', () => {
    const bytes = Uint8Array.from([
      ...packet(0),
      0x01,
      0x02,
      ...Array.from({ length: 2000 }, (_, n) => packet(n + 1)).flat(),
      0x5a,
      7,
    ]);
    const r = decodeHeadsetCapture(PRETEND, bytes, 'pretend');
    expect(r.recording.sampleRate).toBe(100);
    expect(r.recording.channels.map((c) => c.label)).toEqual(['ch1', 'ch2']);
    expect(r.recording.data[0].length).toBe(2001);
    expect(r.recording.data[0][5]).toBe(5);
    expect(r.recording.data[1][5]).toBe(-6);
    expect(r.skipped).toBe(2 + 2);
  });

  it('the built-in kinds keep their capture framing: serial bytes, Ganglion notifications, tagged Muse notifications', () => {
    expect(captureKinds().slice(0, 5)).toEqual(['cyton', 'cyton-daisy', 'explore', 'ganglion', 'muse']);
    expect(captureKinds()).not.toContain('simulated');
    expect(notificationBytes('cyton')).toBeUndefined();
    expect(notificationBytes('ganglion')).toBe(20);
    expect(notificationBytes('muse')).toBe(21);
    expect(streamsFromConnectPage('ganglion')).toBe(true);
    expect(streamsFromConnectPage('playback')).toBe(false);
  });

  it('refuses a capture of a kind not in the table, and of a kind without a capture format', () => {
    expect(() => decodeCapture('pretend', new Uint8Array(10))).toThrow(/no capture format/);
    expect(() => decodeCapture('simulated', new Uint8Array(10))).toThrow(/no capture format/);
    expect(() => decodeCapture('nothing', new Uint8Array(10))).toThrow(/no capture format/);
  });
});
