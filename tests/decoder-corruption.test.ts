import { describe, expect, it } from 'vitest';
import { decodeCapture, notificationBytes } from '../src/core/devices/capture';
import type { HeadsetKind } from '../src/core/devices/registry';
import { CYTON_MAX_GAP, CYTON_UV_PER_COUNT, encodeCytonPacket } from '../src/core/devices/cyton';
import { MAX_GAP_SECONDS } from '../src/core/devices/counter';
import { encodeExploreEeg, encodeExplorePacket, exploreScale } from '../src/core/devices/explore';
import { GANGLION_UV_PER_COUNT } from '../src/core/devices/ganglion';
import { MuseDecoder, encodeMuse12 } from '../src/core/devices/muse';
import { mulberry32 } from '../src/core/sim/eeg-model';
import type { Recording } from '../src/core/recording/types';

/**
 * "No real sample is dropped without being counted and reported", checked
 * over random corruptions of valid captures of every device. Every sample
 * carries its own number (in channel values chosen so that no byte of the
 * data looks like a packet start or end), so the test can tell which real
 * samples came out.
 */
interface Capture {
  kind: HeadsetKind;
  /** The packets (serial) or stored notifications (BLE), in order. */
  packets: Uint8Array[];
  /** Sample numbers carried by each packet (for Daisy and Muse, samples it takes part in). */
  samplesOf: number[][];
  total: number;
  /** Numbers of the decoded samples, or undefined where values cannot identify them (Ganglion deltas). */
  identify?: (rec: Recording) => number[];
  /** Largest gap the decoder fills for one counter/clock event, in samples. */
  maxGap: number;
}

const digits = (id: number) => [id & 63, (id >> 6) & 63, (id >> 12) & 63];
const fromDigits = (rec: Recording, unit: number) =>
  Array.from(rec.data[0], (_, i) => [0, 1, 2].reduce((id, c) => id + Math.round(rec.data[c][i] / unit) * 64 ** c, 0));

function cytonCapture(samples: number): Capture {
  const packets = Array.from({ length: samples }, (_, i) =>
    encodeCytonPacket(
      i,
      [...digits(i), 0, 0, 0, 0, 0].map((d) => d * CYTON_UV_PER_COUNT),
    ),
  );
  return {
    kind: 'cyton',
    packets,
    samplesOf: packets.map((_, i) => [i]),
    total: samples,
    identify: (rec) => fromDigits(rec, CYTON_UV_PER_COUNT),
    maxGap: CYTON_MAX_GAP,
  };
}

/** Odd sample numbers carry the main board: packets 1, 2 form sample 0, and so on. */
function daisyCapture(pairs: number): Capture {
  const packets: Uint8Array[] = [];
  const samplesOf: number[][] = [];
  for (let s = 0; s < pairs; s++) {
    for (const board of [0, 1]) {
      const values = board === 0 ? [...digits(s), 0, 0, 0, 0, 0] : new Array(8).fill(board);
      packets.push(
        encodeCytonPacket(
          2 * s + 1 + board,
          values.map((d) => d * CYTON_UV_PER_COUNT),
        ),
      );
      samplesOf.push([s]);
    }
  }
  return {
    kind: 'cyton-daisy',
    packets,
    samplesOf,
    total: pairs,
    identify: (rec) => fromDigits(rec, CYTON_UV_PER_COUNT),
    maxGap: Math.ceil(CYTON_MAX_GAP / 2) + 1,
  };
}

const EXPLORE_TICKS_PER_PACKET = (16 / 250) * 10_000;

function exploreCapture(packetCount: number, firstLayout?: Uint8Array): Capture {
  const unit = exploreScale(2.4);
  const packets = Array.from({ length: packetCount }, (_, k) =>
    encodeExplorePacket(
      146,
      k,
      1_000_000 + k * EXPLORE_TICKS_PER_PACKET,
      encodeExploreEeg(
        Array.from({ length: 16 }, (_, s) => [...digits(16 * k + s), 0, 0, 0, 0, 0].map((d) => d * unit)),
        2.4,
      ),
    ),
  );
  if (firstLayout) packets.unshift(firstLayout);
  const samplesOf = packets.map((_, k) =>
    firstLayout && k === 0 ? [] : Array.from({ length: 16 }, (_, s) => 16 * (k - (firstLayout ? 1 : 0)) + s),
  );
  return {
    kind: 'explore',
    packets,
    samplesOf,
    total: 16 * packetCount,
    identify: (rec) => fromDigits(rec, unit),
    maxGap: MAX_GAP_SECONDS * 250,
  };
}

/** Firmware 2: a raw packet (1 sample) then 100 delta packets (2 samples each), repeated. */
function ganglionCapture(cycles: number): Capture {
  const packets: Uint8Array[] = [];
  const samplesOf: number[][] = [];
  let n = 0;
  for (let c = 0; c < cycles; c++) {
    const raw = new Uint8Array(20);
    raw.set([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff], 1);
    packets.push(raw);
    samplesOf.push([n++]);
    for (let id = 1; id <= 100; id++) {
      // Channel 1 counts up by one per sample: delta -1 (sign in the least significant bit).
      const p = new Uint8Array(20);
      p[0] = id;
      for (const k of [0, 1]) {
        const bit = k * 4 * 18;
        // 18 ones: the 18-bit pattern of -1.
        for (let b = 0; b < 18; b++) p[1 + ((bit + b) >> 3)] |= 1 << (7 - ((bit + b) & 7));
      }
      packets.push(p);
      samplesOf.push([n++, n++]);
    }
  }
  return { kind: 'ganglion', packets, samplesOf, total: n, maxGap: 2 * 101 };
}

function museCapture(indexes: number): Capture {
  const packets: Uint8Array[] = [];
  const samplesOf: number[][] = [];
  for (let p = 0; p < indexes; p++) {
    const index = (0xfff0 + p) & 0xffff; // crosses the wrap
    for (let ch = 0; ch < 4; ch++) {
      const values = Array.from({ length: 12 }, (_, k) => {
        const s = 12 * p + k;
        const n = ch === 0 ? s & 0xfff : ch === 1 ? (s >> 12) & 0xfff : 0x800;
        return (n - 0x800) * 0.48828125;
      });
      const note = new Uint8Array(notificationBytes('muse')!);
      note[0] = ch;
      note.set(encodeMuse12(index, values), 1);
      packets.push(note);
      samplesOf.push(Array.from({ length: 12 }, (_, k) => 12 * p + k));
    }
  }
  return {
    kind: 'muse',
    packets,
    samplesOf,
    total: 12 * indexes,
    identify: (rec) =>
      Array.from(
        rec.data[0],
        (v, i) => Math.round(v / 0.48828125) + 0x800 + 4096 * (Math.round(rec.data[1][i] / 0.48828125) + 0x800),
      ),
    maxGap: 12 * Math.ceil((MAX_GAP_SECONDS * 256) / 12),
  };
}

interface Corrupted {
  bytes: Uint8Array;
  /** Packets whose bytes were changed, cut or split. */
  touched: Set<number>;
  operations: number;
}

/**
 * Random bit flips, cuts and insertions. Serial captures are cut and filled
 * at any byte; BLE notifications arrive whole or not at all (the link layer
 * checks them), so there whole notifications are removed or inserted.
 */
function corrupt(cap: Capture, seed: number): Corrupted {
  const rand = mulberry32(seed);
  const bytes: number[] = [];
  const owner: number[] = [];
  cap.packets.forEach((p, k) => {
    for (const b of p) {
      bytes.push(b);
      owner.push(k);
    }
  });
  const touched = new Set<number>();
  const touch = (pos: number) => {
    if (owner[pos] !== undefined && owner[pos] >= 0) touched.add(owner[pos]);
  };
  const ble = cap.kind === 'ganglion' || cap.kind === 'muse';
  const unit = ble ? cap.packets[0].length : 1;
  const operations = 1 + Math.floor(rand() * 6);
  for (let op = 0; op < operations; op++) {
    const kind = rand();
    if (kind < 0.5) {
      const pos = Math.floor(rand() * bytes.length);
      bytes[pos] ^= 1 << Math.floor(rand() * 8);
      touch(pos);
    } else if (kind < 0.75) {
      const at = unit * Math.floor((rand() * bytes.length) / unit);
      const len = unit * (1 + Math.floor(rand() * (ble ? 4 : 150)));
      for (let p = at; p < Math.min(bytes.length, at + len); p++) touch(p);
      if (!ble) {
        touch(at - 1);
        touch(at + len);
      }
      bytes.splice(at, len);
      owner.splice(at, len);
    } else {
      const at = unit * Math.floor((rand() * bytes.length) / unit);
      const len = unit * (1 + Math.floor(rand() * (ble ? 3 : 80)));
      const junk = Array.from({ length: len }, () => Math.floor(rand() * 256));
      if (cap.kind === 'muse') for (let j = 0; j < len; j += unit) junk[j] = Math.floor(rand() * 5);
      if (!ble) {
        touch(at - 1);
        touch(at);
      }
      bytes.splice(at, 0, ...junk);
      owner.splice(at, 0, ...new Array<number>(len).fill(-1));
    }
  }
  return { bytes: Uint8Array.from(bytes), touched, operations };
}

/** Samples every packet number in `touched` takes part in. */
function touchedSamples(cap: Capture, touched: Set<number>): Set<number> {
  const out = new Set<number>();
  for (const k of touched) for (const s of cap.samplesOf[k]) out.add(s);
  return out;
}

const CAPTURES: [string, () => Capture][] = [
  ['cyton', () => cytonCapture(3000)],
  ['cyton-daisy', () => daisyCapture(1500)],
  ['explore', () => exploreCapture(200)],
  ['ganglion', () => ganglionCapture(15)],
  ['muse', () => museCapture(250)],
];

describe('decoders under corruption: no real sample is dropped without being counted and reported', () => {
  for (const [name, make] of CAPTURES) {
    it(`${name}: every untouched sample comes out, losses are counted and bounded, memory stays bounded`, () => {
      const cap = make();
      const clean = decodeCapture(cap.kind, Uint8Array.from(cap.packets.flatMap((p) => Array.from(p))));
      expect(clean.recording.data[0].length).toBe(cap.total);
      expect(clean.lost).toBe(0);
      if (cap.identify) expect(cap.identify(clean.recording)).toEqual(Array.from({ length: cap.total }, (_, i) => i));
      for (let seed = 1; seed <= 150; seed++) {
        const c = corrupt(cap, seed);
        const r = decodeCapture(cap.kind, c.bytes);
        const hit = touchedSamples(cap, c.touched);
        const out = r.recording.data[0].length;
        const delivered = out - r.filled;
        const context = `${name} seed ${seed}: ${c.operations} corruptions touching ${hit.size} samples; out ${out}, lost ${r.lost}, resyncs ${r.resyncs}, skipped ${r.skipped}`;
        // Every real sample outside the damage is delivered or counted as lost.
        expect(delivered + r.lost, context).toBeGreaterThanOrEqual(cap.total - hit.size);
        if (cap.identify) {
          const seen = new Set(cap.identify(r.recording));
          const missing = Array.from({ length: cap.total }, (_, i) => i).filter((i) => !hit.has(i) && !seen.has(i));
          expect(missing, context).toEqual([]);
        }
        // Anything missing is reported (unless the capture just ends early: nothing tells).
        const endIntact = !c.touched.has(cap.packets.length - 1);
        if (delivered < cap.total && endIntact) expect(r.lost + r.skipped + r.resyncs, context).toBeGreaterThan(0);
        // Filler is bounded by the damage: no corrupted counter or clock invents minutes of data.
        expect(r.lost, context).toBeLessThanOrEqual(hit.size + 2 * c.operations * cap.maxGap);
        expect(r.filled, context).toBeLessThanOrEqual(r.lost);
        expect(out, context).toBeLessThanOrEqual(cap.total + r.filled);
      }
    });
  }
});

describe('decoder regressions (issue 13)', () => {
  it('Explore: a flipped time stamp bit (any of 32) resynchronises; no real sample is lost, nothing invented', () => {
    const cap = exploreCapture(3750); // 60 000 samples
    const all = Uint8Array.from(cap.packets.flatMap((p) => Array.from(p)));
    const size = cap.packets[0].length;
    for (let bit = 0; bit < 32; bit++) {
      const bytes = all.slice();
      const at = 1000 * size + 4 + (bit >> 3); // packet 1000's time stamp
      bytes[at] ^= 1 << (bit & 7);
      const r = decodeCapture('explore', bytes);
      const ids = new Set(cap.identify!(r.recording));
      expect(ids.size, `bit ${bit}`).toBe(60_000);
      expect(r.recording.data[0].length, `bit ${bit}`).toBeLessThanOrEqual(60_000 + 2 * 500);
      if (bit >= 13) {
        // 2^13 ticks = 0.8 s and more: a jump nobody should believe as loss... from bit 15 on it is beyond 2 s.
        if (bit >= 15) expect(r.lost, `bit ${bit}`).toBe(0);
        if (bit >= 15) expect(r.resyncs, `bit ${bit}`).toBeGreaterThan(0);
      }
    }
  });

  it('Explore: one 4-channel packet before 2 000 8-channel ones does not decide the layout', () => {
    const four = encodeExplorePacket(
      144,
      0,
      999_000,
      encodeExploreEeg(
        Array.from({ length: 33 }, () => [1, 2, 3, 4]),
        2.4,
      ),
    );
    const cap = exploreCapture(2000, four);
    const r = decodeCapture('explore', Uint8Array.from(cap.packets.flatMap((p) => Array.from(p))));
    expect(r.recording.channels).toHaveLength(8);
    expect(r.recording.data[0].length).toBe(32_000);
    expect(new Set(cap.identify!(r.recording)).size).toBe(32_000);
    expect(r.skipped).toBe(four.length); // reported
  });

  it('Cyton: a flipped counter bit never counts 256 lost, and no sample is dropped', () => {
    const cap = cytonCapture(2000);
    for (let bit = 0; bit < 8; bit++) {
      const packets = cap.packets.map((p) => p.slice());
      packets[700][1] ^= 1 << bit;
      const r = decodeCapture('cyton', Uint8Array.from(packets.flatMap((p) => Array.from(p))));
      expect(new Set(cap.identify!(r.recording)).size, `bit ${bit}`).toBe(2000);
      expect(r.lost, `bit ${bit}`).toBeLessThanOrEqual(2 ** bit);
      if (2 ** bit > CYTON_MAX_GAP) expect(r.lost, `bit ${bit}`).toBe(0);
    }
  });

  it('Muse: a corrupted 16-bit index counts a bounded loss, not 786 k samples', () => {
    const cap = museCapture(300);
    const packets = cap.packets.map((p) => p.slice());
    for (let ch = 0; ch < 4; ch++) packets[4 * 100 + ch][1] ^= 0x80; // index + 32768 on every electrode
    const r = decodeCapture('muse', Uint8Array.from(packets.flatMap((p) => Array.from(p))));
    expect(r.lost).toBe(0);
    expect(r.resyncs).toBeGreaterThan(0);
    expect(r.recording.data[0].length).toBe(3600);
    expect(new Set(cap.identify!(r.recording)).size).toBe(3600);
  });

  it('Muse: indexes that never complete do not accumulate', () => {
    const d = new MuseDecoder(4);
    const rand = mulberry32(3);
    for (let i = 0; i < 20_000; i++) {
      d.pushElectrode(0, encodeMuse12(Math.floor(rand() * 0x10000), new Array<number>(12).fill(0)));
    }
    expect((d as unknown as { pending: Map<number, unknown> }).pending.size).toBeLessThanOrEqual(16);
  });

  it('Ganglion: random notifications never make the filler grow beyond the bound', () => {
    const rand = mulberry32(5);
    const bytes = Uint8Array.from({ length: 20 * 5000 }, () => Math.floor(rand() * 256));
    const r = decodeCapture('ganglion', bytes);
    expect(r.recording.data[0].length).toBeLessThanOrEqual(2 * 5000 + r.lost);
    expect(r.lost).toBeLessThanOrEqual(5000 * 2 * 101);
    expect(GANGLION_UV_PER_COUNT).toBeGreaterThan(0);
  });
});

describe('bit errors that invent time, and packets dropped silently (issue 20)', () => {
  const inOrder = (n: number) => Array.from({ length: n }, (_, i) => i);

  it('Explore: any one flipped time stamp bit leaves every sample in its place (bit 14 invented 410 and shifted the rest 1.64 s)', () => {
    const cap = exploreCapture(3750); // 60 000 samples
    const all = Uint8Array.from(cap.packets.flatMap((p) => Array.from(p)));
    const size = cap.packets[0].length;
    for (let bit = 0; bit < 32; bit++) {
      const bytes = all.slice();
      bytes[1000 * size + 4 + (bit >> 3)] ^= 1 << (bit & 7); // packet 1000's time stamp
      const r = decodeCapture('explore', bytes);
      expect(r.lost, `bit ${bit}`).toBe(0);
      expect(cap.identify!(r.recording), `bit ${bit}`).toEqual(inOrder(60_000));
    }
  });

  it('Explore: a jump the next packets confirm is still loss, filled where it happened', () => {
    const cap = exploreCapture(400);
    const gone = cap.packets.filter((_, k) => k < 100 || k >= 126); // 26 packets (416 samples, 1.66 s) lost
    const r = decodeCapture('explore', Uint8Array.from(gone.flatMap((p) => Array.from(p))));
    expect(r.lost).toBe(416);
    expect(r.resyncs).toBe(0);
    const ids = cap.identify!(r.recording);
    expect(ids.slice(0, 1600)).toEqual(inOrder(1600));
    expect(ids.slice(2016)).toEqual(inOrder(6400).slice(2016));
  });

  it('Cyton: any one flipped counter bit leaves every sample in its place (bit 5 invented 32)', () => {
    const cap = cytonCapture(2000);
    for (let bit = 0; bit < 8; bit++) {
      for (const at of [700, 701]) {
        const packets = cap.packets.map((p) => p.slice());
        packets[at][1] ^= 1 << bit;
        const r = decodeCapture('cyton', Uint8Array.from(packets.flatMap((p) => Array.from(p))));
        expect(r.lost, `bit ${bit} of packet ${at}`).toBe(0);
        expect(cap.identify!(r.recording), `bit ${bit} of packet ${at}`).toEqual(inOrder(2000));
      }
    }
  });

  it('Cyton: three packets lost are still three samples lost, filled in place', () => {
    const cap = cytonCapture(600);
    const gone = cap.packets.filter((_, k) => k < 300 || k >= 303);
    const r = decodeCapture('cyton', Uint8Array.from(gone.flatMap((p) => Array.from(p))));
    expect(r.lost).toBe(3);
    expect(r.filled).toBe(3);
    const ids = cap.identify!(r.recording);
    expect(ids).toHaveLength(600);
    expect(ids.slice(303)).toEqual(inOrder(600).slice(303));
  });

  it('Explore: a flipped id byte of the first packet: its 16 samples are counted lost, never dropped silently', () => {
    const cap = exploreCapture(100);
    for (let bit = 0; bit < 8; bit++) {
      const packets = cap.packets.map((p) => p.slice());
      packets[0][0] ^= 1 << bit;
      const r = decodeCapture('explore', Uint8Array.from(packets.flatMap((p) => Array.from(p))));
      const context = `id ${packets[0][0]}`;
      const ids = cap.identify!(r.recording);
      expect(ids, context).toHaveLength(1600);
      expect(ids.slice(16), context).toEqual(inOrder(1600).slice(16));
      // Ids of the same layout (150, 210) decode as EEG; any other loses the packet, counted and filled.
      if ([150, 210].includes(packets[0][0])) {
        expect(r.lost, context).toBe(0);
        expect(ids.slice(0, 16), context).toEqual(inOrder(16));
      } else {
        expect(r.lost, context).toBe(16);
        expect(r.filled, context).toBe(16);
        expect(r.skipped, context).toBe(packets[0].length);
        expect(r.recording.annotations.map((a) => [a.onset, a.label])).toEqual([[0, 'lost 16']]);
      }
    }
  });

  it('Explore: a channel-count change mid-stream counts its samples lost, with a note at its time', () => {
    const unit = exploreScale(2.4);
    const packet = (k: number, channels: number) =>
      encodeExplorePacket(
        146,
        k,
        k * EXPLORE_TICKS_PER_PACKET,
        encodeExploreEeg(
          Array.from({ length: 16 }, () => new Array<number>(channels).fill(unit)),
          2.4,
        ),
      );
    // 8 channels for 64 s, then 4 channels to the end (as after a channel-mask command).
    const halves = Array.from({ length: 2000 }, (_, k) => packet(k, k < 1000 ? 8 : 4));
    const r = decodeCapture('explore', Uint8Array.from(halves.flatMap((p) => Array.from(p))));
    expect(r.recording.channels).toHaveLength(8);
    expect(r.recording.data[0].length).toBe(16_000);
    expect(r.lost).toBe(16_000);
    expect(r.notes).toEqual([
      { time: 64, label: 'lost 16000 samples: packets of 4 channels at 250 Hz, not 8 at 250 Hz' },
    ]);
    expect(r.recording.annotations).toContainEqual({ onset: 64, duration: 0, label: r.notes[0].label });

    // And back: the gap is filled where it was, and noted.
    const back = Array.from({ length: 1500 }, (_, k) => packet(k, k >= 500 && k < 1000 ? 4 : 8));
    const b = decodeCapture('explore', Uint8Array.from(back.flatMap((p) => Array.from(p))));
    expect(b.recording.data[0].length).toBe(24_000);
    expect(b.lost).toBe(8000);
    expect(b.filled).toBe(8000);
    const marks = b.recording.annotations.map((a) => [a.onset, a.label]);
    expect(marks).toHaveLength(2);
    expect(marks).toContainEqual([32, 'lost 8000 samples: packets of 4 channels at 250 Hz, not 8 at 250 Hz']);
    expect(marks).toContainEqual([32, 'lost 8000']);
  });
});
