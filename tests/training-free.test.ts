import { describe, expect, it } from 'vitest';
import { figuresOf } from '../src/core/calibration/figures';
import { detectMains } from '../src/core/dsp/mains';
import { goertzelPower } from '../src/core/dsp/goertzel';
import { resample } from '../src/core/dsp/resample';
import { OnlinePipeline, type Heartbeat } from '../src/core/online/pipeline';
import { EegModel } from '../src/core/sim/eeg-model';
import { simulateRecording } from '../src/core/sim/session';
import { checkIn, quietFrequencies, SILENT_Z, SWITCH_RESPONSE } from '../src/core/ssvep/check-in';
import { analyseRecording } from '../src/core/ssvep/calibration';
import { selectionsOf } from '../src/core/eval/self-paced';
import { ConfigError, validateSignalConfig } from '../src/core/ssvep/config';
import { profileMismatch } from '../src/core/ssvep/profile';
import { RestNormalizer } from '../src/core/ssvep/rest-normalizer';
import { trainingFreeProfile, trainingFreeSignal } from '../src/core/ssvep/training-free';
import { scoreAsync } from '../src/core/eval/async';
import { loadRecording } from '../src/node/files';
import { EXO_TARGETS, haveDataset, haveMuse, MUSE, sessionFile } from './helpers/dataset';

const hz = (fs: number[]) => fs.map((f) => ({ label: `${f}Hz`, frequency: f }));

describe('rest normaliser', () => {
  it('says nothing until it has seen the warm-up, then measures targets against their neighbours', () => {
    const n = new RestNormalizer(1, 2, { history: 100, warmup: 10 });
    const out = [0];
    for (let i = 0; i < 9; i++) {
      n.standardise([5], [0.1 + 0.01 * (i % 5), 0.12], out);
      expect(out[0]).toBe(0);
      expect(n.ready).toBe(false);
    }
    for (let i = 0; i < 40; i++) {
      const x = 0.1 + 0.02 * Math.sin(i);
      n.standardise([x], [x, 0.1 + 0.02 * Math.cos(i)], out);
    }
    expect(n.ready).toBe(true);
    n.standardise([0.5], [0.1, 0.1], out);
    expect(out[0]).toBeGreaterThan(10);
    n.standardise([0.1], [0.1, 0.1], out);
    expect(Math.abs(out[0])).toBeLessThan(1.5);
  });

  it('keeps a long stare from raising the baseline, unless the own-history guard is on', () => {
    const run = (ownHistory: boolean) => {
      const n = new RestNormalizer(1, 2, { history: 200, warmup: 20, ownHistory });
      const out = [0];
      for (let i = 0; i < 400; i++) n.standardise([0.8], [0.1 + 0.01 * (i % 7), 0.1 + 0.01 * (i % 3)], out);
      return out[0];
    };
    // A score that never changes is what a rhythm at the target frequency does (alpha at 10 Hz):
    expect(run(false)).toBeGreaterThan(20);
    expect(run(true)).toBeLessThan(1);
  });

  it('refuses rest statistics for another number of targets', () => {
    expect(() => new RestNormalizer(3, 2, { history: 10, warmup: 1 }, { median: [1], spread: [1], weight: 1 })).toThrow(
      /1 targets, the profile has 3/,
    );
  });
});

describe('mains and rates', () => {
  it('finds 50 or 60 Hz mains from the signal, and none where there is no hum', () => {
    for (const mains of [50, 60] as const) {
      const m = new EegModel({ channels: 4, sampleRate: 250, seed: 3, mains });
      expect(detectMains(m.generate(2 * 250), 250)).toBe(mains);
    }
    // A battery headset far from cables: broadband noise, no line.
    let seed = 9;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 20;
    const white = Array.from({ length: 4 }, () => Float32Array.from({ length: 500 }, rnd));
    expect(detectMains(white, 250)).toBe(0);
  });

  it('resamples 256 Hz to 250 Hz keeping frequency and amplitude', () => {
    const x = Float32Array.from({ length: 2560 }, (_, i) => 10 * Math.sin((2 * Math.PI * 13 * i) / 256));
    const y = resample(x, 256, 250);
    expect(y.length).toBe(2500);
    const inner = y.subarray(100, 2400);
    const p13 = goertzelPower(inner, 13, 250);
    const p14 = goertzelPower(inner, 14, 250);
    expect(p13).toBeGreaterThan(1000 * p14);
    let peak = 0;
    for (const v of inner) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(9.8);
    expect(peak).toBeLessThan(10.2);
  });
});

describe('settings that cannot work are refused by name', () => {
  it('harmonics beyond Nyquist and a band top the filter cannot design', () => {
    const ok = trainingFreeSignal(hz([20, 30]), 256, 5, 60);
    // 0.45 x 256 = 115 Hz leaves room for 3 harmonics of 30 Hz, not 5.
    expect(ok.harmonics).toBe(3);
    expect(ok.bandTop).toBe(94);
    expect(() => validateSignalConfig({ ...ok, harmonics: 5 })).toThrow(
      /harmonics 5: .*beyond what 256 Hz sampling can resolve/,
    );
    expect(() => validateSignalConfig({ ...ok, bandTop: 200 })).toThrow(ConfigError);
    expect(() => validateSignalConfig({ ...ok, bandTop: 200 })).toThrow(/band top 200 Hz/);
  });

  it('a profile from another headset or electrode layout is refused, not misused', () => {
    const p = trainingFreeProfile(hz([13, 17, 21]), 250, 3, 50);
    p.channels = ['O1', 'Oz', 'O2'];
    expect(profileMismatch(p, 250, ['O1', 'Oz', 'O2'])).toBeUndefined();
    expect(profileMismatch(p, 250, ['TP9', 'AF7', 'AF8'])).toMatch(
      /electrodes O1, Oz, O2; this headset has TP9, AF7, AF8/,
    );
    expect(profileMismatch(p, 256, ['O1', 'Oz', 'O2'])).toMatch(
      /3 channels at 250 Hz; this headset streams 3 at 256 Hz/,
    );
  });
});

describe('the training-free detector on the simulated headset', () => {
  // People and seeds the default was not chosen on (npm run evaluate uses seeds 1-3).
  const silentFor30Minutes = (targets: number[], opts: object) => {
    const rec = simulateRecording(1800, [], { channels: 4, artefacts: false, ...opts });
    const p = new OnlinePipeline(trainingFreeProfile(hz(targets), 250, 4, 50));
    return p.push(rec.data).filter((e) => e.type === 'selection');
  };

  it('selects nothing in 30 minutes of pure noise', () => {
    expect(silentFor30Minutes([13, 17, 21], { seed: 7, subject: 7, alphaLevel: 0 })).toEqual([]);
    expect(silentFor30Minutes([8, 10, 12, 13], { seed: 8, subject: 8, alphaLevel: 0 })).toEqual([]);
  });

  it('selects nothing in 30 minutes of alpha with targets above the alpha band', () => {
    expect(silentFor30Minutes([13, 17, 21], { seed: 9, subject: 9 })).toEqual([]);
  });

  it('learns the resting signal first, then selects what is looked at and says how close it is', () => {
    const rec = simulateRecording(
      70,
      [
        { frequency: 17, start: 30, end: 38, label: '17Hz' },
        { frequency: 13, start: 50, end: 58, label: '13Hz' },
      ],
      { seed: 5, subject: 5, channels: 4 },
    );
    const p = new OnlinePipeline(trainingFreeProfile(hz([13, 17, 21]), 250, 4, 50));
    const events = p.push(rec.data);
    const beats = events.filter((e): e is Heartbeat => e.type === 'heartbeat');
    // 20 s of learning from the first window (which ends one look-length in).
    const learnt = 20 + p.profile.signal.window;
    expect(beats.filter((b) => b.t < learnt - 0.5).every((b) => b.warmingUp)).toBe(true);
    expect(beats.some((b) => b.t > learnt + 0.5 && b.warmingUp)).toBe(false);
    const picks = events.flatMap((e) => (e.type === 'selection' ? [`${e.label}@${Math.floor(e.t)}`] : []));
    expect(picks.map((s) => s.split('@')[0])).toEqual(['17Hz', '13Hz']);
    const rising = beats.filter((b) => b.t > 30 && b.t < 38 && b.candidate === 1).map((b) => b.progress ?? 0);
    expect(rising.length).toBeGreaterThan(1);
    expect(Math.max(...rising)).toBeGreaterThan(Math.min(...rising));
  });

  it('stays silent while an electrode has no contact, and names it', () => {
    const rec = simulateRecording(60, [{ frequency: 17, start: 25, end: 55, label: '17Hz' }], {
      seed: 6,
      subject: 6,
      channels: 4,
    });
    // Channel 2 comes loose: large broadband noise.
    let s = 1;
    const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
    for (let i = 0; i < rec.data[2].length; i++) rec.data[2][i] += 800 * rnd();
    const events = new OnlinePipeline(trainingFreeProfile(hz([13, 17, 21]), 250, 4, 50)).push(rec.data);
    expect(events.filter((e) => e.type === 'selection')).toEqual([]);
    const last = events.filter((e): e is Heartbeat => e.type === 'heartbeat').at(-1);
    expect(last?.contact).toEqual({ channel: 2, problem: 'noisy' });
  });
});

describe('check-in', () => {
  const session = (ssvepAmplitude: number) => {
    const spans = [];
    let t = 25;
    for (const f of [13, 17, 21, 13, 17, 21]) {
      spans.push({ frequency: f, start: t, end: t + 4, label: `${f}Hz` });
      spans.push({ frequency: null, start: t + 4, end: t + 8, label: 'rest' });
      t += 8;
    }
    return simulateRecording(t + 2, spans, { seed: 12, subject: 4, channels: 4, ssvepAmplitude });
  };

  it('says good for a clear responder and keeps the population threshold as the floor', () => {
    const base = trainingFreeProfile(hz([13, 17, 21]), 250, 4, 50);
    const { profile, report } = checkIn([session(2.5)], base);
    expect(report.verdict).toBe('good');
    expect(report.targets.every((t) => t.reliable && t.threshold >= base.z!.threshold)).toBe(true);
    expect(profile.z?.prior?.median).toHaveLength(3);
  });

  it('says no response, and makes every target strictest, where nothing responds', () => {
    const base = trainingFreeProfile(hz([13, 17, 21]), 250, 4, 50);
    const { profile, report } = checkIn([session(0)], base);
    expect(report.verdict).toBe('no-response');
    expect(report.advice).toMatch(/electrodes/);
    // No target stands out from rest: each is silent (the result says so), not merely strictest.
    expect(report.targets.every((t) => t.silent && t.responseRatio < SWITCH_RESPONSE)).toBe(true);
    expect(profile.z?.thresholds).toEqual([SILENT_Z, SILENT_Z, SILENT_Z]);
    expect((JSON.parse(JSON.stringify(profile)) as typeof profile).z?.thresholds).toEqual([
      SILENT_Z,
      SILENT_Z,
      SILENT_Z,
    ]);
    const rec = session(0);
    expect(selectionsOf(analyseRecording(rec, profile.signal), profile)).toEqual([]);
    // Nothing stands out from rest either: one switch would not help, and is not proposed.
    expect(report.oneSwitch).toBeUndefined();
  });

  it('proposes one switch where only one square stands out from rest', () => {
    const spans = [];
    let t = 25;
    for (const f of [13, 17, 21, 13, 17, 21]) {
      // The person looks at every square; only 17 Hz evokes a response.
      spans.push({ frequency: f === 17 ? f : null, start: t, end: t + 4, label: `${f}Hz` });
      spans.push({ frequency: null, start: t + 4, end: t + 8, label: 'rest' });
      t += 8;
    }
    const rec = simulateRecording(t + 2, spans, { seed: 12, subject: 4, channels: 4, ssvepAmplitude: 2.5 });
    const base = trainingFreeProfile(hz([13, 17, 21]), 250, 4, 50);
    const { profile, report } = checkIn([rec], base);
    expect(report.verdict).not.toBe('good');
    expect(report.oneSwitch).toEqual({ label: '17Hz', frequency: 17 });
    // The carer is offered it only where the switch's own square (the Menu square's frequency) stands out.
    expect(figuresOf(profile, 3, report, 17).oneSwitch).toEqual({ label: '17Hz', frequency: 17 });
    expect(figuresOf(profile, 3, report, 13).oneSwitch).toBeUndefined();
    expect(report.advice).toMatch(/one switch/);
    expect(checkIn([session(2.5)], base).report.oneSwitch).toBeUndefined();
  });
});

describe('the training-free detector on real recordings it was not tuned on', () => {
  it.runIf(haveMuse())('stays silent on a headband session with a dead electrode, and names the electrode', () => {
    const rec = loadRecording(`${MUSE}/sub-03_ses-2_run-1.bdf`);
    const mains = detectMains(
      rec.data.map((c) => c.subarray(0, 2560)),
      rec.sampleRate,
    );
    expect(mains).toBe(60);
    const events = new OnlinePipeline(trainingFreeProfile(hz([20, 30]), rec.sampleRate, 5, mains)).push(rec.data);
    expect(events.filter((e) => e.type === 'selection')).toEqual([]);
    const problems = events.flatMap((e) =>
      e.type === 'heartbeat' && e.contact ? [rec.channels[e.contact.channel].label] : [],
    );
    // POz (the only electrode over the visual cortex) is the one reported, nearly always.
    expect(problems.length).toBeGreaterThan(100);
    expect(problems.filter((c) => c === 'POz').length / problems.length).toBeGreaterThan(0.9);
  });

  it.runIf(haveMuse())('selects on a working headband session, almost never wrongly', () => {
    const rec = loadRecording(`${MUSE}/sub-03_ses-3_run-1.bdf`);
    const p = new OnlinePipeline(trainingFreeProfile(hz([20, 30]), rec.sampleRate, 5, 60));
    const selections: { t: number; label: string }[] = [];
    p.push(rec.data, (e) => e.type === 'selection' && selections.push({ t: e.t, label: e.label }));
    const a = scoreAsync([{ annotations: rec.annotations, selections }], ['20Hz', '30Hz']);
    expect(a.hits).toBeGreaterThanOrEqual(8);
    expect(a.errors).toBeLessThanOrEqual(1);
  });

  it.runIf(haveDataset())('on a new person of the LED dataset: hits, and no action during rest', () => {
    const rec = loadRecording(sessionFile(3, 2));
    const p = new OnlinePipeline(trainingFreeProfile(EXO_TARGETS, 256, 8, 50));
    const selections: { t: number; label: string }[] = [];
    p.push(rec.data, (e) => e.type === 'selection' && selections.push({ t: e.t, label: e.label }));
    const a = scoreAsync([{ annotations: rec.annotations, selections }], ['13Hz', '17Hz', '21Hz']);
    expect(a.hitRate).toBeGreaterThan(0.6);
    expect(a.falseActivations).toBe(0);
  });
});

describe('frequencies to offer instead of a weak target', () => {
  it('avoids the frequencies a strong resting alpha favours', () => {
    const rec = simulateRecording(120, [], { seed: 21, subject: 2, channels: 4, alphaLevel: 8, artefacts: false });
    const base = trainingFreeProfile(hz([13, 17, 21]), 250, 4, 50);
    const picks = quietFrequencies([rec], base, [17], [9, 9.5, 10, 10.5, 11, 14, 15, 15.5]);
    expect(picks).toHaveLength(3);
    // Alpha of this model sits between 9 and 11 Hz.
    expect(picks.every((f) => f >= 14)).toBe(true);
  });
});
