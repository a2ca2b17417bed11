import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { foldMaxAbs, planEdf, writeEdf } from '../src/core/recording/edf-writer';
import type { Recording } from '../src/core/recording/types';
import { parseGaze, simulateRecording } from '../src/core/sim/session';
import { benchTinyRecords } from './files-tiny';
import { fmt, heading } from './util';

const BIN = resolve(import.meta.dirname, '../bin/brainbrowsr.mjs');
const TARGETS = '13Hz=13,17Hz=17,21Hz=21';
/** Four rounds of 13, rest, 17, rest, 21, rest: 4 s looks, 1 s apart (two minutes). */
const GAZE = Array.from(
  { length: 24 },
  (_, i) => `${['13', 'idle', '17', 'idle', '21', 'idle'][i % 6]}@${2 + 5 * i}-${6 + 5 * i}`,
).join(',');

/**
 * A BDF+ of about `bytes`: two minutes of simulated session with trials,
 * then simulated EEG without trials to the size asked, written record by
 * record (never in memory whole).
 */
export function writeBigBdf(path: string, head: Recording, filler: Recording, bytes: number): number {
  const fs = head.sampleRate;
  const headRecords = Math.floor(head.data[0].length / fs);
  const fillRecords = Math.floor(filler.data[0].length / fs);
  const probe = planEdf({
    channels: head.channels,
    sampleRate: fs,
    samples: fs,
    annotations: [],
    maxAbs: [],
  });
  const records = Math.max(headRecords, Math.round(bytes / probe.recordBytes));
  const plan = planEdf({
    channels: head.channels,
    sampleRate: fs,
    samples: records * fs,
    annotations: head.annotations,
    description: 'brainbrowsr bench',
    maxAbs: foldMaxAbs(foldMaxAbs([], head.data), filler.data),
  });
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, plan.header);
    for (let r = 0; r < plan.recordCount; r++) {
      const [src, k] = r < headRecords ? [head, r] : [filler, (r - headRecords) % fillRecords];
      writeSync(
        fd,
        plan.encodeRecord(
          r,
          src.data.map((c) => c.subarray(k * fs, (k + 1) * fs)),
        ),
      );
    }
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

/** Runs the CLI as a user would; wall time and peak resident memory (GNU time). */
function run(args: string[]): { seconds: number; peakMiB: number | undefined; ok: boolean; err: string } {
  const timeBin = existsSync('/usr/bin/time');
  const started = performance.now();
  const r = timeBin
    ? spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, BIN, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const kb = /peak-kb (\d+)/.exec(r.stderr ?? '')?.[1];
  return {
    seconds,
    peakMiB: kb ? Number(kb) / 1024 : undefined,
    ok: r.status === 0,
    err: (r.stderr ?? '').replace(/peak-kb \d+\n?/, '').trim(),
  };
}

/**
 * A text recording of about `bytes` written row by row from simulated EEG
 * (never in memory whole): `header` then one `row(i, values)` line per sample.
 */
function writeBigText(
  path: string,
  bytes: number,
  source: Recording,
  header: string,
  row: (i: number, values: number[]) => string,
): number {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    written += writeSync(fd, header);
    const n = source.data[0].length;
    const values = source.channels.map(() => 0);
    for (let i = 0; written < bytes;) {
      let block = '';
      for (let k = 0; k < 4096; k++, i++) {
        source.data.forEach((c, ch) => (values[ch] = c[i % n]));
        block += row(i, values);
      }
      written += writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

const OPENBCI_V6_HEADER =
  '%OpenBCI Raw EXG Data\n%Number of channels = 8\n%Sample Rate = 250 Hz\n%Board = OpenBCI_GUI$BoardCytonSerial\n' +
  'Sample Index, EXG Channel 0, EXG Channel 1, EXG Channel 2, EXG Channel 3, EXG Channel 4, EXG Channel 5, ' +
  'EXG Channel 6, EXG Channel 7, Accel Channel 0, Accel Channel 1, Accel Channel 2, Not Used, ' +
  'Digital Channel 0 (D11), Digital Channel 1 (D12), Digital Channel 2 (D13), Digital Channel 3 (D17), Not Used, ' +
  'Digital Channel 4 (D18), Analog Channel 0, Analog Channel 1, Analog Channel 2, Timestamp, Marker Channel, ' +
  'Timestamp (Formatted)\n';

/** The 1 GiB OpenBCI GUI v6 text and the big explorepy CSV (issues 20 and 23): read streamed, memory flat. */
function benchTextFiles(dir: string, filler: Recording): void {
  heading('Text recordings up to 1 GiB: OpenBCI GUI v6 and explorepy CSV (the CLI as a child process)');
  const t0 = Date.UTC(2026, 0, 1);
  const files: [string, string][] = [];
  for (const [label, name, bytes, header, row] of [
    [
      'OpenBCI GUI v6',
      'OpenBCI-RAW-big.txt',
      2 ** 30,
      OPENBCI_V6_HEADER,
      (i: number, v: number[]) =>
        `${i % 256}, ${v.map((x) => x.toFixed(2)).join(', ')}, 0.000, 0.000, 0.000,0,0,0,0,0,0,0,0,0,0, ` +
        `${t0 + Math.floor(i * 4)},${i % 2500 === 0 ? 1 : 0}, 00:00:00.000\n`,
    ],
    [
      'explorepy CSV',
      'explore-big.csv',
      600 * 2 ** 20,
      'TimeStamp,ch1,ch2,ch3,ch4,ch5,ch6,ch7,ch8\n',
      (i: number, v: number[]) => `${(i / 250).toFixed(4)},${v.map((x) => x.toFixed(3)).join(',')}\n`,
    ],
  ] as const) {
    const path = join(dir, name);
    const started = performance.now();
    const size = writeBigText(path, bytes, filler, header, row);
    console.log(
      `generated ${label}: ${fmt(size / 2 ** 20, 0)} MiB in ${fmt((performance.now() - started) / 1000, 1)} s`,
    );
    files.push([label, path]);
  }
  const cell = (r: ReturnType<typeof run>) =>
    r.ok
      ? `${r.peakMiB === undefined ? 'n/a' : fmt(r.peakMiB, 0) + ' MiB'}, ${fmt(r.seconds, 1)} s`
      : `failed: ${r.err.split('\n')[0]}`;
  console.log(`peak RSS, wall time      ${files.map(([l]) => l.padStart(26)).join('')}`);
  for (const [name, args] of [
    ['info', (f: string) => ['info', f]],
    ['convert to BDF+', (f: string) => ['convert', f, join(dir, `out-${Math.random()}.bdf`)]],
  ] as const) {
    console.log(`${name.padEnd(25)}${files.map(([, f]) => cell(run(args(f))).padStart(26)).join('')}`);
  }
  console.log(
    'info reads the file through once; convert reads it three times (what it holds, the range, the data). ' +
      'Before issue 20 the CSV was read whole: a 545 MB one failed, a 300 MB one took 1.1 GB.',
  );
}

export function benchFiles(): void {
  heading('File commands on BDF+ files up to 1 GiB (the CLI as a child process)');
  const dir = mkdtempSync(join(tmpdir(), 'brainbrowsr-bench-files-'));
  try {
    const head = simulateRecording(124, parseGaze(GAZE), { seed: 3 });
    const filler = simulateRecording(60, [], { seed: 2 });
    const small = join(dir, 'small.bdf');
    writeFileSync(small, writeEdf(head));
    const sizes = [2 ** 28, 2 ** 30];
    const files = [small];
    for (const bytes of sizes) {
      const path = join(dir, `${bytes}.bdf`);
      const started = performance.now();
      const size = writeBigBdf(path, head, filler, bytes);
      console.log(
        `generated ${fmt(size / 2 ** 20, 0)} MiB (${fmt(size / 6000 / 3600, 1)} h of 8 ch at 250 Hz, trials in the first 2 min) ` +
          `in ${fmt((performance.now() - started) / 1000, 1)} s`,
      );
      files.push(path);
    }
    const cases: [string, (file: string) => string[]][] = [
      ['info', (f) => ['info', f]],
      ['evaluate (+ --calibrate)', (f) => ['evaluate', f, '--targets', TARGETS, '--window', '2', '--calibrate', f]],
      ['calibrate', (f) => ['calibrate', f, '--targets', TARGETS, '--out', join(dir, `p-${Math.random()}.json`)]],
      ['convert to EDF+', (f) => ['convert', f, join(dir, `out-${Math.random()}.edf`)]],
    ];
    const cell = (r: ReturnType<typeof run>) =>
      r.ok
        ? `${r.peakMiB === undefined ? 'n/a' : fmt(r.peakMiB, 0) + ' MiB'}, ${fmt(r.seconds, 1)} s`
        : `failed: ${r.err.split('\n')[0]}`;
    console.log(
      `peak RSS, wall time      ${['2-min file (0.7 MiB)', '256 MiB file', '1 GiB file'].map((h) => h.padStart(22)).join('')}`,
    );
    for (const [name, args] of cases) {
      console.log(`${name.padEnd(25)}${files.map((f) => cell(run(args(f))).padStart(22)).join('')}`);
    }
    console.log(
      'evaluate and calibrate read the file up to its last trial (here the first 2 min); info reads the header and ' +
        'the annotation bytes of every record; convert reads every record twice (range, then data).',
    );
    for (const f of files.slice(1)) rmSync(f);
    benchTextFiles(dir, filler);
    benchTinyRecords(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
