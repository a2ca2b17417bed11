import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EdfReader,
  bufferSource,
  encodeRecording,
  readCsv,
  readEventsTsv,
  readRecording,
  type Recording,
  RecordingError,
  writeCsv,
  writeEdf,
} from '../src/core/recording/index';
import { DATASET, SUBJECTS, haveDataset, sessionFile } from './helpers/dataset';

function synthetic(channels = 3, seconds = 4.5, fs = 250): Recording {
  const n = Math.round(seconds * fs);
  return {
    channels: Array.from({ length: channels }, (_, c) => ({ label: `ch${c + 1}`, unit: 'uV' })),
    sampleRate: fs,
    data: Array.from({ length: channels }, (_, c) =>
      Float32Array.from({ length: n }, (_, i) => 40 * Math.sin((i * (c + 1)) / 7) + ((i * 7919 + c) % 101) - 50),
    ),
    annotations: [
      { onset: 0.5, duration: 1, label: '13Hz' },
      { onset: 2.25, duration: 1.5, label: 'rest' },
      { onset: 4.1, duration: 0, label: 'marker with spaces' },
    ],
  };
}

function maxError(a: Recording, b: Recording): number {
  let m = 0;
  a.data.forEach((ch, c) => ch.forEach((v, i) => (m = Math.max(m, Math.abs(v - b.data[c][i])))));
  return m;
}

describe('BDF+/EDF+ writer and reader', () => {
  for (const format of ['BDF', 'EDF'] as const) {
    it(`round-trips samples and annotations through ${format}+`, () => {
      const rec = synthetic();
      const bytes = writeEdf(rec, { format });
      const back = readRecording(bytes, `x.${format.toLowerCase()}`);
      expect(back.channels.map((c) => c.label)).toEqual(['ch1', 'ch2', 'ch3']);
      expect(back.sampleRate).toBe(250);
      // The last record is padded by repeating the last sample.
      expect(back.data[0].length).toBe(5 * 250);
      const trimmed = { ...back, data: back.data.map((c) => c.subarray(0, rec.data[0].length)) };
      const range = 100;
      const step = (2 * range) / (format === 'BDF' ? 2 ** 24 : 2 ** 16);
      expect(maxError(rec, trimmed)).toBeLessThan(step * 2);
      expect(back.data[0][back.data[0].length - 1]).toBeCloseTo(rec.data[0][rec.data[0].length - 1], 1);
      expect(back.annotations.map((a) => [a.onset, a.duration, a.label])).toEqual(
        rec.annotations.map((a) => [a.onset, a.duration, a.label]),
      );
      const header = new EdfReader(bufferSource(bytes), 'x').header;
      expect(header.variant).toBe('C');
      expect(header.format).toBe(format);
    });
  }

  it('reads a discontinuous +D file onto the concatenated sample time line', () => {
    const rec = synthetic(1, 3, 100);
    const bytes = writeEdf(rec, { format: 'EDF' });
    // Re-label as EDF+D and move record 3 (t = 2 s) to t = 10 s: a 7 s gap.
    const text = new TextDecoder('latin1').decode(bytes);
    const patched = text.replace('EDF+C', 'EDF+D').replace('+2\x14\x14\x00', '+10\x14\x14\x00');
    const out = Uint8Array.from(patched, (ch) => ch.charCodeAt(0));
    const back = readRecording(out, 'gap.edf');
    const reader = new EdfReader(bufferSource(out), 'gap.edf');
    expect(reader.header.variant).toBe('D');
    expect([...reader.recordOnsets()]).toEqual([0, 1, 10]);
    expect(back.data[0].length).toBe(300);
  });

  it('maps a +D file of 120 000 records with an annotation in each in linear time (issue 20: 28.7 s before)', () => {
    const records = 120_000;
    // 4 ms records; every tenth record starts after a 1 s pause.
    const start = (r: number) => r * 0.004 + Math.floor(r / 10);
    const rec: Recording = {
      channels: [{ label: 'Oz', unit: 'uV' }],
      sampleRate: 250,
      data: [Float32Array.from({ length: records }, (_, i) => i % 97)],
      annotations: Array.from({ length: records }, (_, r) => ({ onset: start(r) + 0.001, duration: 0, label: 'm' })),
    };
    const bytes = writeEdf(rec, { format: 'BDF', recordSamples: 1, recordStart: start });
    const reader = new EdfReader(bufferSource(bytes), 'many.bdf');
    expect(reader.header.variant).toBe('D');
    const started = performance.now();
    const mapped = reader.timelineAnnotations();
    const seconds = (performance.now() - started) / 1000;
    expect(mapped).toHaveLength(records);
    // Each lands 1 ms into its own record on the sample time line.
    const wrong = mapped.findIndex((a, r) => Math.abs(a.onset - (r * 0.004 + 0.001)) > 1e-6);
    expect(wrong).toBe(-1);
    expect(seconds).toBeLessThan(5);
  });

  it('reads the annotations of a tiny-record EDF+ into a structure the size of the annotations, not the records', () => {
    const samples = 50_000; // 50 000 records of 4 ms
    const rec: Recording = {
      channels: [{ label: 'Oz', unit: 'uV' }],
      sampleRate: 250,
      data: [Float32Array.from({ length: samples }, (_, i) => Math.sin(i / 9) * 30)],
      annotations: [
        { onset: 10, duration: 4, label: '13Hz' },
        { onset: 150.002, duration: 4, label: 'rest' },
      ],
    };
    const bytes = writeEdf(rec, { format: 'EDF', recordSamples: 1 });
    const reader = new EdfReader(bufferSource(bytes), 'tiny.edf');
    expect(reader.header.recordCount).toBe(samples);
    expect(reader.header.recordDuration).toBe(0.004);
    const annotations = reader.readAnnotations();
    expect(annotations).toHaveLength(2);
    expect(annotations.map((a) => [a.onset, a.label])).toEqual([
      [10, '13Hz'],
      [150.002, 'rest'],
    ]);
    expect(readRecording(bytes, 'tiny.edf').data[0].length).toBe(samples);
  });

  it('reads a plain EDF/BDF (no annotation signal) of tiny records without a per-record structure', () => {
    const rec = { ...synthetic(2, 40, 250), annotations: [] };
    for (const format of ['EDF', 'BDF'] as const) {
      const bytes = writeEdf(rec, { format, recordSamples: 1, plain: true });
      const reader = new EdfReader(bufferSource(bytes), `plain.${format}`);
      expect(reader.header.variant).toBe('plain');
      expect(reader.header.recordCount).toBe(10_000);
      expect(reader.readAnnotations()).toEqual([]);
      const back = readRecording(bytes, 'plain');
      expect(back.data[1].length).toBe(10_000);
      expect(maxError(rec, back)).toBeLessThan(0.01);
    }
  });

  it('refuses truncated, inconsistent and unknown files, naming file and fault', () => {
    const bytes = writeEdf(synthetic(), { format: 'BDF' });
    expect(() => readRecording(bytes.subarray(0, 100), 'short.bdf')).toThrow(/short\.bdf: truncated header/);
    expect(() => readRecording(bytes.subarray(0, bytes.length - 10), 'cut.bdf')).toThrow(
      /cut\.bdf: truncated: header announces 5 data records but the file holds 4/,
    );
    const bad = Uint8Array.from(bytes);
    bad.set(new TextEncoder().encode('abc     '), 236);
    expect(() => readRecording(bad, 'bad.bdf')).toThrow(/bad\.bdf: invalid number of data records "abc"/);
    expect(() => readRecording(new TextEncoder().encode('hello world'), 'x.txt')).toThrow(RecordingError);
    expect(() => readRecording(new Uint8Array(), 'empty.edf')).toThrow(/empty\.edf: empty file/);
  });

  it('writes CSV that reads back, and reads explorepy CSV with any channel names', () => {
    const rec = synthetic(2, 2, 250);
    const back = readCsv(writeCsv(rec), 'x.csv');
    expect(back.sampleRate).toBe(250);
    expect(maxError(rec, back)).toBeLessThan(1e-3);
    const explore =
      'TimeStamp,ch4,ch6,ch7\n' + [0, 1, 2, 3].map((i) => `${(1000 + i * 0.004).toFixed(4)},${i},${-i},0.5`).join('\n');
    const r = readRecording(new TextEncoder().encode(explore), 'exg.csv');
    expect(r.channels.map((c) => c.label)).toEqual(['ch4', 'ch6', 'ch7']);
    expect(r.sampleRate).toBe(250);
    expect(Array.from(r.data[1])).toEqual([0, -1, -2, -3]);
    expect(() => readCsv('TimeStamp,ch1\n0,1\n0.004,x\n0.008,2', 'bad.csv')).toThrow(/bad\.csv: line 3, column ch1/);
    expect(() => readCsv('TimeStamp,ch1\n0,1\n0.004', 'short.csv')).toThrow(/short\.csv: line 3 has 1 columns/);
  });

  it('converts between formats without changing samples beyond quantisation', () => {
    const rec = synthetic();
    const edf = readRecording(encodeRecording(rec, 'edf'), 'a.edf');
    const bdf = readRecording(encodeRecording(edf, 'bdf'), 'b.bdf');
    expect(maxError(edf, bdf)).toBeLessThan(1e-3);
  });
});

describe.runIf(haveDataset())('the shared ssvep-exo recordings', () => {
  it('read to 8 documented channels at 256 Hz with 32 trials each, as in events.tsv', () => {
    for (const s of SUBJECTS) {
      for (const ses of [1, 2]) {
        const path = sessionFile(s, ses);
        const rec = readRecording(readFileSync(path), path);
        expect(rec.channels.map((c) => c.label)).toEqual(['Oz', 'O1', 'O2', 'PO3', 'POz', 'PO7', 'PO8', 'PO4']);
        expect(rec.sampleRate).toBe(256);
        expect(rec.annotations).toHaveLength(32);
        const counts = new Map<string, number>();
        rec.annotations.forEach((a) => counts.set(a.label, (counts.get(a.label) ?? 0) + 1));
        expect(Object.fromEntries(counts)).toEqual({ rest: 8, '13Hz': 8, '17Hz': 8, '21Hz': 8 });
        const events = readEventsTsv(readFileSync(`${DATASET}/sub-0${s}_ses-${ses}_events.tsv`, 'utf8'), 'events');
        events.forEach((e, i) => {
          expect(rec.annotations[i].label).toBe(e.label);
          expect(Math.abs(rec.annotations[i].onset - e.onset)).toBeLessThan(1e-3);
        });
        // Band-limited EEG of a few microvolts, as the dataset README says.
        const ch = rec.data[0];
        const mean = ch.reduce((a, b) => a + b, 0) / ch.length;
        const sd = Math.sqrt(ch.reduce((a, b) => a + (b - mean) ** 2, 0) / ch.length);
        expect(sd).toBeGreaterThan(0.5);
        expect(sd).toBeLessThan(200);
      }
    }
  });
});
