/**
 * The kinds of headset, in the order the Connect page lists them: each has
 * its row in HEADSETS (headsets.ts), which the compiler holds to this list.
 */
export const HEADSET_KINDS = ['cyton', 'cyton-daisy', 'explore', 'ganglion', 'muse', 'simulated'] as const;
/** A kind of headset in the table. */
export type HeadsetKind = (typeof HEADSET_KINDS)[number];
/** What a stream can come from: a headset, or a stored recording played as one (its rate and channels are the recording's). */
export type DeviceKind = HeadsetKind | 'playback';

/**
 * One device interface for every headset (in the spirit of BrainFlow's
 * BoardShim). Decoders are pure functions over bytes; a device couples a
 * decoder with a transport.
 */
export interface DeviceInfo {
  /** A row of the headset table, or "playback"; recordings and profiles are filed under it. */
  kind: DeviceKind;
  name: string;
  channelNames: string[];
  sampleRate: number;
  units: 'uV';
}

/** Samples decoded from a stretch of bytes: channels x n, in microvolts. */
export interface SampleBlock {
  data: Float32Array[];
  /**
   * Seconds on the stream's time line: sample index / rate, where the index
   * skips the samples counted lost. Device clocks only measure the loss.
   */
  timestamps: Float64Array;
  /** Packet counters as sent by the device (for loss accounting and debugging). */
  counters: Int32Array;
}

/** What a decoder found in one call. */
export interface DecodeResult {
  block: SampleBlock;
  /** Samples known to be missing (gaps in the device's counter). */
  lost: number;
  /** Bytes skipped while looking for a valid packet start (garbage, cut packets). */
  skipped: number;
  /**
   * Counter or clock jumps too large (or backwards) to be a loss: the time
   * line went on without filling (see MAX_GAP_SECONDS).
   */
  resyncs: number;
  /** Things that happened on the stream's time line (seconds, as the timestamps), e.g. a layout change dropping packets. */
  notes?: StreamNote[];
}

export interface StreamNote {
  time: number;
  label: string;
}

/**
 * A streaming decoder: bytes in, samples out. Must never throw and never
 * emit NaN, whatever the input. A serial headset's decoder takes the bytes
 * in any chunking; a Bluetooth headset's takes one notification per push
 * (with several characteristics, after the byte naming which: see
 * BluetoothLink.notify).
 */
export interface Decoder {
  readonly channelCount: number;
  readonly sampleRate: number;
  /** Bytes held for a packet not yet complete (or confirmed): what is left when a capture ends. */
  readonly buffered: number;
  push(bytes: Uint8Array): DecodeResult;
  /**
   * The stream ended: what was held back (a packet waiting for its
   * neighbour to confirm a jump) comes out. A live stream never needs it.
   */
  end?(): DecodeResult;
}

export type DeviceEvent =
  | { type: 'connected'; info: DeviceInfo }
  | { type: 'samples-lost'; count: number }
  | { type: 'error'; message: string }
  | { type: 'disconnected'; reason: string };

export interface Device {
  readonly info: DeviceInfo;
  open(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  close(): Promise<void>;
  /** Sample blocks until the device stops or disconnects. */
  samples(): AsyncIterable<SampleBlock>;
  on(listener: (e: DeviceEvent) => void): () => void;
}

export function emptyBlock(channels: number): SampleBlock {
  return {
    data: Array.from({ length: channels }, () => new Float32Array(0)),
    timestamps: new Float64Array(0),
    counters: new Int32Array(0),
  };
}

/** Growable per-channel sample buffer used by decoders. */
export class BlockBuilder {
  private data: number[][];
  private times: number[] = [];
  private counters: number[] = [];

  constructor(readonly channels: number) {
    this.data = Array.from({ length: channels }, () => []);
  }

  add(values: ArrayLike<number>, time: number, counter: number): void {
    for (let c = 0; c < this.channels; c++) {
      const v = values[c];
      this.data[c].push(Number.isFinite(v) ? v : 0);
    }
    this.times.push(time);
    this.counters.push(counter);
  }

  build(): SampleBlock {
    const out = {
      data: this.data.map((d) => Float32Array.from(d)),
      timestamps: Float64Array.from(this.times),
      counters: Int32Array.from(this.counters),
    };
    this.data = Array.from({ length: this.channels }, () => []);
    this.times = [];
    this.counters = [];
    return out;
  }
}

/** Keeps unconsumed bytes between pushes. */
export class ByteQueue {
  private buf = new Uint8Array(0);

  append(bytes: Uint8Array): void {
    if (this.buf.length === 0) {
      this.buf = bytes.slice();
      return;
    }
    const next = new Uint8Array(this.buf.length + bytes.length);
    next.set(this.buf);
    next.set(bytes, this.buf.length);
    this.buf = next;
  }

  get bytes(): Uint8Array {
    return this.buf;
  }

  consume(n: number): void {
    this.buf = this.buf.subarray(n);
  }
}

/** Joins byte arrays into one. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
