import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, haveFormats } from './helpers/dataset';

/**
 * The CLI on other tools' recordings (issue 23) and on CSV too big to read
 * whole (issue 20): every command opens every format; bad files get exit 2
 * and one line naming the file.
 */
const BIN = resolve(__dirname, '../bin/brainbrowsr.mjs');
const TARGETS = '13Hz=13,17Hz=17,21Hz=21';
const tmp = mkdtempSync(join(tmpdir(), 'brainbrowsr-cli-formats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], nodeFlags: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeFlags, BIN, ...args], { encoding: 'utf8', cwd: tmp });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectFileError(r: ReturnType<typeof cli>, file: string, message: RegExp) {
  expect(r.code, r.err).toBe(2);
  const lines = r.err.trim().split('\n');
  expect(lines, r.err).toHaveLength(1);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(message);
}

// Build the CLI once before the timed runs below.
beforeAll(() => void cli(['--help']), 120_000);

const V6 = `${FORMATS}/openbci-gui/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt`;
const MUSE = `${FORMATS}/muselsl/ssvep-sub4-2018-04-22-16.03.42.csv`;
const XDF = `${FORMATS}/xdf`;

describe('explorepy CSV is streamed (issue 20)', () => {
  it('info on a 40 MB CSV runs in a 48 MB heap (the whole-file read needed over 200 MB)', () => {
    const big = join(tmp, 'big.csv');
    const fd = openSync(big, 'w');
    const rows = 600_000;
    try {
      writeSync(fd, 'TimeStamp,ch1,ch2,ch3,ch4,ch5,ch6,ch7,ch8\n');
      for (let r0 = 0; r0 < rows; r0 += 10_000) {
        let text = '';
        for (let r = r0; r < r0 + 10_000; r++) {
          text += (r / 250).toFixed(4);
          for (let c = 0; c < 8; c++) text += ',' + (((r * 7919 + c * 104729) % 20000) / 100 - 100).toFixed(3);
          text += '\n';
        }
        writeSync(fd, text);
      }
    } finally {
      closeSync(fd);
    }
    const r = cli(['info', big, '--json'], ['--max-old-space-size=48']);
    expect(r.code, r.err).toBe(0);
    const info = JSON.parse(r.out) as { samples: number; sampleRate: number; channels: string[] };
    expect(info.samples).toBe(rows);
    expect(info.sampleRate).toBe(250);
    expect(info.channels).toHaveLength(8);
  }, 120_000);

  it('a bad line deep in a CSV: exit 2, one line naming the file and the line', () => {
    const lines = ['TimeStamp,ch1,ch2', ...Array.from({ length: 5000 }, (_, i) => `${i / 250},${i},${-i}`)];
    lines[4001] = '16.000,1,oops';
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, lines.join('\n') + '\n');
    expectFileError(cli(['info', bad]), 'bad.csv', /line 4002, column ch2: "oops" is not a number/);
  });
});

describe.runIf(haveFormats())('every command opens every format', () => {
  it('info lists the streams of each XDF example, empty ones included', () => {
    const minimal = cli(['info', `${XDF}/minimal.xdf`]);
    expect(minimal.code, minimal.err).toBe(0);
    expect(minimal.out).toContain('stream:   "SendDataC" (type EEG): 3 x int16, 10 Hz, 9 samples');
    expect(minimal.out).toContain('stream:   "SendDataString" (type StringMarker): 1 x string, 10 Hz, 9 samples');
    const resets = cli(['info', `${XDF}/clock_resets.xdf`]);
    expect(resets.code, resets.err).toBe(0);
    expect(resets.out).toContain('"MyMarkerStream" (type Markers): 1 x string, irregular, 175 samples');
    expect(resets.out).toContain('duration: 278.15 s (27815 samples)');
    const empty = cli(['info', `${XDF}/empty_streams.xdf`]);
    expect(empty.code, empty.err).toBe(0);
    expect(empty.out).toContain('"Empty data stream: test stream 0 counter" (type data): 1 x float32, 1 Hz, empty');
    expect(empty.out).toContain(
      '"Empty marker stream: test stream 0 counter" (type data): 1 x string, irregular, empty',
    );
    expect(empty.out).toMatch(/read: +nothing: no non-empty stream of type EEG/);
    const named = cli(['info', `${XDF}/empty_streams.xdf`, '--stream', 'Data stream: test stream 0 counter', '--json']);
    expect(named.code, named.err).toBe(0);
    expect(JSON.parse(named.out)).toMatchObject({ samples: 10, sampleRate: 1, channels: ['ch:00'], markers: 1 });
    expectFileError(cli(['info', `${XDF}/minimal.xdf`, '--stream', 'nope']), 'minimal.xdf', /no stream named "nope"/);
  });

  for (const [name, file] of [
    ['an OpenBCI GUI v6 file', V6],
    ['a muselsl CSV', MUSE],
  ] as const) {
    it(`replay runs on ${name}`, () => {
      const r = cli(['replay', file, '--targets', TARGETS, '--json']);
      expect(r.code, r.err).toBe(0);
      // Markers are instants, not trials: nothing to score, and the replay says so.
      expect(r.err).toMatch(/nothing scored/);
    });
  }

  it('convert, calibrate and evaluate open a muselsl CSV and an XDF', () => {
    const out = join(tmp, 'muse.edf');
    const c = cli(['convert', MUSE, out]);
    expect(c.code, c.err).toBe(0);
    const back = JSON.parse(cli(['info', out, '--json']).out) as {
      samples: number;
      channels: string[];
      markers: number;
    };
    // EDF+ pads the last 1 s record: 15372 samples -> 61 records of 256.
    expect(back.samples).toBe(61 * 256);
    expect(back.channels).toEqual(['TP9', 'AF7', 'AF8', 'TP10', 'Right AUX']);
    expect(back.markers).toBe(17);
    const x = cli(['convert', `${XDF}/minimal.xdf`, join(tmp, 'minimal.csv')]);
    expect(x.code, x.err).toBe(0);
    expect(readFileSync(join(tmp, 'minimal_events.tsv'), 'utf8')).toContain('\tHello\t');
    const cal = cli(['calibrate', V6, '--targets', TARGETS, '--out', join(tmp, 'p.json')]);
    expect(cal.err).not.toMatch(/unknown format/);
    const ev = cli(['evaluate', V6, '--targets', TARGETS, '--window', '2', '--label', '13Hz']);
    expect(ev.code, ev.err).toBe(0);
  });
});

describe.runIf(haveFormats())('a truncated or corrupted file of each format: exit 2, one line naming the file', () => {
  const cut = (src: string, name: string, at: (bytes: Buffer) => Buffer) => {
    const path = join(tmp, name);
    writeFileSync(path, at(readFileSync(src)));
    return path;
  };
  const cases: [string, () => string, RegExp][] = [
    [
      'OpenBCI text cut inside a line',
      () => cut(V6, 'cut.txt', (b) => b.subarray(0, 1_000_003)),
      /line \d+ has \d+ columns, the others 25 \(the file ends inside this line: truncated\?\)/,
    ],
    [
      'OpenBCI text with a garbled value',
      () => cut(V6, 'garbled.txt', (b) => Buffer.from(b.toString('latin1').replace('7045.02', '70#5.02'), 'latin1')),
      /line 7, column EXG Channel 4: "70#5\.02" is not a number/,
    ],
    [
      'OpenBCI text without its sample rate',
      () =>
        cut(V6, 'norate.txt', (b) =>
          Buffer.from(b.toString('latin1').replace('%Sample Rate = 250 Hz', '%Sample Rate =')),
        ),
      /invalid "%Sample Rate"/,
    ],
    [
      'muselsl CSV cut inside a line',
      () => cut(MUSE, 'cut.csv', (b) => b.subarray(0, 300_002)),
      /line \d+ has \d columns, the header 7 \(the file ends inside this line: truncated\?\)/,
    ],
    [
      'muselsl CSV with time going backwards',
      () => cut(MUSE, 'back.csv', (b) => Buffer.from(b.toString('latin1').replace('5000.193,', '4999.193,'))),
      /line 4: time stamps go backwards/,
    ],
    [
      'XDF cut inside a chunk',
      () => cut(`${XDF}/clock_resets.xdf`, 'cut.xdf', (b) => b.subarray(0, 600_000)),
      /truncated XDF: chunk \d+ at byte \d+ needs \d+ bytes, the file holds \d+/,
    ],
    [
      'XDF with a corrupt length field',
      () =>
        cut(`${XDF}/minimal.xdf`, 'corrupt.xdf', (b) => {
          const c = Buffer.from(b);
          c[0x40] = 3; // the second chunk's count of length bytes (1, 4 or 8)
          return c;
        }),
      /corrupt XDF: chunk 2 at byte 64 has a length field of 3 bytes/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(what, () => {
      const path = make();
      const name = path.slice(tmp.length + 1);
      expectFileError(cli(['info', path]), name, message);
      expectFileError(cli(['convert', path, join(tmp, `out-${name}.bdf`)]), name, message);
    });
  }
});
