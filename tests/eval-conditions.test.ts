import { describe, expect, it } from 'vitest';
import { addOneSwitch, scoreOneSwitch } from '../src/core/eval/one-switch';
import { backToBack } from '../src/core/eval/session-stream';
import type { Recording } from '../src/core/recording/types';

const rec = (seconds: number, annotations: Recording['annotations'], value = 0, channels = ['Oz']): Recording => ({
  channels: channels.map((label) => ({ label, unit: 'uV' })),
  sampleRate: 10,
  data: channels.map(() => new Float32Array(seconds * 10).fill(value)),
  annotations,
});

describe('a person’s recordings streamed back to back (the session condition)', () => {
  it('joins the samples in order and moves each run’s trials with it', () => {
    const joined = backToBack([
      rec(5, [{ onset: 1, duration: 2, label: '13Hz' }], 1),
      rec(3, [{ onset: 0.5, duration: 1, label: 'rest' }], 2),
    ]);
    expect(joined.data[0].length).toBe(80);
    expect(joined.data[0][49]).toBe(1);
    expect(joined.data[0][50]).toBe(2);
    expect(joined.annotations).toEqual([
      { onset: 1, duration: 2, label: '13Hz' },
      { onset: 5.5, duration: 1, label: 'rest' },
    ]);
  });

  it('refuses recordings of different headsets, naming both', () => {
    expect(() => backToBack([rec(1, []), rec(1, [], 0, ['O1', 'O2'])])).toThrow(/Oz at 10 Hz, not O1,O2 at 10 Hz/);
  });
});

describe('one target used as a switch, self-paced', () => {
  const annotations = [
    { onset: 10, duration: 5, label: '13Hz' },
    { onset: 20, duration: 5, label: 'rest' },
    { onset: 30, duration: 5, label: '17Hz' },
    { onset: 40, duration: 5, label: '13Hz' },
  ];
  it('a look counts when selected within 4 s; rest and other flickers are counted apart', () => {
    const s = scoreOneSwitch(
      annotations,
      [
        { t: 13.5, label: '13Hz' },
        { t: 22, label: '13Hz' },
        { t: 31, label: '13Hz' },
        // 4.5 s into the second look: too late.
        { t: 44.5, label: '13Hz' },
      ],
      '13Hz',
      ['13Hz', '17Hz'],
    );
    expect(s).toMatchObject({ looks: 2, selected: 1, falseActivations: 1, otherSelections: 1 });
    expect(s.latencies).toEqual([3.5]);
    expect(s.restMinutes).toBeCloseTo(5 / 60);
    expect(addOneSwitch([s, s])).toMatchObject({ looks: 4, selected: 2, falseActivations: 2, latencies: [3.5, 3.5] });
  });
});
