import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { designIir } from '../src/core/dsp/design';
import { SosFilter } from '../src/core/dsp/sos-filter';
import { OnlinePipeline } from '../src/core/online/pipeline';
import { writeEdf } from '../src/core/recording/edf-writer';
import { EegModel } from '../src/core/sim/eeg-model';
import { canonicalCorrelations } from '../src/core/ssvep/cca';
import { calibrate } from '../src/core/ssvep/calibration';
import { defaultProfile } from '../src/core/ssvep/profile-defaults';
import type { Target } from '../src/core/ssvep/config';
import { subBandEdges } from '../src/core/ssvep/filter-bank';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';
import { loadRecording } from '../src/node/files';
import { openRecordingStream } from '../src/node/stream';
import { fmt, heading, timeIt } from './util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const DATASET = resolve(import.meta.dirname, '../../shared/datasets/ssvep-exo');
const targetsOf = (n: number, lo = 8, hi = 15.8): Target[] =>
  Array.from({ length: n }, (_, i) => {
    const f = n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1);
    return { label: `t${i}`, frequency: Number(f.toFixed(2)) };
  });

function simulated(channels: number, rate: number, seconds: number): Float32Array[] {
  const m = new EegModel({ channels, sampleRate: rate, seed: 1 });
  m.setAttended(12);
  return m.generate(Math.round(seconds * rate));
}

export function benchCore(): void {
  heading('Per-window classification (one 2 s window, 8 channels x 512 samples, 3 harmonics)');
  const fs = 256;
  const x = simulated(8, fs, 2);
  for (const k of [3, 12, 40]) {
    const targets = targetsOf(k);
    const refs = targets.map((t) =>
      Array.from({ length: 6 }, (_, j) =>
        Float64Array.from({ length: 512 }, (_, i) => {
          const h = Math.floor(j / 2) + 1;
          const w = (2 * Math.PI * h * t.frequency * i) / fs;
          return j % 2 ? Math.sin(w) : Math.cos(w);
        }),
      ),
    );
    const ms = timeIt(() => {
      for (const y of refs) canonicalCorrelations(x, y);
    });
    console.log(`standard CCA, ${String(k).padStart(2)} targets: ${fmt(ms * 1000, 0)} us per window`);
  }
  for (const k of [3, 12, 40]) {
    const profile = defaultProfile({ method: 'fbcca', targets: targetsOf(k), window: 2, step: 0.25, mains: 50 }, fs, 8);
    const data = simulated(8, fs, 60);
    let windows = 0;
    const ms = timeIt(() => {
      const p = new OnlinePipeline(profile);
      windows = p.push(data).filter((e) => e.type === 'heartbeat').length;
    }, 500);
    console.log(
      `streaming FBCCA (5 sub-bands), ${String(k).padStart(2)} targets: ${fmt((ms * 1000) / windows, 0)} us per classified window (filtering and sums included)`,
    );
  }

  heading('Streaming filter throughput');
  const sos = designIir({ family: 'butter', order: 4, type: 'bandpass', cutoff: [6, 90], sampleRate: 256 });
  const f = new SosFilter(sos, 8);
  const block = simulated(8, 256, 10).map((c) => Float64Array.from(c));
  const ms = timeIt(() => f.process(block, block));
  console.log(`8th-order band-pass (4 SOS), 8 channels: ${fmt((2560 * 8) / ms / 1000, 1)} M channel-samples/s`);

  heading('Replay throughput (seconds of EEG per second, one core)');
  const fast = (label: string, profile: ReturnType<typeof defaultProfile>, data: Float32Array[], rate: number) => {
    const chunk = 64;
    const n = data[0].length;
    const ms = timeIt(() => {
      const p = new OnlinePipeline(profile);
      for (let i = 0; i < n; i += chunk) p.push(data.map((c) => c.subarray(i, Math.min(n, i + chunk))));
    }, 1000);
    console.log(`${label}: ${fmt(n / rate / (ms / 1000), 0)}x real time`);
  };
  const exo = [13, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f }));
  if (existsSync(`${DATASET}/sub-01_ses-1.bdf`)) {
    const cal = loadRecording(`${DATASET}/sub-01_ses-1.bdf`);
    const test = loadRecording(`${DATASET}/sub-01_ses-2.bdf`);
    const prof = calibrate([{ recording: cal, name: 'ses-1' }], { method: 'fbcca-lda', targets: exo, window: 1.5 });
    fast('8 ch @ 256 Hz, 3 targets, fbcca-lda (sub-01 ses-2)', prof, test.data, 256);
  }
  fast(
    '8 ch @ 256 Hz, 3 targets, fbcca (simulated)',
    defaultProfile({ method: 'fbcca', targets: exo, window: 2 }, 256, 8),
    simulated(8, 256, 120),
    256,
  );
  fast(
    '32 ch @ 1000 Hz, 40 targets, fbcca 5 bands (simulated)',
    defaultProfile({ method: 'fbcca', targets: targetsOf(40), window: 2 }, 1000, 32),
    simulated(32, 1000, 10),
    1000,
  );

  benchAgainstNumpy();

  heading('Memory while replaying a 2-hour recording (streamed from disk)');
  const path = join(tmpdir(), `brainbrowsr-bench-2h-${process.pid}.bdf`);
  const m = new EegModel({ channels: 8, sampleRate: 256, seed: 2 });
  const twoHours = {
    channels: Array.from({ length: 8 }, (_, i) => ({ label: `ch${i}`, unit: 'uV' })),
    sampleRate: 256,
    data: m.generate(256 * 7200),
    annotations: [],
  };
  writeFileSync(path, writeEdf(twoHours));
  twoHours.data = [];
  const profile = defaultProfile({ method: 'fbcca', targets: exo, window: 2 }, 256, 8);
  global.gc?.();
  const stream = openRecordingStream(path);
  const p = new OnlinePipeline(profile);
  const heap: number[] = [];
  let seconds = 0;
  let next = 0;
  for (const chunk of stream.chunks()) {
    if (seconds >= next) {
      global.gc?.();
      heap.push(process.memoryUsage().heapUsed / 2 ** 20);
      next += 1800;
    }
    p.push(chunk);
    seconds += chunk[0].length / 256;
  }
  global.gc?.();
  heap.push(process.memoryUsage().heapUsed / 2 ** 20);
  stream.close();
  unlinkSync(path);
  console.log(
    `heap at 0/30/60/90/120 min: ${heap.map((h) => fmt(h, 1)).join(' / ')} MiB${global.gc ? '' : ' (run with --expose-gc for exact figures)'}`,
  );
}

/**
 * The default training-free detector against a numpy/scipy FBCCA doing the
 * same job (same bands, frequencies, harmonics, window and step) on the same
 * recording, in the same run. Needs /usr/bin/python3 with numpy and scipy
 * (Debian: python3-scipy); skipped with a note otherwise.
 */
function benchAgainstNumpy(): void {
  heading('Replay speed against a numpy/scipy FBCCA reference (same job, same run)');
  const python = '/usr/bin/python3';
  const probe = spawnSync(python, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log('skipped: /usr/bin/python3 with numpy and scipy is missing (apt-get install python3-scipy)');
    return;
  }
  const cases: { label: string; data: Float32Array[]; rate: number; targets: Target[] }[] = [];
  if (existsSync(`${DATASET}/sub-01_ses-2.bdf`)) {
    const rec = loadRecording(`${DATASET}/sub-01_ses-2.bdf`);
    cases.push({
      label: '8 ch @ 256 Hz, 3 targets (ssvep-exo sub-01 ses-2)',
      data: rec.data,
      rate: 256,
      targets: [13, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f })),
    });
  }
  cases.push({
    label: '32 ch @ 1000 Hz, 40 targets (simulated, 10 s)',
    data: simulated(32, 1000, 10),
    rate: 1000,
    targets: targetsOf(40),
  });
  for (const c of cases) {
    const profile = trainingFreeProfile(c.targets, c.rate, c.data.length, 50);
    const analyzer = new OnlinePipeline(profile).analyzer;
    const n = c.data[0].length;
    const ms = timeIt(() => {
      const p = new OnlinePipeline(profile);
      for (let i = 0; i < n; i += 64) p.push(c.data.map((x) => x.subarray(i, Math.min(n, i + 64))));
    }, 1000);
    const ours = n / c.rate / (ms / 1000);
    const dir = mkdtempSync(join(tmpdir(), 'brainbrowsr-ref-'));
    try {
      const flat = new Float32Array(c.data.length * n);
      c.data.forEach((x, i) => flat.set(x, i * n));
      writeFileSync(join(dir, 'x.f32'), Buffer.from(flat.buffer));
      writeFileSync(
        join(dir, 'job.json'),
        JSON.stringify({
          rate: c.rate,
          channels: c.data.length,
          frequencies: analyzer.frequencies,
          harmonics: profile.signal.harmonics,
          bands: subBandEdges(profile.signal),
          mains: profile.signal.mains,
          window: profile.signal.window,
          step: profile.signal.step,
        }),
      );
      const run = spawnSync(
        python,
        [join(import.meta.dirname, 'reference_fbcca.py'), join(dir, 'x.f32'), join(dir, 'job.json')],
        {
          encoding: 'utf8',
        },
      );
      if (run.status !== 0) throw new Error(run.stderr);
      const ref = JSON.parse(run.stdout) as { seconds: number; elapsed: number };
      const theirs = ref.seconds / ref.elapsed;
      console.log(
        `${c.label}: ours ${fmt(ours, 0)}x real time, numpy/scipy ${fmt(theirs, 1)}x: ${fmt(ours / theirs, 1)}x faster`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
