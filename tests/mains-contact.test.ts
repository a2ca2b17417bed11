import { describe, expect, it } from 'vitest';
import { OnlinePipeline, type PipelineEvent } from '../src/core/online/pipeline';
import { simulateRecording } from '../src/core/sim/session';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';

/**
 * Mains is not bad contact (issue 19): a dry headset often carries
 * millivolts of 50 Hz hum and its harmonic on top of 10-30 uV of EEG. The
 * notch removes it before the detector looks, so the contact check, which
 * judges the signal the detector uses, must call such a headset usable.
 */
function withMains(data: Float32Array[], rate: number, mainsUv: number, harmonicUv: number): Float32Array[] {
  return data.map((ch, c) =>
    ch.map((v, i) => {
      const t = i / rate;
      return v + mainsUv * Math.sin(2 * Math.PI * 50 * t + c) + harmonicUv * Math.sin(2 * Math.PI * 100 * t + 2 * c);
    }),
  );
}

describe('contact check under mains hum', () => {
  it('3 mV of 50 Hz and 150 uV at 100 Hz on clean EEG: no contact problem, and the look is still selected', () => {
    const rec = simulateRecording(50, [{ frequency: 17, start: 30, end: 38, label: '17Hz' }], {
      seed: 5,
      subject: 5,
      channels: 4,
    });
    const data = withMains(rec.data, 250, 3000, 150);
    const targets = [13, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f }));
    const p = new OnlinePipeline(trainingFreeProfile(targets, 250, 4, 50));
    const events: PipelineEvent[] = p.push(data);
    const beats = events.filter((e) => e.type === 'heartbeat');
    expect(beats.length).toBeGreaterThan(100);
    expect(beats.filter((b) => b.type === 'heartbeat' && b.contact !== undefined)).toEqual([]);
    expect(events.filter((e) => e.type === 'selection').map((e) => e.type === 'selection' && e.label)).toEqual([
      '17Hz',
    ]);
  });
});
