import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferChunks, readRecording, type Recording, scanXdf } from '../src/core/recording/index';
import { textLines } from '../src/core/recording/lines';
import { openRecordingFile } from '../src/node/recording-file';
import { FORMATS, haveFormats } from './helpers/dataset';

/**
 * Readers of other tools' recordings (issue 23), on the files as those tools
 * wrote them. Expected numbers are read off the files (the first and last
 * data lines, marker lines counted with a script) or the upstream XDF README.
 */
const OPENBCI = `${FORMATS}/openbci-gui`;
const MUSE = `${FORMATS}/muselsl/ssvep-sub4-2018-04-22-16.03.42.csv`;
const XDF = `${FORMATS}/xdf`;
const tmp = mkdtempSync(join(tmpdir(), 'brainbrowsr-formats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const read = (path: string, stream?: string): Recording => readRecording(readFileSync(path), path, { stream });
const firstSample = (r: Recording, i = 0) => r.data.map((c) => c[i]);

describe('one text-line reader over byte chunks', () => {
  it('gives the same lines however the bytes are split (CRLF, multi-byte characters, no final newline)', () => {
    const text = 'a,b\r\nµV,2\n\nlast';
    const bytes = new TextEncoder().encode(text);
    const whole = [...textLines(bufferChunks(bytes), 'x')];
    expect(whole.map((l) => [l.text, l.number, l.ended])).toEqual([
      ['a,b', 1, true],
      ['µV,2', 2, true],
      ['', 3, true],
      ['last', 4, false],
    ]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const split = { chunks: () => [bytes.subarray(0, cut), bytes.subarray(cut)] };
      expect([...textLines(split, 'x')]).toEqual(whole);
    }
  });

  it('refuses a "line" longer than a megabyte (a binary file) with the file named', () => {
    const blob = new Uint8Array(3 << 20).fill(65);
    const chunks = {
      chunks: () => [blob.subarray(0, 1 << 20), blob.subarray(1 << 20, 2 << 20), blob.subarray(2 << 20)],
    };
    expect(() => [...textLines(chunks, 'blob.csv')]).toThrow(/^blob\.csv: line 1 is longer than/);
  });
});

describe.runIf(haveFormats())('OpenBCI GUI Raw text, three generations', () => {
  const files = {
    'v3/v4': 'OpenBCI-sampleData-1-blinks-jawClench-alpha.txt',
    v5: 'OpenBCI_GUI-v5-blinks-jawClench-alpha.txt',
    v6: 'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt',
  };
  for (const [version, name] of Object.entries(files)) {
    it(`${version}: Cyton, 8 channels in uV at the header's 250 Hz, 22490 samples, nothing lost`, () => {
      const file = openRecordingFile(`${OPENBCI}/${name}`);
      expect(file.format).toBe(`OpenBCI GUI Raw ${version}, Cyton (8 channels)`);
      expect(file.channels.map((c) => c.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `EXG Channel ${i}`));
      expect(file.channels.every((c) => c.unit === 'uV')).toBe(true);
      expect(file.sampleRate).toBe(250);
      // Data lines: indices 0..255 repeating, no jumps; the last index is 217 (22490 = 87 * 256 + 218).
      expect(file.samples).toBe(22490);
      expect(file.lost).toBe(0);
      expect(file.annotations).toEqual([]);
      const r = read(`${OPENBCI}/${name}`);
      const f32 = (v: number[]) => v.map((x) => Math.fround(x));
      expect(firstSample(r, 0)).toEqual(
        f32([61379.36, 49492.89, -16597.06, -21309.75, 6703.91, -3284.86, 7223.1, 1740.11]),
      );
      expect(firstSample(r, 1)).toEqual(
        f32([60973.46, 48972.47, -16279.02, -21050.13, 7045.02, -2887.53, 7593.09, 2118.7]),
      );
      expect(firstSample(r, 22489)).toEqual(
        f32([58705.56, 46972.84, -18624.12, -27123.57, -9153.87, -18340.03, -5887.83, -6470.99]),
      );
    });
  }

  it('v6: a jump of the sample index is lost samples, held and annotated; the marker column is annotations', () => {
    const lines = readFileSync(`${OPENBCI}/${files.v6}`, 'utf8').split('\n');
    // Line 6 holds sample 0. Lines 20001-20003 (samples 19995-19997, indices 27-29) go; sample 1000 gets marker 7.
    expect(lines[19999].startsWith('26, 59813.07,')).toBe(true);
    const marked = lines[1005].split(',');
    marked[23] = '7';
    lines[1005] = marked.join(',');
    const path = join(tmp, 'OpenBCI-RAW-lost.txt');
    writeFileSync(path, [...lines.slice(0, 20000), ...lines.slice(20003)].join('\n'));
    const file = openRecordingFile(path);
    expect(file.lost).toBe(3);
    expect(file.samples).toBe(22490);
    expect(file.annotations).toEqual([
      { onset: 1000 / 250, duration: 0, label: '7' },
      { onset: 19995 / 250, duration: 3 / 250, label: 'lost 3' },
    ]);
    const r = read(path);
    // The lost samples hold the value before them (sample 19994, index 26).
    for (const i of [19994, 19995, 19996, 19997]) expect(r.data[0][i]).toBe(Math.fround(59813.07));
    expect(r.data[0][19998]).not.toBe(Math.fround(59813.07));
  });

  it('is told by its content, not its name', () => {
    const path = join(tmp, 'recording.csv');
    writeFileSync(path, readFileSync(`${OPENBCI}/${files.v5}`));
    expect(openRecordingFile(path).format).toBe('OpenBCI GUI Raw v5, Cyton (8 channels)');
  });
});

describe.runIf(haveFormats())('muselsl CSV', () => {
  it('four headband channels and Right AUX at 256 Hz (from the time stamps), 17 markers', () => {
    const file = openRecordingFile(MUSE);
    expect(file.format).toBe('muselsl CSV, Muse headband');
    expect(file.channels.map((c) => c.label)).toEqual(['TP9', 'AF7', 'AF8', 'TP10', 'Right AUX']);
    // 15372 rows from 5000.185 to 5060.228 s: 15371 / 60.043 s = 256.0 Hz.
    expect(file.sampleRate).toBe(256);
    expect(file.samples).toBe(15372);
    expect(file.lost).toBe(0);
    // Rows with a non-zero Marker0 (0-based data rows) and their values.
    const rows = [
      142, 1042, 1943, 2860, 3778, 4681, 5561, 6434, 7308, 8213, 9111, 10012, 10891, 11800, 12721, 13629, 14530,
    ];
    const labels = ['2', '1', '1', '2', '2', '1', '1', '1', '2', '2', '1', '1', '1', '2', '1', '1', '1'];
    expect(file.annotations).toEqual(rows.map((r, i) => ({ onset: r / 256, duration: 0, label: labels[i] })));
    const r = read(MUSE);
    const f32 = (v: number[]) => v.map((x) => Math.fround(x));
    expect(firstSample(r)).toEqual(f32([104.004, 15.625, 44.434, 46.875, -18.066]));
    expect(firstSample(r, 15371)).toEqual(f32([-9.766, 23.438, 34.18, 11.23, 12.695]));
  });

  it('a gap in the time stamps is lost samples; a rate far from 256 Hz is refused', () => {
    const lines = readFileSync(MUSE, 'utf8').split('\n');
    const gap = join(tmp, 'muse-gap.csv');
    // Drop 10 rows after data row 999 (line 1001).
    writeFileSync(gap, [...lines.slice(0, 1001), ...lines.slice(1011)].join('\n'));
    const file = openRecordingFile(gap);
    const lost = file.annotations.filter((a) => a.label.startsWith('lost'));
    expect(lost).toHaveLength(1);
    expect(lost[0].onset).toBe(1000 / 256);
    // The timestamps are rounded to the millisecond: 10 rows are 39 or 40 ms, 10 samples at 256 Hz.
    expect(lost[0].label).toBe('lost 10');
    const slow = join(tmp, 'muse-slow.csv');
    const halved = lines.map((l, i) => {
      if (i === 0 || l === '') return l;
      const cells = l.split(',');
      cells[0] = String(5000 + (Number(cells[0]) - 5000) * 2);
      return cells.join(',');
    });
    writeFileSync(slow, halved.join('\n'));
    expect(() => openRecordingFile(slow)).toThrow(/muse-slow\.csv: muselsl CSV: the time stamps give 128\.0 Hz/);
  });
});

describe.runIf(haveFormats())('XDF (Lab Streaming Layer)', () => {
  it('minimal.xdf: the int16 EEG stream, string markers on its clock after its -0.1 s clock offset', () => {
    const x = scanXdf(bufferChunks(readFileSync(`${XDF}/minimal.xdf`)), 'minimal.xdf');
    expect(x.describe()).toEqual([
      '"SendDataC" (type EEG): 3 x int16, 10 Hz, 9 samples',
      '"SendDataString" (type StringMarker): 1 x string, 10 Hz, 9 samples',
    ]);
    const r = read(`${XDF}/minimal.xdf`);
    expect(r.channels.map((c) => c.label)).toEqual(['ch1', 'ch2', 'ch3']);
    expect(r.sampleRate).toBe(10);
    expect(Array.from(r.data[0])).toEqual([192, 12, 13, 14, 15, 12, 13, 14, 15]);
    expect(Array.from(r.data[2])).toEqual([238, 32, 33, 34, 35, 32, 33, 34, 35]);
    // EEG stamps 5.1..5.9 with offset -0.1 -> 5.0..5.8; markers 5.1..5.9 (no offsets): 0.1 s .. 0.9 s.
    expect(r.annotations.map((a) => a.label).slice(1)).toEqual([
      'Hello',
      'World',
      'from',
      'LSL',
      'Hello',
      'World',
      'from',
      'LSL',
    ]);
    expect(r.annotations[0].label).toMatch(/^<\?xml version="1\.0"\?><info><writer>LabRecorder xdfwriter/);
    r.annotations.forEach((a, i) => expect(a.onset).toBeCloseTo(0.1 * (i + 1), 9));
  });

  it('clock_resets.xdf: 27815 samples of 8 float32 channels; all 175 markers land on the EEG across the reset', () => {
    const file = openRecordingFile(`${XDF}/clock_resets.xdf`);
    expect(file.channels).toHaveLength(8);
    expect(file.sampleRate).toBe(100);
    expect(file.samples).toBe(27815);
    expect(file.annotations).toHaveLength(175);
    expect(file.notes).toContain('clock reset in "BioSemi": 1, each segment synchronised apart');
    const r = read(`${XDF}/clock_resets.xdf`);
    const near = (got: number[], want: number[]) => got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 3));
    near(firstSample(r), [0.142, 0.463, 0.354, 0.22, 0.761, 0.323, 0.312, 0.861]);
    near(firstSample(r, 27814), [0.873, 0.064, 0.684, 0.153, 0.306, 0.123, 0.711, 0.892]);
    // The EEG samples whose stamps in the file are nearest the first and last markers (653153.2122 and
    // 259.6538, either side of the reset at sample 12876, where the EEG stamps fall from 653288.51 to 100.62):
    // samples 265 (653153.2088) and 27603 (259.6578). Both streams' offsets agree to 30 us in each segment.
    const [first, last] = [r.annotations[0], r.annotations.at(-1)!];
    expect(first.label).toBe('XXX');
    expect(last.label).toBe('XXX');
    expect(Math.round(first.onset * 100)).toBe(265);
    expect(Math.round(last.onset * 100)).toBe(27603);
    // Markers keep their order on the EEG time line (a reset handled as one clock would scramble them).
    expect(r.annotations.map((a) => a.label).slice(0, 5)).toEqual(['XXX', 'Test', 'Blah', 'Test', 'Test-1-2-3']);
    expect(r.annotations.map((a) => a.label).slice(-5)).toEqual([
      'Test-1-2-3',
      'Testtest',
      'Test',
      'Test-1-2-3',
      'XXX',
    ]);
  });

  it('empty_streams.xdf: empty streams listed, not fatal; no EEG stream unless one is named', () => {
    const x = scanXdf(bufferChunks(readFileSync(`${XDF}/empty_streams.xdf`)), 'empty_streams.xdf');
    expect(x.describe().sort()).toEqual([
      '"Data stream: test stream 0 counter" (type data): 1 x int32, 1 Hz, 10 samples',
      '"Empty data stream: test stream 0 counter" (type data): 1 x float32, 1 Hz, empty',
      '"Empty marker stream: test stream 0 counter" (type data): 1 x string, irregular, empty',
      '"ctrl" (type control): 1 x string, irregular, 1 samples',
    ]);
    expect(() => x.open()).toThrow(/empty_streams\.xdf: no non-empty stream of type EEG .*--stream NAME/);
    expect(() => x.open('Empty data stream: test stream 0 counter')).toThrow(/is empty/);
    const r = read(`${XDF}/empty_streams.xdf`, 'Data stream: test stream 0 counter');
    expect(r.channels.map((c) => c.label)).toEqual(['ch:00']);
    expect(r.sampleRate).toBe(1);
    expect(Array.from(r.data[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The control marker (91725.014) comes 0.2 s before the first data sample (91725.214): sample 0.
    expect(r.annotations).toEqual([{ onset: 0, duration: 0, label: '{"state": 2}' }]);
  });
});
