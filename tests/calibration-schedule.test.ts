import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT } from '../src/core/protocol/layout';
import {
  calibrationLength,
  calibrationSchedule,
  DEFAULT_SCHEDULE,
  durationWords,
} from '../src/core/calibration/schedule';

/** The one calibration duration the studio, the Connect page and the docs state. */
describe('calibration schedule', () => {
  it('is about 2 minutes with the 4 default targets, as the docs say', () => {
    const steps = calibrationSchedule(DEFAULT_LAYOUT.targets, DEFAULT_SCHEDULE);
    expect(steps).toHaveLength(24);
    expect(steps.reduce((s, x) => s + x.seconds, 0)).toBe(120);
    expect(calibrationLength(DEFAULT_LAYOUT.targets)).toBe('2 minutes');
  });

  it('cues every target once per round, in a different order each round, with a rest after each', () => {
    const steps = calibrationSchedule(DEFAULT_LAYOUT.targets, { rounds: 2, seconds: 4, rest: 3 });
    const looks = steps.filter((s) => s.kind === 'target').map((s) => s.target!.label);
    expect(looks.slice(0, 4).sort()).toEqual(looks.slice(4).sort());
    expect(looks.slice(0, 4)).not.toEqual(looks.slice(4));
    steps.forEach((s, i) => expect(s.kind).toBe(i % 2 ? 'rest' : 'target'));
    expect(steps.filter((s) => s.kind === 'rest').every((s) => s.seconds === 3)).toBe(true);
  });

  it('words durations for the page', () => {
    expect(durationWords(45)).toBe('45 seconds');
    expect(durationWords(181)).toBe('3 minutes');
    expect(durationWords(100, true)).toBe('1 min 40 s');
    expect(durationWords(120, true)).toBe('2 min');
    expect(durationWords(7, true)).toBe('7 s');
  });
});
