import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, writeEdf } from '../src/core/recording/index';
import { parseGaze, simulateRecording } from '../src/core/sim/session';
import type { Profile } from '../src/core/ssvep/profile';
import { type HeldLine, jsonLines, summaryOf } from './helpers/cli-output';
import { haveDataset, haveMuse, MUSE, sessionFile } from './helpers/dataset';

const BIN = resolve(__dirname, '../bin/brainbrowsr.mjs');
const TARGETS = '13Hz=13,17Hz=17,21Hz=21';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'brainbrowsr-cli-'));

describe('brainbrowsr CLI: bad input', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['missing file', ['info', join(tmp, 'nope.bdf')], /nope\.bdf: no such file/],
    ['not a recording', ['info', BIN], /unknown format/],
    ['bad targets', ['evaluate', BIN, '--targets', '13Hz=x', '--window', '2'], /--targets: "13Hz=x"/],
    ['unknown option', ['info', '--frob'], /unknown option --frob/],
    ['lda without calibration', ['replay', BIN, '--targets', TARGETS, '--method', 'fbcca-lda'], /needs --calibrate/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: exit 2 and one line, no stack trace`, () => {
      const r = cli(...args);
      expect(r.code).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }

  it('a truncated recording: exit 2 naming the file and the fault', () => {
    const rec = simulateRecording(3, [], { seed: 1 });
    const bytes = writeEdf(rec);
    const cut = join(tmp, 'cut.bdf');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const r = cli('info', cut);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cut\.bdf: truncated: header announces 3 data records but the file holds 2/);
  });
});

describe('brainbrowsr CLI: convert and --label', () => {
  it('converts BDF+ -> CSV (+ events.tsv) -> EDF+ keeping samples and trials', () => {
    const rec = simulateRecording(6, parseGaze('17@1-3,idle@3-5'), { seed: 2 });
    const bdf = join(tmp, 'a.bdf');
    writeFileSync(bdf, writeEdf(rec));
    expect(cli('convert', bdf, join(tmp, 'a.csv')).code).toBe(0);
    expect(readFileSync(join(tmp, 'a_events.tsv'), 'utf8')).toMatch(/17Hz/);
    expect(cli('convert', join(tmp, 'a.csv'), join(tmp, 'b.edf')).code).toBe(0);
    const back = readRecording(readFileSync(join(tmp, 'b.edf')), 'b.edf');
    expect(back.annotations.map((a) => a.label)).toEqual(['17Hz', 'idle']);
    expect(back.sampleRate).toBe(250);
    let err = 0;
    rec.data.forEach((ch, c) => ch.forEach((v, i) => (err = Math.max(err, Math.abs(v - back.data[c][i])))));
    expect(err).toBeLessThan(0.05); // EDF is 16-bit
  });

  it('evaluate --label cuts an unannotated file into consecutive epochs of that label', () => {
    const rec = simulateRecording(21, [], { seed: 3, ssvepAmplitude: 5 });
    const gazed = simulateRecording(21, parseGaze('17@0-21'), { seed: 3, ssvepAmplitude: 5 });
    const file = join(tmp, 'plain.bdf');
    writeFileSync(file, writeEdf({ ...gazed, annotations: [] }));
    const r = cli('evaluate', file, '--targets', TARGETS, '--window', '2', '--label', '17Hz', '--json');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.out);
    const epochs = lines.filter((l) => l.type === 'epoch');
    // (21 s - 1 s offset) / 2 s = 10 epochs.
    expect(epochs).toHaveLength(10);
    expect(epochs.every((e) => e.truth === '17Hz')).toBe(true);
    expect(epochs.filter((e) => e.pred === '17Hz').length).toBeGreaterThanOrEqual(8);
    expect(lines.at(-1)?.type).toBe('summary');
    void rec;
  });
});

describe.runIf(haveDataset())('brainbrowsr CLI on the shared recordings', () => {
  it('info reports channels, rate, duration and trials', () => {
    const r = cli('info', sessionFile(1, 1));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/channels: 8 \(Oz, O1, O2, PO3, POz, PO7, PO8, PO4\)/);
    expect(r.out).toMatch(/rate: +256 Hz/);
    expect(r.out).toMatch(/duration: 223\.00 s/);
    expect(r.out).toMatch(/trials: +32 \(/);
  });

  it('evaluate --json prints one epoch line per trial, then a summary', () => {
    const r = cli(
      'evaluate',
      sessionFile(1, 2),
      '--targets',
      TARGETS,
      '--window',
      '2',
      '--calibrate',
      sessionFile(1, 1),
      '--json',
    );
    expect(r.code).toBe(0);
    const lines = jsonLines(r.out);
    const epochs = lines.filter((l) => l.type === 'epoch');
    expect(epochs).toHaveLength(32);
    for (const e of epochs) {
      expect(Object.keys(e)).toEqual(['type', 'file', 'onset', 'truth', 'pred', 'scores']);
      expect(Object.keys(e.scores)).toEqual(['13Hz', '17Hz', '21Hz']);
      expect(['13Hz', '17Hz', '21Hz', 'idle']).toContain(e.truth);
    }
    const summary = summaryOf(lines);
    expect(summary.epochs).toBe(32);
    expect(summary.forcedChoiceAccuracy).toBeGreaterThan(0.6);
  });

  it('evaluate (text) prints a confusion matrix and the figures', () => {
    const r = cli('evaluate', sessionFile(2, 2), '--targets', TARGETS, '--window', '2', '--method', 'cca');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/truth \\ pred/);
    expect(r.out).toMatch(/accuracy \(idle as a class\)/);
    expect(r.out).toMatch(/ITR/);
  });

  it('replay --json prints selections with times from the file start', () => {
    const r = cli('replay', sessionFile(3, 2), '--targets', TARGETS, '--calibrate', sessionFile(3, 1), '--json');
    expect(r.code).toBe(0);
    const lines = jsonLines(r.out);
    const sel = lines.filter((l) => l.type === 'selection');
    expect(sel.length).toBeGreaterThan(15);
    for (const s of sel) {
      expect(Object.keys(s)).toEqual(['type', 'file', 't', 'label']);
      expect(s.t).toBeGreaterThan(0);
      expect(s.t).toBeLessThan(260);
    }
    expect(lines.at(-1)).toMatchObject({ type: 'summary', targetTrials: 24 });
  });

  it('calibrate writes a profile that replay accepts', () => {
    const profile = join(tmp, 'p.json');
    const c = cli('calibrate', sessionFile(4, 1), '--targets', TARGETS, '--out', profile);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/cross-validated window accuracy/);
    const r = cli('replay', sessionFile(4, 2), '--profile', profile, '--json');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/"type":"selection"/);
  });
});

describe('brainbrowsr CLI: the default detector', () => {
  it.runIf(haveDataset())('replays with the training-free detector by default, with mains found in the file', () => {
    const r = cli('replay', sessionFile(3, 2), '--targets', TARGETS, '--json');
    expect(r.code, r.err).toBe(0);
    const lines = jsonLines(r.out);
    const summary = summaryOf(lines);
    expect(summary.hitRate).toBeGreaterThan(0.6);
    expect(summary.falseActivations).toBe(0);
  });

  it.runIf(haveDataset())('calibrate says which detector it kept and how each target works', () => {
    const out = join(tmp, 'sub-03.json');
    const r = cli('calibrate', sessionFile(3, 1), '--targets', TARGETS, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/detector: (fbcca-lda|fbcca-z), because /);
    expect(r.out).toMatch(/verdict: (good|weak|no-response|poor-contact)\./);
    expect(r.out).toMatch(/ {2}17Hz: [0-9.]+x its rest level/);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as Profile;
    expect(profile.channels).toEqual(['Oz', 'O1', 'O2', 'PO3', 'POz', 'PO7', 'PO8', 'PO4']);
  });

  it.runIf(haveDataset())('refuses a profile made with other electrodes', () => {
    const out = join(tmp, 'other-electrodes.json');
    expect(cli('calibrate', sessionFile(3, 1), '--targets', TARGETS, '--out', out).code).toBe(0);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as Profile;
    profile.channels = ['TP9', 'AF7', 'AF8', 'TP10', 'POz', 'a', 'b', 'c'];
    writeFileSync(out, JSON.stringify(profile));
    const r = cli('replay', sessionFile(3, 2), '--profile', out);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/does not fit the recording: it was made with electrodes TP9, AF7/);
  });
});

describe('brainbrowsr replay: a silent replay says why', () => {
  const dead = `${MUSE}/sub-03_ses-2_run-1.bdf`;
  const none = `${MUSE}/sub-04_ses-1_run-1.bdf`;

  it.runIf(haveMuse())('names the electrode and the missing response, per file, in words', () => {
    const r = cli('replay', dead, none, '--targets', '20Hz=20,30Hz=30');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    const deadLine = lines.find((l) => l.startsWith(`${dead}  selections held`));
    const noneLine = lines.find((l) => l.startsWith(`${none}  selections held`));
    expect(deadLine).toMatch(
      /held 100 % of [0-9.]+ s: contact: POz noisy \(not touching well\) [0-9.]+ s \((9[0-9]|100) %\)/,
    );
    expect(noneLine).toMatch(/held 100 % of [0-9.]+ s: no target above rest [0-9.]+ s \([5-9][0-9] %\)/);
    expect(noneLine).toMatch(/start-up \(learning the resting signal\)/);
    expect(r.out).not.toMatch(/t=[0-9.]+ s {2}(20|30)Hz/);
  });

  it.runIf(haveMuse())('--json: one held line per file, with reasons and seconds', () => {
    const r = cli('replay', dead, none, '--targets', '20Hz=20,30Hz=30', '--json');
    expect(r.code, r.err).toBe(0);
    const held = jsonLines(r.out).filter((l): l is HeldLine => l.type === 'held');
    expect(held.map((h) => h.file)).toEqual([dead, none]);
    for (const h of held) {
      expect(h.heldSeconds).toBeCloseTo(h.seconds, 6);
      expect(h.reasons.reduce((a, x) => a + x.seconds, 0)).toBeCloseTo(h.seconds, 1);
    }
    expect(held[0].reasons[0]).toMatchObject({ kind: 'contact', channel: 'POz', problem: 'noisy' });
    expect(held[1].reasons[0]).toMatchObject({ kind: 'no-target' });
  });
});
