import { describe, expect, it } from 'vitest';
import { RecordingAssembler } from '../src/core/devices/assembler';
import {
  encodeGanglion,
  encodeGanglionFw3,
  ganglionFirmware,
  GANGLION_RATE,
  GANGLION_ROUND_SAMPLES,
  GANGLION_UV_PER_COUNT,
  GanglionDecoder,
} from '../src/core/devices/ganglion';
import { headset } from '../src/core/devices/registry';
import { ganglionChannels, ganglionTolerance, haveDataset } from './helpers/dataset';

/**
 * The Ganglion's firmware 2 stream from a real recording: encoded as the
 * board sends it, decoded back, with notifications left out.
 */
const ROUNDS = 10;
const TOTAL = ROUNDS * GANGLION_ROUND_SAMPLES;
/** Notifications per round: the raw packet, then 100 delta packets. */
const PER_ROUND = 101;

/** The decoder's output placed on its time line, as captures and the session place it. */
function decode(packets: Uint8Array[], firmware: 2 | 3 = 2) {
  const decoder = new GanglionDecoder(firmware);
  const assembler = new RecordingAssembler(['ch1', 'ch2', 'ch3', 'ch4'], GANGLION_RATE);
  let lost = 0;
  let delivered = 0;
  for (const p of packets) {
    const r = decoder.push(p);
    lost += r.lost;
    delivered += r.block.timestamps.length;
    assembler.add(r.block);
  }
  return { lost, delivered, recording: assembler.toRecording() };
}

/** Samples (by number) whose decoded value is further from the recording than the format allows. */
function offSamples(channels: number[][], got: ArrayLike<number>[], skip: (i: number) => boolean = () => false) {
  const off: { ch: number; i: number; error: number }[] = [];
  channels.forEach((c, ch) =>
    c.forEach((uv, i) => {
      const error = Math.abs(got[ch][i] - uv);
      if (!skip(i) && !(error <= ganglionTolerance(i, uv))) off.push({ ch, i, error });
    }),
  );
  return off;
}

describe('Ganglion notifications, byte by byte', () => {
  // Counts: a raw sample, then deltas (previous - current) of 2, -3, 0 and 5, then none.
  const raw = [1, -1, 0x123456, -0x123456];
  const next = [raw[0] - 2, raw[1] + 3, raw[2], raw[3] - 5];
  const channels = [0, 1, 2, 3].map((c) => [raw[c], next[c], next[c]].map((n) => n * GANGLION_UV_PER_COUNT));
  const rawBytes = [0, 0x00, 0x00, 0x01, 0xff, 0xff, 0xff, 0x12, 0x34, 0x56, 0xed, 0xcb, 0xaa, ...'ABCDEFG'].map((b) =>
    typeof b === 'string' ? b.charCodeAt(0) : b,
  );

  // Fields back to back, most significant bit first; -3 keeps its sign in bit 0, 5 gives up its bit 0 to it (4).
  it('packs 18-bit deltas as the firmware does', () => {
    const [first, deltas] = encodeGanglion(channels, 18);
    expect(Array.from(first)).toEqual(rawBytes);
    // 2 = 0b10, then -3 as 18 bits (0x3fffd), 0, 4; the second sample's deltas are 0; byte 19 for the accelerometer.
    expect(Array.from(deltas)).toEqual([
      1,
      0x00,
      0x00,
      0xbf,
      0xff,
      0xd0,
      0x00,
      0x00,
      0x00,
      0x04,
      ...new Array<number>(10).fill(0),
    ]);
  });

  it('packs 19-bit deltas as the firmware does', () => {
    const [first, deltas] = encodeGanglion(channels, 19);
    expect(Array.from(first)).toEqual(rawBytes);
    expect(Array.from(deltas)).toEqual([
      101,
      0x00,
      0x00,
      0x5f,
      0xff,
      0xf4,
      0x00,
      0x00,
      0x00,
      0x00,
      0x40,
      ...new Array<number>(9).fill(0),
    ]);
  });

  it('decodes them to the ADC counts, but for the bit the sign took', () => {
    const decoder = new GanglionDecoder(2);
    const got = encodeGanglion(channels).flatMap((p) => {
      const { block } = decoder.push(p);
      return Array.from(block.timestamps, (_, i) => block.data.map((c) => Math.round(c[i] / GANGLION_UV_PER_COUNT)));
    });
    const quantised = [next[0], next[1], next[2], next[3] + 1];
    expect(got).toEqual([raw, quantised, quantised]);
  });
});

describe.runIf(haveDataset())('Ganglion notifications from a real recording', () => {
  const channels = ganglionChannels(TOTAL);

  for (const bits of [18, 19] as const) {
    it(`round trip with ${bits}-bit deltas: the recording's samples within the format's quantisation, nothing lost`, () => {
      const packets = encodeGanglion(channels, bits);
      const first = bits === 18 ? 1 : 101;
      const round = [0, ...Array.from({ length: 100 }, (_, p) => first + p)];
      expect(packets.map((p) => p[0])).toEqual(Array.from({ length: ROUNDS }, () => round).flat());
      expect(packets.every((p) => p.length === 20)).toBe(true);
      // The raw packet's padding, as the board sends it.
      expect(Array.from(packets[0].subarray(13))).toEqual(Array.from('ABCDEFG', (c) => c.charCodeAt(0)));
      const { lost, delivered, recording } = decode(packets);
      expect(lost).toBe(0);
      expect(delivered).toBe(TOTAL);
      expect(recording.data[0].length).toBe(TOTAL);
      expect(offSamples(channels, recording.data)).toEqual([]);
      // The quantisation is real: the deltas' lost bits leave the samples off by more than the ADC's rounding.
      const worst = Math.max(...channels[0].map((uv, i) => Math.abs(recording.data[0][i] - uv)));
      expect(worst).toBeGreaterThan(2 * GANGLION_UV_PER_COUNT);
    });
  }

  // Where samples go missing when notifications do (sample r x 201 + j is sample j of round r).
  const drops = [
    {
      what: 'a delta packet: it and the rest of its round',
      gone: [3 * PER_ROUND + 40],
      lostSamples: [3 * 201 + 79, 3 * 201 + 200],
    },
    {
      what: "a round's last packet: its two samples",
      gone: [2 * PER_ROUND + 100],
      lostSamples: [2 * 201 + 199, 2 * 201 + 200],
    },
    { what: 'a raw packet: its whole round', gone: [4 * PER_ROUND], lostSamples: [4 * 201, 4 * 201 + 200] },
    {
      what: "all of a round's delta packets: all but its raw sample",
      gone: Array.from({ length: 100 }, (_, p) => 5 * PER_ROUND + 1 + p),
      lostSamples: [5 * 201 + 1, 5 * 201 + 200],
    },
  ];
  for (const { what, gone, lostSamples } of drops) {
    it(`a notification left out is counted exactly as the samples that never come: ${what}`, () => {
      const [from, to] = lostSamples;
      const count = to - from + 1;
      const packets = encodeGanglion(channels).filter((_, k) => !gone.includes(k));
      const { lost, delivered, recording } = decode(packets);
      expect(lost).toBe(count);
      expect(delivered).toBe(TOTAL - count);
      // On the time line the gap sits where the samples were, marked; the rest are the recording's.
      expect(recording.data[0].length).toBe(TOTAL);
      expect(recording.annotations).toEqual([
        { onset: from / GANGLION_RATE, duration: count / GANGLION_RATE, label: `lost ${count}` },
      ]);
      expect(offSamples(channels, recording.data, (i) => i >= from && i <= to)).toEqual([]);
    });
  }
});

describe('Ganglion firmware 3', () => {
  it("is told by the board's Software Revision String; older boards (or none said) are firmware 2", () => {
    for (const said of ['3.1.1', '3.0.0', 'v3.1.1', '3', ' 3.2 '])
      expect([said, ganglionFirmware(said)]).toEqual([said, 3]);
    for (const said of [undefined, '', '2.0.1', '2.1', '30.1', 'unknown'])
      expect([said, ganglionFirmware(said)]).toEqual([said, 2]);
    // The headset table's decoder follows what the board said.
    const table = headset('ganglion');
    expect((table.decoder('3.0.2') as GanglionDecoder).firmware).toBe(3);
    expect((table.decoder(undefined) as GanglionDecoder).firmware).toBe(2);
    expect(table.bluetooth?.optionalServices).toContain(table.bluetooth?.firmware?.service);
  });

  it('read as firmware 2, firmware 3 notifications are not the recording: the firmware matters', () => {
    // One round: 100 notifications.
    const channels = [0, 1, 2, 3].map((c) => Array.from({ length: 200 }, (_, i) => 20 * Math.sin(i / 7 + c)));
    const packets = encodeGanglionFw3(channels);
    const asFw2 = new GanglionDecoder(2);
    const wrong = packets.flatMap((p) => Array.from(asFw2.push(p).block.data[0]));
    const asFw3 = new GanglionDecoder(3);
    const right = packets.flatMap((p) => Array.from(asFw3.push(p).block.data[0]));
    expect(right).toHaveLength(200);
    expect(Math.max(...right.map((v, i) => Math.abs(v - channels[0][i])))).toBeLessThan(0.3);
    // Firmware 2 takes id 0 for a raw packet and the rest for deltas from it: nothing near the signal.
    expect(wrong.length === 200 && wrong.every((v, i) => Math.abs(v - channels[0][i]) < 0.3)).toBe(false);
  });
});

describe.runIf(haveDataset())('Ganglion firmware 3 notifications from a real recording', () => {
  // Ten of the board's rounds of 201 samples, about 10 s; it sends 200 of each (sample 200 is never sent).
  const channels = ganglionChannels(2010);
  const unsent = (i: number) => i % 201 === 200;

  for (const bits of [18, 19] as const) {
    // A value keeps its top `bits` bits but for bit 0, which carries the sign: up to 2 x 2^(24 - bits) counts off.
    const step = 2 ** (24 - bits) * GANGLION_UV_PER_COUNT;
    const near = (got: number, uv: number) =>
      Math.abs(got - uv) <= 2 * step + 0.5 * GANGLION_UV_PER_COUNT + Math.abs(uv) * 2 ** -23;
    it(`round trip with ${bits}-bit values: every sample sent in its place, the one a round the board keeps counted lost`, () => {
      const packets = encodeGanglionFw3(channels, bits);
      const first = bits === 18 ? 0 : 100;
      expect(packets).toHaveLength(1000);
      expect(packets.map((p) => p[0])).toEqual(packets.map((_, k) => first + (k % 100)));
      const { recording: rec, lost } = decode(packets, 3);
      // Nine round ends inside the stream; the tenth round's sample 200 would come after the last notification.
      expect(lost).toBe(9);
      expect(rec.data[0].length).toBe(2009);
      expect(rec.annotations.map((a) => Math.round(a.onset * GANGLION_RATE))).toEqual(
        Array.from({ length: 9 }, (_, r) => 201 * r + 200),
      );
      const off = channels.flatMap((c, ch) =>
        c.slice(0, 2009).filter((uv, i) => !unsent(i) && !near(rec.data[ch][i], uv)),
      );
      expect(off).toEqual([]);
    });

    it(`${bits}-bit: the start notification (numbered ${bits === 18 ? 255 : 99}) is not decoded, and its round's ids run one behind`, () => {
      // As after the start command: the ring level starts at 0xFF, so the first round's ids are 255 (or 355 as a
      // byte, 99) then 0-98 (100-198), carrying samples 0-199; sample 200 is not sent; then rounds as usual.
      const packets = encodeGanglionFw3(channels, bits);
      const start = bits === 18 ? 255 : 99;
      const firstRound = packets.slice(0, 100).map((p, k) => {
        const q = Uint8Array.from(p);
        q[0] = k === 0 ? start : p[0] - 1;
        return q;
      });
      const { recording: rec, lost } = decode([...firstRound, ...packets.slice(100)], 3);
      // From sample 2 on, in place: the first round ends at sample 199 after all, and one sample a round is lost.
      expect(lost).toBe(9);
      expect(rec.data[0].length).toBe(2007);
      const off = channels.flatMap((c, ch) =>
        c.slice(2, 2009).filter((uv, i) => !unsent(i + 2) && !near(rec.data[ch][i], uv)),
      );
      expect(off).toEqual([]);
    });
  }

  it('a notification left out is counted as its two samples, and the rest stay in place', () => {
    const { recording: rec, lost } = decode(
      encodeGanglionFw3(channels).filter((_, k) => k !== 57),
      3,
    );
    expect(lost).toBe(2 + 9);
    expect(rec.annotations[0]).toEqual({ onset: 114 / GANGLION_RATE, duration: 2 / GANGLION_RATE, label: 'lost 2' });
    const step = 64 * GANGLION_UV_PER_COUNT;
    for (const i of [116, 1500])
      expect(Math.abs(rec.data[0][i] - channels[0][i])).toBeLessThanOrEqual(2 * step + GANGLION_UV_PER_COUNT);
  });
});
