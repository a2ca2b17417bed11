import { describe, expect, it } from 'vitest';
import { scoreAsync } from '../src/core/eval/async';
import { OnlinePipeline, type PipelineEvent } from '../src/core/online/pipeline';
import { EegModel } from '../src/core/sim/eeg-model';
import { parseGaze, simulateRecording } from '../src/core/sim/session';
import { calibrate } from '../src/core/ssvep/calibration';
import { defaultProfile } from '../src/core/ssvep/profile-defaults';
import type { Profile } from '../src/core/ssvep/profile';
import { loadRecording } from '../src/node/files';
import { EXO_TARGETS, haveDataset, sessionFile } from './helpers/dataset';

// Above the alpha band: see docs/evaluation.md on 8-12 Hz targets and alpha.
const TARGETS = [13, 15, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f }));

/** A calibration session as the extension runs it: each target then rest, 4 s each, 4 rounds. */
function simulatedCalibration(subject: number) {
  const spans = [];
  let t = 2;
  for (let r = 0; r < 4; r++) {
    for (const f of [13, null, 15, null, 17, null, 21, null]) {
      spans.push({ frequency: f, start: t, end: t + 4, label: f === null ? 'rest' : `${f}Hz` });
      t += 5;
    }
  }
  return simulateRecording(t + 2, spans, { seed: 11, subject });
}

let simProfile: Profile | undefined;
function profile(): Profile {
  simProfile ??= calibrate([{ recording: simulatedCalibration(1), name: 'sim' }], {
    method: 'fbcca-lda',
    targets: TARGETS,
    window: 1.5,
  });
  return simProfile;
}

const selections = (events: PipelineEvent[]) =>
  events.flatMap((e) => (e.type === 'selection' ? [[Number(e.t.toFixed(3)), e.label] as const] : []));

describe('online pipeline', () => {
  it('gives the same heartbeats and selections whatever the chunk size', () => {
    const rec = simulateRecording(20, parseGaze('17@2-12,idle@12-20'), { seed: 5 });
    const whole = new OnlinePipeline(profile()).push(rec.data);
    const pieces: PipelineEvent[] = [];
    const p = new OnlinePipeline(profile());
    const n = rec.data[0].length;
    for (let i = 0, step = 1; i < n; i += step, step = (step % 23) + 1) {
      p.push(
        rec.data.map((c) => c.subarray(i, Math.min(n, i + step))),
        (e) => pieces.push(e),
      );
    }
    expect(whole.length).toBeGreaterThan(60);
    expect(pieces).toEqual(whole);
  });

  it('emits one heartbeat per window step with a score per target', () => {
    const rec = simulateRecording(10, [], { seed: 6 });
    const p = new OnlinePipeline(profile());
    const beats = p.push(rec.data).filter((e) => e.type === 'heartbeat');
    // 0.25 s is 62.5 samples at 250 Hz: steps are whole samples (63), windows 6 steps.
    const { blockLength, blocksPerWindow } = p.analyzer;
    expect(blockLength).toBe(63);
    expect(beats).toHaveLength(Math.floor(2500 / blockLength) - blocksPerWindow + 1);
    expect(beats[0].t).toBeCloseTo((blockLength * blocksPerWindow) / 250, 9);
    expect(beats.every((b) => b.type === 'heartbeat' && b.scores.length === 4)).toBe(true);
  });

  it('selects the attended target once per gaze and nothing while idle (simulated headset)', () => {
    const rec = simulateRecording(
      80,
      parseGaze('17@5-15,idle@15-25,13@25-35,idle@35-45,21@45-55,idle@55-65,15@65-75'),
      {
        seed: 2,
        subject: 1,
      },
    );
    const sel = selections(new OnlinePipeline(profile()).push(rec.data));
    expect(sel.map((s) => s[1])).toEqual(['17Hz', '13Hz', '21Hz', '15Hz']);
    const onsets = [5, 25, 45, 65];
    sel.forEach(([t], i) => expect(t - onsets[i]).toBeLessThan(4));
  });

  it('makes no selection on 10 minutes of pure noise', () => {
    const model = new EegModel({ channels: 8, sampleRate: 250, seed: 99, alphaLevel: 0, artefacts: false });
    const p = new OnlinePipeline(profile());
    const fired: PipelineEvent[] = [];
    for (let s = 0; s < 600; s++) p.push(model.generate(250), (e) => e.type === 'selection' && fired.push(e));
    expect(fired).toEqual([]);
  });

  it('makes no selection while paused, even with a strong SSVEP', () => {
    const rec = simulateRecording(20, parseGaze('17@0-20'), { seed: 3, ssvepAmplitude: 6 });
    const p = new OnlinePipeline(profile());
    p.setPaused(true);
    const events = p.push(rec.data);
    expect(selections(events)).toEqual([]);
    expect(
      events.filter((e) => e.type === 'heartbeat').every((e) => e.type === 'heartbeat' && e.state === 'paused'),
    ).toBe(true);
  });

  it('training-free FBCCA picks the attended target of a clear SSVEP', () => {
    const rec = simulateRecording(12, parseGaze('21@0-12'), { seed: 4, ssvepAmplitude: 4 });
    const p = new OnlinePipeline(defaultProfile({ method: 'fbcca', targets: TARGETS, window: 2 }, 250, 8));
    const beats = p.push(rec.data).filter((e) => e.type === 'heartbeat');
    const late = beats.slice(-10);
    for (const b of late) if (b.type === 'heartbeat') expect(b.scores.indexOf(Math.max(...b.scores))).toBe(3);
  });

  it('refuses chunks with the wrong channel count', () => {
    expect(() => new OnlinePipeline(profile()).push([new Float32Array(10)])).toThrow(/expected 8 channels/);
  });
});

describe.runIf(haveDataset())('online pipeline on real recordings', () => {
  it('calibrated on sub-03 ses-1, replays ses-2 with many hits, few errors and rare false activations', () => {
    const cal = loadRecording(sessionFile(3, 1));
    const test = loadRecording(sessionFile(3, 2));
    const prof = calibrate([{ recording: cal, name: 'ses-1' }], {
      method: 'fbcca-lda',
      targets: EXO_TARGETS,
      window: 1.5,
    });
    const sel = new OnlinePipeline(prof)
      .push(test.data)
      .flatMap((e) => (e.type === 'selection' ? [{ t: e.t, label: e.label }] : []));
    const s = scoreAsync(
      [{ annotations: test.annotations, selections: sel }],
      EXO_TARGETS.map((t) => t.label),
    );
    expect(s.targetTrials).toBe(24);
    expect(s.hits).toBeGreaterThanOrEqual(18);
    expect(s.errors).toBeLessThanOrEqual(2);
    expect(s.falseActivations).toBeLessThanOrEqual(1);
  });
});

describe('gap markers are not trials', () => {
  it('a capture\'s "lost N" spans count neither as rest in scoring nor in calibration', async () => {
    const { trialsOf } = await import('../src/core/recording/types');
    const annotations = [
      { onset: 10, duration: 5, label: '13Hz' },
      { onset: 20, duration: 5, label: 'rest' },
      { onset: 30, duration: 0.2, label: 'lost 50' },
      { onset: 40, duration: 0, label: 'button' },
    ];
    expect(trialsOf(annotations).map((a) => a.label)).toEqual(['13Hz', 'rest']);
    // A selection during the gap is not a false activation.
    const s = scoreAsync([{ annotations, selections: [{ t: 30.1, label: '13Hz' }] }], ['13Hz']);
    expect(s.falseActivations).toBe(0);
    expect(s.restMinutes).toBeCloseTo(5 / 60, 9);
    // Calibration sees the same windows with or without gap markers.
    const rec = simulatedCalibration(2);
    const marked = { ...rec, annotations: [...rec.annotations, { onset: 3, duration: 30, label: 'lost 7500' }] };
    const opts = { method: 'fbcca-lda' as const, targets: TARGETS, window: 1.5 };
    expect(calibrate([{ recording: marked, name: 'm' }], opts).calibration?.windows).toBe(
      calibrate([{ recording: rec, name: 'r' }], opts).calibration?.windows,
    );
  });
});
