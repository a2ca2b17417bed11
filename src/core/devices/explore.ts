import { MAX_GAP_SECONDS } from './counter';
import { JumpCheck, type Placement } from './jump-check';
import { BlockBuilder, ByteQueue, type DecodeResult, type Decoder, emptyBlock, type StreamNote } from './types';

/**
 * Mentalab Explore (legacy 4/8/16/32 channels) over Bluetooth serial. Each
 * packet: 8-byte little-endian header (id u8, counter u8, length u16,
 * device time stamp u32), then length - 4 bytes: data and the 4-byte
 * trailer AF BE AD DE. The length counts time stamp, data and trailer.
 * A packet is accepted only when its trailer is in place; otherwise one byte
 * is skipped and the search goes on. The channel count and rate come from
 * the data once two EEG packets in a row agree on them (one corrupted first
 * packet must not decide the layout). Later packets of another layout, and
 * EEG-sized packets under a corrupted id, cannot be read: their samples are
 * counted lost where their time stamps put them (a run of another layout is
 * noted). A time stamp that jumps is believed only when the next packet
 * follows on from it (JumpCheck).
 */
export const EXPLORE_TRAILER = [0xaf, 0xbe, 0xad, 0xde];
const HOST_TS_TRAILER = [0xff, 0xff, 0xff, 0xff];
export const EXPLORE_TICKS_PER_SECOND = 10_000;
const MAX_LENGTH = 550;

interface EegFormat {
  samples: number;
  vref: number;
  status: boolean;
  bigEndian?: boolean;
}

/** Packet ids carrying ExG data. */
export const EXPLORE_EEG: Record<number, EegFormat> = {
  144: { samples: 33, vref: 2.4, status: true }, // EEG94 (4 ch)
  208: { samples: 33, vref: 2.4, status: true }, // EEG94R
  146: { samples: 16, vref: 2.4, status: true }, // EEG98 (8 ch)
  210: { samples: 16, vref: 2.4, status: true }, // EEG98R
  62: { samples: 16, vref: 4.5, status: true }, // EEG99
  30: { samples: 16, vref: 4.5, status: true }, // EEG99s
  148: { samples: 4, vref: 2.4, status: true }, // EEG32
  150: { samples: 16, vref: 2.4, status: true }, // EEG98 USB-C
  151: { samples: 1, vref: 2.4, status: false, bigEndian: true }, // Explore Pro BLE, 8 ch
  152: { samples: 1, vref: 2.4, status: false, bigEndian: true }, // 32 ch
  153: { samples: 1, vref: 2.4, status: false, bigEndian: true }, // 16 ch
};

export function exploreScale(vref: number): number {
  return (vref / (6 * 8388607)) * 1e6;
}

/** What an EEG packet says about the stream; adopted only when two packets in a row agree. */
interface Layout {
  channels: number;
  rate: number;
}

interface PendingPacket {
  data: Uint8Array;
  format: EegFormat;
  layout: Layout;
  ts: number;
}

/**
 * A packet on the time line: EEG to decode, or the place of samples that
 * cannot be read (a packet of another layout, or one whose id byte was
 * corrupted), which are counted lost where they were.
 */
type TimedPacket =
  | { kind: 'eeg'; data: Uint8Array; format: EegFormat; ts: number }
  | { kind: 'unreadable'; ts: number; samples: number; other?: Layout };

/** Framed packets that are not EEG: their payloads are small (orientation, environment, markers, replies). */
const KNOWN_IDS = new Set([13, 19, 27, 96, 99, 111, 177, 178, 192, 193, 194]);
/** Non-EEG packets seen before the layout is known, kept in case they were the stream's first EEG packets. */
const EARLY_KEPT = 4;

export class ExploreDecoder implements Decoder {
  private readonly queue = new ByteQueue();
  private layout: Layout | undefined;
  /** Data bytes of the stream's EEG packets (a packet of that size under another id is a corrupted one). */
  private eegBytes = 0;
  private eegSamples = 0;
  /** The first EEG packet, held until the next one confirms its layout. */
  private candidate: PendingPacket | undefined;
  /** Packets by device time stamp, a jump checked against the next packet before it counts as loss. */
  private order: JumpCheck<TimedPacket> | undefined;
  /** Non-EEG packets before the layout was known: time stamp, data size, bytes not yet counted as skipped. */
  private early: { ts: number; bytes: number; total: number }[] = [];
  /** Packets of another layout since the time line's `time`: dropped, counted lost, noted when the run ends. */
  private otherRun: { time: number; samples: number; layout: Layout } | undefined;
  private sampleIndex = 0;
  /** Latest orientation and environment values, for the status display. */
  battery?: number;
  temperature?: number;

  /** `channels` is fixed by the device model; 0 learns it from the data. */
  constructor(private readonly fixedChannels = 0) {}

  get channelCount(): number {
    return this.layout?.channels ?? this.fixedChannels;
  }

  get sampleRate(): number {
    return this.layout?.rate ?? 250;
  }

  get buffered(): number {
    const held = this.order?.holding;
    return (
      this.queue.bytes.length +
      (this.candidate ? 12 + this.candidate.data.length : 0) +
      (held?.kind === 'eeg' ? 12 + held.data.length : 0)
    );
  }

  push(bytes: Uint8Array): DecodeResult {
    this.queue.append(bytes);
    const b = this.queue.bytes;
    const result: Tally = { lost: 0, skipped: 0, resyncs: 0, notes: [] };
    let i = 0;
    while (b.length - i >= 8) {
      const id = b[i];
      const length = b[i + 2] | (b[i + 3] << 8);
      if (length < 8 || length > MAX_LENGTH) {
        i++;
        result.skipped++;
        continue;
      }
      const total = 4 + length;
      if (b.length - i < total) break; // wait for the rest
      const t = i + total - 4;
      const trailer = id === 27 ? HOST_TS_TRAILER : EXPLORE_TRAILER;
      if (b[t] !== trailer[0] || b[t + 1] !== trailer[1] || b[t + 2] !== trailer[2] || b[t + 3] !== trailer[3]) {
        i++;
        result.skipped++;
        continue;
      }
      const ts = (b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | (b[i + 7] << 24)) >>> 0;
      const data = b.subarray(i + 8, t);
      const format = EXPLORE_EEG[id];
      if (format) this.eeg(data, format, ts, total, result);
      else this.unusable(data.length, ts, total, KNOWN_IDS.has(id), result);
      if (id === 19 && data.length >= 5) {
        this.temperature = data[0];
        this.battery = ((data[3] | (data[4] << 8)) * (16.8 / 6.8) * 1.8) / 2457;
      }
      i += total;
    }
    this.queue.consume(i);
    return this.done(result);
  }

  /** The stream ended: a packet held for its neighbour comes out, a run of dropped packets is noted. */
  end(): DecodeResult {
    const result: Tally = { lost: 0, skipped: 0, resyncs: 0, notes: [] };
    for (const p of this.order?.end() ?? []) this.place(p, result);
    this.closeOtherRun(result);
    return this.done(result);
  }

  private done(r: Tally): DecodeResult {
    const block = r.out ? r.out.build() : emptyBlock(this.channelCount);
    return { block, lost: r.lost, skipped: r.skipped, resyncs: r.resyncs, notes: r.notes };
  }

  /**
   * A packet that is not EEG, or not EEG as its id says: a small packet of a
   * known kind is normal; anything else is counted as skipped, and an
   * EEG-sized one is an EEG packet whose id byte was corrupted: its samples
   * are counted lost where its time stamp puts them.
   */
  private unusable(bytes: number, ts: number, total: number, known: boolean, result: Tally): void {
    if (!this.layout) {
      // Before the layout is known, any of these may turn out to be the stream's first EEG packet.
      if (!known) result.skipped += total;
      this.early = [...this.early, { ts, bytes, total: known ? total : 0 }].slice(-EARLY_KEPT);
    } else if (bytes === this.eegBytes) {
      result.skipped += total;
      this.feed({ kind: 'unreadable', ts, samples: this.eegSamples }, result);
    } else if (!known) result.skipped += total;
  }

  private eeg(data: Uint8Array, format: EegFormat, ts: number, total: number, result: Tally): void {
    const layout = eegLayout(data, format);
    if (!layout) {
      this.unusable(data.length, ts, total, false, result);
      return;
    }
    if (this.layout) {
      if (layout.channels === this.layout.channels && layout.rate === this.layout.rate) {
        this.feed({ kind: 'eeg', data, format, ts }, result);
      } else {
        // Another layout (the channel mask or rate changed, or a corrupted packet): its samples are lost here.
        result.skipped += total;
        const samples = Math.round((format.samples * this.layout.rate) / layout.rate);
        this.feed({ kind: 'unreadable', ts, samples, other: layout }, result);
      }
      return;
    }
    if (this.fixedChannels > 0 && layout.channels !== this.fixedChannels) {
      result.skipped += total;
      return;
    }
    const c = this.candidate;
    if (c && c.layout.channels === layout.channels && c.layout.rate === layout.rate) {
      this.layout = layout;
      this.eegBytes = data.length;
      this.eegSamples = format.samples;
      this.order = new JumpCheck(MAX_GAP_SECONDS * layout.rate);
      this.candidate = undefined;
      // A packet of this size just before, under another id, was this stream's first, corrupted.
      const step = (format.samples / layout.rate) * EXPLORE_TICKS_PER_SECOND;
      for (const e of this.early) {
        if (e.bytes === data.length && c.ts - e.ts > 0 && c.ts - e.ts <= 2 * step) {
          result.skipped += e.total;
          this.feed({ kind: 'unreadable', ts: e.ts, samples: format.samples }, result);
        }
      }
      this.early = [];
      this.feed({ kind: 'eeg', data: c.data, format: c.format, ts: c.ts }, result);
      this.feed({ kind: 'eeg', data, format, ts }, result);
      return;
    }
    if (c) result.skipped += 12 + c.data.length;
    this.candidate = { data: data.slice(), format, layout, ts };
  }

  private feed(p: TimedPacket, result: Tally): void {
    const order = this.order;
    if (!order) return;
    // A held packet keeps a view of the queue's bytes: the queue never writes over what it handed out.
    const at = (p.ts / EXPLORE_TICKS_PER_SECOND) * this.sampleRate;
    const size = p.kind === 'eeg' ? p.format.samples : p.samples;
    for (const placed of order.push(at, size, p)) this.place(placed, result);
  }

  /**
   * A packet at its place: loss from the device clock (the counter byte is
   * shared by every packet type and resets around commands, the time stamp
   * does not), then its samples, or their count as lost.
   */
  private place({ item: p, gap, resync }: Placement<TimedPacket>, result: Tally): void {
    if (resync) result.resyncs++;
    if (gap > 0) {
      result.lost += gap;
      this.sampleIndex += gap;
    }
    if (p.kind === 'unreadable') {
      if (p.other && !this.otherRun) {
        this.otherRun = { time: this.sampleIndex / this.sampleRate, samples: 0, layout: p.other };
      }
      if (p.other && this.otherRun) this.otherRun.samples += p.samples;
      result.lost += p.samples;
      this.sampleIndex += p.samples;
      return;
    }
    this.closeOtherRun(result);
    result.out ??= new BlockBuilder(this.channelCount);
    this.decodeEeg(p.data, p.format, result.out);
  }

  private closeOtherRun(result: Tally): void {
    const run = this.otherRun;
    if (!run || !this.layout) return;
    this.otherRun = undefined;
    result.notes.push({
      time: run.time,
      label:
        `lost ${run.samples} samples: packets of ${run.layout.channels} channels at ${run.layout.rate} Hz, ` +
        `not ${this.layout.channels} at ${this.layout.rate} Hz`,
    });
  }

  private decodeEeg(data: Uint8Array, f: EegFormat, out: BlockBuilder): void {
    const nch = out.channels;
    const rate = this.sampleRate;
    const scale = exploreScale(f.vref);
    const words = f.status ? nch + 1 : nch;
    const values = new Array<number>(nch);
    for (let s = 0; s < f.samples; s++) {
      const base = s * words * 3;
      for (let c = 0; c < nch; c++) {
        const w = f.status ? c + 1 : c;
        const o = base + w * 3;
        let v: number;
        if (f.bigEndian) {
          v = (data[o] << 16) | (data[o + 1] << 8) | data[o + 2];
        } else {
          v = data[o] | (data[o + 1] << 8) | (data[o + 2] << 16);
        }
        if (v & 0x800000) v -= 0x1000000;
        // BLE packets list each group of 8 channels in reverse order.
        const dest = f.bigEndian ? Math.floor(c / 8) * 8 + (7 - (c % 8)) : c;
        values[dest < nch ? dest : c] = v * scale;
      }
      out.add(values, this.sampleIndex / rate, this.sampleIndex);
      this.sampleIndex++;
    }
  }
}

interface Tally {
  out?: BlockBuilder;
  lost: number;
  skipped: number;
  resyncs: number;
  notes: StreamNote[];
}

/** Channel count and rate of an EEG packet, or undefined when its length does not fit the format. */
function eegLayout(data: Uint8Array, f: EegFormat): Layout | undefined {
  const words = data.length / 3 / f.samples;
  const channels = f.status ? words - 1 : words;
  if (!Number.isInteger(words) || channels < 1) return undefined;
  let rate = 250;
  if (f.status) {
    const code = data[2];
    if (code > 7) return undefined;
    rate = 16000 / 2 ** code;
  }
  return { channels, rate };
}

/** Builds one Explore packet (tests and captures). */
export function encodeExplorePacket(id: number, counter: number, timestamp: number, data: Uint8Array): Uint8Array {
  const length = 4 + data.length + 4;
  const p = new Uint8Array(4 + length);
  p[0] = id;
  p[1] = counter & 0xff;
  p[2] = length & 0xff;
  p[3] = length >> 8;
  p[4] = timestamp & 0xff;
  p[5] = (timestamp >>> 8) & 0xff;
  p[6] = (timestamp >>> 16) & 0xff;
  p[7] = (timestamp >>> 24) & 0xff;
  p.set(data, 8);
  p.set(id === 27 ? HOST_TS_TRAILER : EXPLORE_TRAILER, 8 + data.length);
  return p;
}

/** EEG payload: per sample a status word (mask, 0, rate code) then int24 LE channels. */
export function encodeExploreEeg(samples: number[][], vref: number, rateCode = 6, mask = 0xff): Uint8Array {
  const nch = samples[0].length;
  const out = new Uint8Array(samples.length * (nch + 1) * 3);
  const scale = exploreScale(vref);
  samples.forEach((row, s) => {
    const o = s * (nch + 1) * 3;
    out[o] = mask;
    out[o + 1] = 0;
    out[o + 2] = rateCode;
    row.forEach((uv, c) => {
      let v = Math.max(-0x800000, Math.min(0x7fffff, Math.round(uv / scale)));
      if (v < 0) v += 0x1000000;
      out[o + 3 * (c + 1)] = v & 0xff;
      out[o + 3 * (c + 1) + 1] = (v >> 8) & 0xff;
      out[o + 3 * (c + 1) + 2] = (v >> 16) & 0xff;
    });
  });
  return out;
}
