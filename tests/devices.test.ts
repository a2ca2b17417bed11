import { describe, expect, it } from 'vitest';
import { writeBits } from '../src/core/devices/bits';
import { CYTON_UV_PER_COUNT, CytonDecoder, encodeCytonPacket } from '../src/core/devices/cyton';
import { ExploreDecoder, encodeExploreEeg, encodeExplorePacket, exploreScale } from '../src/core/devices/explore';
import { encodeGanglion, GANGLION_UV_PER_COUNT, GanglionDecoder } from '../src/core/devices/ganglion';
import { MuseDecoder, decodeMuse12, encodeMuse12 } from '../src/core/devices/muse';
import { SimulatedCyton } from '../src/core/devices/simulated-cyton';
import { mulberry32 } from '../src/core/sim/eeg-model';
import { concatBytes, type DecodeResult, type SampleBlock } from '../src/core/devices/types';

const concat = (...parts: Uint8Array[]) => concatBytes(parts);

/** Feeds bytes in random-sized pieces and merges what comes out. */
function feed(push: (b: Uint8Array) => DecodeResult, bytes: Uint8Array, seed = 1, maxPiece = 50) {
  const rand = mulberry32(seed);
  const blocks: SampleBlock[] = [];
  let lost = 0;
  let skipped = 0;
  for (let i = 0; i < bytes.length;) {
    const n = 1 + Math.floor(rand() * maxPiece);
    const r = push(bytes.subarray(i, i + n));
    blocks.push(r.block);
    lost += r.lost;
    skipped += r.skipped;
    i += n;
  }
  const channels = blocks[0]?.data.length ?? 0;
  const data = Array.from({ length: channels }, (_, c) => blocks.flatMap((b) => Array.from(b.data[c] ?? [])));
  const counters = blocks.flatMap((b) => Array.from(b.counters));
  return { data, counters, lost, skipped, samples: counters.length };
}

/** One check of every sample (an expect per sample made the fuzz cases take seconds); names the bad ones. */
function expectFinite(data: number[][]) {
  const bad = data.flatMap((ch, c) => ch.flatMap((v, i) => (Number.isFinite(v) ? [] : [{ c, i, v }])));
  expect(bad).toEqual([]);
}

describe('Cyton decoder', () => {
  it('decodes a hand-built packet byte-exactly: sign extension, scale, accelerometer', () => {
    const p = new Uint8Array(33);
    p[0] = 0xa0;
    p[1] = 7;
    const channels = [
      [0x00, 0x00, 0x01], // 1
      [0xff, 0xff, 0xff], // -1
      [0x80, 0x00, 0x00], // -8388608
      [0x7f, 0xff, 0xff], // 8388607
      [0x12, 0x34, 0x56],
      [0xed, 0xcb, 0xaa], // -1193046
      [0, 0, 0],
      [0x00, 0x10, 0x00],
    ];
    channels.forEach((b, c) => p.set(b, 2 + 3 * c));
    p.set([0x01, 0x00, 0xff, 0x00, 0x00, 0x00], 26); // accel x = 256 counts, y = -256, z = 0
    p[32] = 0xc0;
    const d = new CytonDecoder();
    const r = d.push(p);
    const expected = [1, -1, -8388608, 8388607, 0x123456, -1193046, 0, 4096];
    expect(Array.from(r.block.data.map((c) => c[0]))).toEqual(expected.map((v) => Math.fround(v * CYTON_UV_PER_COUNT)));
    expect(CYTON_UV_PER_COUNT).toBeCloseTo(0.02235, 5);
    expect(r.block.counters[0]).toBe(7);
    expect(d.accel[0]).toBeCloseTo(256 * (0.002 / 16), 12);
    expect(d.accel[1]).toBeCloseTo(-256 * (0.002 / 16), 12);
  });

  it('round-trips the encoder within one count, in any chunking', () => {
    const rand = mulberry32(3);
    const uv = Array.from({ length: 300 }, () => Array.from({ length: 8 }, () => (rand() - 0.5) * 400));
    const bytes = concat(...uv.map((s, i) => encodeCytonPacket(i, s)));
    const one = new CytonDecoder();
    expect(feed((b) => one.push(b), bytes.subarray(0, 33)).samples).toBe(1);
    const dec = new CytonDecoder();
    const all = feed((b) => dec.push(b), bytes, 5);
    expect(all.samples).toBe(300);
    expect(all.lost).toBe(0);
    const beyondOneCount = uv.flatMap((s, i) =>
      s.flatMap((v, c) =>
        Math.abs(all.data[c][i] - v) <= CYTON_UV_PER_COUNT ? [] : [{ i, c, v, got: all.data[c][i] }],
      ),
    );
    expect(beyondOneCount).toEqual([]);
  });

  it('resynchronises after garbage and cut packets and counts lost samples across the wrap', () => {
    const packets = Array.from({ length: 260 }, (_, i) => encodeCytonPacket(i & 0xff, [i, 0, 0, 0, 0, 0, 0, -i]));
    const garbage = Uint8Array.from([0xa0, 1, 2, 3, 0xc0, 0xa0, 0xff, 0x00]);
    const cut = packets[10].subarray(0, 20);
    // Drop packets 100-104 and 254-257 (wraps 255 -> 0); a cut packet stands in place of 10's neighbour.
    const stream = concat(
      garbage,
      ...packets.slice(0, 10),
      cut,
      ...packets.slice(10, 100),
      garbage,
      ...packets.slice(105, 254),
      ...packets.slice(258),
    );
    const d = new CytonDecoder();
    const r = feed((b) => d.push(b), stream, 9, 70);
    expect(r.samples).toBe(260 - 5 - 4);
    expect(r.lost).toBe(9);
    expect(r.skipped).toBeGreaterThanOrEqual(garbage.length * 2 + cut.length - 1);
    // Values survive: channel 1 carries the packet index.
    const firstAfterGap = r.counters.indexOf(105);
    expect(r.data[0][firstAfterGap]).toBeCloseTo(105, 1);
  });

  it('pairs Daisy packets (odd = main board, even = Daisy) into 16 channels at 125 Hz', () => {
    const d = new CytonDecoder(true);
    expect(d.channelCount).toBe(16);
    expect(d.sampleRate).toBe(125);
    const main = (k: number) => Array.from({ length: 8 }, (_, c) => 10 * k + c);
    const daisy = (k: number) => Array.from({ length: 8 }, (_, c) => -10 * k - c);
    // The stream starts with an even packet: unusable, dropped.
    const stream = concat(
      encodeCytonPacket(0, daisy(0)),
      encodeCytonPacket(1, main(1)),
      encodeCytonPacket(2, daisy(1)),
      encodeCytonPacket(3, main(2)),
      encodeCytonPacket(4, daisy(2)),
    );
    const r = feed((b) => d.push(b), stream);
    expect(r.samples).toBe(2);
    expect(r.data.map((c) => Number(c[1].toFixed(1)))).toEqual([...main(2), ...daisy(2)]);
    // Losing a Daisy packet loses that 16-channel sample.
    const d2 = new CytonDecoder(true);
    const lossy = concat(
      encodeCytonPacket(1, main(1)),
      encodeCytonPacket(2, daisy(1)),
      encodeCytonPacket(3, main(2)),
      encodeCytonPacket(5, main(3)),
      encodeCytonPacket(6, daisy(3)),
    );
    const r2 = feed((b) => d2.push(b), lossy);
    expect(r2.samples).toBe(2);
    expect(r2.lost).toBe(1);
  });

  it('never throws or emits NaN on random and mutated streams', () => {
    const rand = mulberry32(42);
    const sim = new SimulatedCyton({ seed: 4 });
    const real = sim.read(2000);
    for (let round = 0; round < 30; round++) {
      const mutated = real.slice();
      for (let k = 0; k < 200; k++) mutated[Math.floor(rand() * mutated.length)] = Math.floor(rand() * 256);
      const random = Uint8Array.from({ length: 3000 }, () => Math.floor(rand() * 256));
      for (const daisy of [false, true]) {
        const d = new CytonDecoder(daisy);
        const r1 = feed((b) => d.push(b), mutated, round);
        const r2 = feed((b) => d.push(b), random, round + 100);
        expectFinite(r1.data);
        expectFinite(r2.data);
        expect(r1.lost).toBeGreaterThanOrEqual(0);
        if (!daisy) expect(r1.samples).toBeGreaterThan(1500);
      }
    }
  });
});

describe('Mentalab Explore decoder', () => {
  it('decodes an EEG98 packet (8 ch, little-endian int24, 2.4 V) byte-exactly', () => {
    const samples = 16;
    const data = new Uint8Array(samples * 9 * 3);
    for (let s = 0; s < samples; s++) {
      const o = s * 27;
      data.set([0xff, 0x00, 0x06], o); // status: mask, 0, rate code 6 = 250 Hz
      data.set([0x01, 0x00, 0x00], o + 3); // ch1 = 1
      data.set([0xff, 0xff, 0xff], o + 6); // ch2 = -1
      data.set([0x00, 0x00, 0x80], o + 9); // ch3 = -8388608
      data.set([0xff, 0xff, 0x7f], o + 12); // ch4 = 8388607
      data.set([s, 0, 0], o + 15); // ch5 = s
    }
    const packet = encodeExplorePacket(146, 3, 123456, data);
    expect(packet.length).toBe(8 + data.length + 4);
    expect(packet[2] | (packet[3] << 8)).toBe(4 + data.length + 4); // length counts time stamp, data, trailer
    const d = new ExploreDecoder();
    // The layout is adopted when a second packet confirms it.
    expect(d.push(packet).block.timestamps.length).toBe(0);
    const r = d.push(encodeExplorePacket(146, 4, 123456 + 640, data));
    expect(r.block.timestamps.length).toBe(32);
    expect(d.channelCount).toBe(8);
    expect(d.sampleRate).toBe(250);
    const k = exploreScale(2.4);
    expect(k).toBeCloseTo(0.04768, 5);
    expect(r.block.data[0][0]).toBe(Math.fround(k));
    expect(r.block.data[1][0]).toBe(Math.fround(-k));
    expect(r.block.data[2][0]).toBe(Math.fround(-8388608 * k));
    expect(r.block.data[3][0]).toBe(Math.fround(8388607 * k));
    expect(Array.from(r.block.data[4].subarray(0, 16)).map((v) => Math.round(v / k))).toEqual(
      Array.from({ length: 16 }, (_, s) => s),
    );
    // The time line is the sample index; the device clock only measures loss.
    expect(r.block.timestamps[16]).toBeCloseTo(16 / 250, 9);
    expect(r.lost).toBe(0);
  });

  it('decodes EEG94 (4 ch), EEG99 (4.5 V) and EEG32, learning the channel count', () => {
    const rows = (n: number, ch: number) =>
      Array.from({ length: n }, (_, s) => Array.from({ length: ch }, (_, c) => 10 * c + s));
    const twice = (id: number, data: Uint8Array) =>
      concat(encodeExplorePacket(id, 0, 0, data), encodeExplorePacket(id, 1, 0, data));
    const d4 = new ExploreDecoder();
    const r4 = d4.push(twice(144, encodeExploreEeg(rows(33, 4), 2.4)));
    expect(d4.channelCount).toBe(4);
    expect(r4.block.data[3][32]).toBeCloseTo(62, 1);
    const d99 = new ExploreDecoder();
    const r99 = d99.push(twice(62, encodeExploreEeg(rows(16, 8), 4.5, 5)));
    expect(d99.sampleRate).toBe(500);
    expect(r99.block.data[7][15]).toBeCloseTo(85, 1);
    const d32 = new ExploreDecoder();
    const r32 = d32.push(twice(148, encodeExploreEeg(rows(4, 32), 2.4)));
    expect(d32.channelCount).toBe(32);
    expect(r32.block.data[31][3]).toBeCloseTo(313, 1);
  });

  it('decodes Explore Pro BLE packets: big-endian, channels reversed in groups of 8', () => {
    const data = new Uint8Array(8 * 3);
    for (let w = 0; w < 8; w++) data.set([0, 0, w + 1], 3 * w); // word w holds w + 1 (big-endian)
    const d = new ExploreDecoder();
    const r = d.push(concat(encodeExplorePacket(151, 0, 0, data), encodeExplorePacket(151, 1, 40, data)));
    const k = exploreScale(2.4);
    expect(Array.from(r.block.data.map((c) => Math.round(c[0] / k)))).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('skips other packets and garbage, resynchronises, and counts loss from the device clock', () => {
    const rows = Array.from({ length: 16 }, (_, s) => Array.from({ length: 8 }, () => s));
    const eeg = (ts: number, cnt: number) => encodeExplorePacket(146, cnt, ts, encodeExploreEeg(rows, 2.4));
    const env = encodeExplorePacket(19, 9, 100, Uint8Array.from([25, 0, 0, 0x10, 0x08]));
    const orn = encodeExplorePacket(13, 10, 100, new Uint8Array(18));
    const step = (16 / 250) * 10_000; // ticks between EEG packets
    const stream = concat(
      Uint8Array.from([0xde, 0xad, 1, 2, 3]),
      eeg(0, 1),
      env,
      eeg(step, 2),
      orn,
      Uint8Array.from([146, 0, 0x40, 0x01, 9, 9]), // a header with no body
      eeg(2 * step, 3),
      // two EEG packets lost here
      eeg(5 * step, 6),
    );
    const d = new ExploreDecoder();
    const r = feed((b) => d.push(b), stream, 2, 90);
    // The last packet jumps: it waits for a neighbour to confirm the jump, and comes out when the stream ends.
    expect(r.samples).toBe(48);
    const tail = d.end();
    expect(r.samples + tail.block.timestamps.length).toBe(64);
    expect(r.lost + tail.lost).toBe(32);
    expect(d.temperature).toBe(25);
    expect(d.battery).toBeGreaterThan(0);
  });

  it('never throws or emits NaN on random and mutated streams', () => {
    const rand = mulberry32(7);
    const rows = Array.from({ length: 16 }, (_, s) => Array.from({ length: 8 }, (_, c) => s * c));
    const real = concat(
      ...Array.from({ length: 50 }, (_, i) => encodeExplorePacket(146, i, i * 640, encodeExploreEeg(rows, 2.4))),
    );
    for (let round = 0; round < 30; round++) {
      const mutated = real.slice();
      for (let k = 0; k < 100; k++) mutated[Math.floor(rand() * mutated.length)] = Math.floor(rand() * 256);
      const d = new ExploreDecoder(8);
      expectFinite(feed((b) => d.push(b), mutated, round).data);
      const d2 = new ExploreDecoder();
      expectFinite(
        feed(
          (b) => d2.push(b),
          Uint8Array.from({ length: 5000 }, () => Math.floor(rand() * 256)),
          round,
        ).data,
      );
    }
  });
});

/** Ganglion firmware 2 notifications from ADC counts ([sample][channel]). */
const ganglionStream = (samples: number[][], bits: 18 | 19 = 18) =>
  encodeGanglion(
    [0, 1, 2, 3].map((c) => samples.map((row) => row[c] * GANGLION_UV_PER_COUNT)),
    bits,
  );

describe('Ganglion decoder', () => {
  // Deltas with the sign in the LSB: negative deltas are odd, positive even.
  // A random walk whose steps the wire format can carry (even >= 0 or odd < 0 deltas).
  const walk = (n: number) => {
    const rand = mulberry32(n);
    const rows = [[1000, -2000, 3, 70000]];
    for (let s = 1; s < n; s++) {
      rows.push(
        rows[s - 1].map((v) => {
          let d = Math.floor((rand() - 0.5) * 4000);
          if (d >= 0 && d % 2 !== 0) d += 1;
          if (d < 0 && d % 2 === 0) d -= 1;
          return v - d;
        }),
      );
    }
    return rows;
  };

  it('decodes firmware 2 raw and 18-bit delta packets exactly', () => {
    const samples = walk(21);
    const d = new GanglionDecoder(2);
    const out: number[][] = [];
    let lost = 0;
    for (const p of ganglionStream(samples)) {
      const r = d.push(p);
      lost += r.lost;
      for (let i = 0; i < r.block.counters.length; i++) out.push(r.block.data.map((c) => c[i]));
    }
    expect(lost).toBe(0);
    expect(out.length).toBe(21);
    expect(out).toEqual(
      samples.slice(0, out.length).map((row) => row.map((v) => Math.fround(v * GANGLION_UV_PER_COUNT))),
    );
    expect(GANGLION_UV_PER_COUNT).toBeCloseTo(0.00187, 5);
  });

  it('decodes 19-bit deltas, and drops the chain after a lost packet until the next raw packet', () => {
    const samples = walk(11);
    const packets = ganglionStream(samples, 19);
    const d = new GanglionDecoder(2);
    let n = 0;
    let lost = 0;
    for (const p of [...packets.slice(0, 2), ...packets.slice(3)]) {
      const r = d.push(p);
      n += r.block.counters.length;
      lost += r.lost;
    }
    expect(n).toBe(3);
    expect(lost).toBe(8);
    const r = d.push(packets[0]);
    expect(r.block.counters.length).toBe(1);
  });

  it('decodes firmware 3 values (shifted, sign in bit 0)', () => {
    const p = new Uint8Array(20);
    p[0] = 5;
    const vals = [100, -101, 0, 2 ** 16]; // negative values are odd: the sign is bit 0
    vals.forEach((v, c) => {
      const raw = v < 0 ? v + 2 ** 18 : v;
      writeBits(p.subarray(1), c * 18, 18, raw);
    });
    const r = new GanglionDecoder(3).push(p);
    expect(Array.from(r.block.data.map((c) => c[0]))).toEqual(
      vals.map((v) => Math.fround(v * 64 * GANGLION_UV_PER_COUNT)),
    );
  });

  it('never throws or emits NaN on random notifications', () => {
    const rand = mulberry32(11);
    for (const fw of [2, 3] as const) {
      const d = new GanglionDecoder(fw);
      for (let k = 0; k < 3000; k++) {
        const len = rand() < 0.9 ? 20 : Math.floor(rand() * 40);
        const r = d.push(Uint8Array.from({ length: len }, () => Math.floor(rand() * 256)));
        for (const c of r.block.data) for (const v of c) expect(Number.isFinite(v)).toBe(true);
      }
    }
  });
});

describe('Muse decoder', () => {
  it('unpacks 12-bit samples byte-exactly', () => {
    const p = new Uint8Array(20);
    p.set([0x01, 0x02]);
    p.set([0xab, 0xcd, 0xef], 2); // A = 0xabc, B = 0xdef
    p.set([0x80, 0x08, 0x00], 5); // A = 0x800 (0 uV), B = 0x800
    const d = decodeMuse12(p)!;
    expect(d.index).toBe(0x0102);
    expect(d.samples[0]).toBe(0.48828125 * (0xabc - 0x800));
    expect(d.samples[1]).toBe(0.48828125 * (0xdef - 0x800));
    expect(d.samples[2]).toBe(0);
    expect(d.samples[3]).toBe(0);
    expect(d.samples).toHaveLength(12);
  });

  it('joins electrodes by packet index and counts lost packets across the wrap', () => {
    const d = new MuseDecoder(4);
    const values = (idx: number, ch: number) =>
      Array.from({ length: 12 }, (_, k) => ((idx + ch + k) % 50) * 0.48828125);
    let samples = 0;
    let lost = 0;
    for (const idx of [0xfffe, 0xffff, 2]) {
      for (let ch = 0; ch < 4; ch++) {
        const r = d.pushElectrode(ch, encodeMuse12(idx, values(idx, ch)));
        samples += r.block.counters.length;
        lost += r.lost;
        if (r.block.counters.length) expect(r.block.data[2][5]).toBe(values(idx, 2)[5]);
      }
    }
    expect(samples).toBe(36);
    expect(lost).toBe(24); // indexes 0 and 1 missing
    expect(d.pushElectrode(9, new Uint8Array(20)).block.counters.length).toBe(0);
    expect(d.pushElectrode(0, new Uint8Array(7)).skipped).toBe(7);
  });
});
