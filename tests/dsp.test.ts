import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cheb1BandpassOrder, designIir, designNotch, type IirSpec, sosGain } from '../src/core/dsp/design';
import { SosFilter } from '../src/core/dsp/sos-filter';

interface Case {
  name: string;
  spec: IirSpec & { notch?: number; quality?: number };
  sos: number[][];
  impulse: number[];
  noise: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/filters.json', import.meta.url), 'utf8')) as {
  input: number[];
  cases: Case[];
  cheb1ord: { pass: [number, number]; stop: [number, number]; sampleRate: number; order: number }[];
};

function design(spec: Case['spec']) {
  return spec.notch !== undefined ? designNotch(spec.notch, spec.quality!, spec.sampleRate) : designIir(spec);
}

function run(sos: number[][], input: number[]): Float64Array {
  const f = new SosFilter(sos, 1);
  const out = Float64Array.from(input);
  f.process([out], [out]);
  return out;
}

describe('filter design matches scipy.signal', () => {
  for (const k of fixture.cases) {
    it(k.name, () => {
      const sos = design(k.spec);
      expect(sos.length).toBe(k.sos.length);
      const peak = Math.max(...k.impulse.map(Math.abs));
      const imp = run(
        sos,
        k.impulse.map((_, i) => (i === 0 ? 1 : 0)),
      );
      imp.forEach((v, i) => expect(Math.abs(v - k.impulse[i])).toBeLessThan(1e-9 * peak + 1e-12));
      const noisePeak = Math.max(...k.noise.map(Math.abs));
      const out = run(sos, fixture.input);
      out.forEach((v, i) => expect(Math.abs(v - k.noise[i])).toBeLessThan(1e-9 * noisePeak));
    });
  }

  it('cheb1ord orders', () => {
    for (const o of fixture.cheb1ord) expect(cheb1BandpassOrder(o.pass, o.stop, o.sampleRate)).toBe(o.order);
  });

  it('a band-pass passes its centre and stops far outside', () => {
    const sos = designIir({ family: 'butter', order: 4, type: 'bandpass', cutoff: [8, 30], sampleRate: 250 });
    expect(sosGain(sos, 15, 250)).toBeGreaterThan(0.98);
    expect(sosGain(sos, 1, 250)).toBeLessThan(1e-3);
    expect(sosGain(sos, 100, 250)).toBeLessThan(1e-3);
  });

  it('rejects impossible designs with a clear message', () => {
    expect(() => designIir({ family: 'butter', order: 4, type: 'lowpass', cutoff: [200], sampleRate: 250 })).toThrow(
      /Nyquist/,
    );
    expect(() => designIir({ family: 'butter', order: 4, type: 'bandpass', cutoff: [30, 8], sampleRate: 250 })).toThrow(
      /increasing/,
    );
    expect(() => designNotch(60, 30, 100)).toThrow(/Nyquist/);
  });
});

describe('streaming SOS filter', () => {
  it('gives identical output in one block and in 1-sample pieces, per channel', () => {
    const sos = designIir({
      family: 'cheby1',
      order: 6,
      type: 'bandpass',
      cutoff: [7, 40],
      sampleRate: 256,
      rippleDb: 0.5,
    });
    const n = 1000;
    const sig = [0, 1, 2].map((ch) =>
      Float32Array.from({ length: n }, (_, i) => Math.sin(i * (0.1 + ch)) + ((i * 7919) % 13) / 13),
    );
    const whole = new SosFilter(sos, 3);
    const a = sig.map((s) => new Float32Array(s));
    whole.process(a, a);
    const pieces = new SosFilter(sos, 3);
    const b = sig.map(() => new Float32Array(n));
    for (let i = 0; i < n; i++) {
      const x = sig.map((s) => s.subarray(i, i + 1));
      pieces.process(
        x,
        b.map((s) => s.subarray(i, i + 1)),
      );
    }
    for (let ch = 0; ch < 3; ch++) expect(Array.from(b[ch])).toEqual(Array.from(a[ch]));
    // Uneven chunks too.
    const uneven = new SosFilter(sos, 3);
    const u = sig.map(() => new Float32Array(n));
    for (let i = 0, step = 1; i < n; i += step, step = (step * 3) % 17 || 1) {
      uneven.process(
        sig.map((s) => s.subarray(i, i + step)),
        u.map((s) => s.subarray(i, i + step)),
      );
    }
    for (let ch = 0; ch < 3; ch++) expect(Array.from(u[ch])).toEqual(Array.from(a[ch]));
  });
});

describe('spectrum and channel quality', () => {
  it('finds a sinusoid at its frequency with its amplitude', async () => {
    const { amplitudeSpectrum } = await import('../src/core/dsp/spectrum');
    const x = Float64Array.from({ length: 1024 }, (_, i) => 3 * Math.sin((2 * Math.PI * 12 * i) / 256) + 1);
    const { freqs, amps } = amplitudeSpectrum(x, 256, 512);
    let best = 1;
    for (let i = 2; i < amps.length; i++) if (amps[i] > amps[best]) best = i;
    expect(freqs[best]).toBe(12);
    expect(amps[best]).toBeCloseTo(3, 1);
    expect(amps[0]).toBeLessThan(0.1); // the mean is removed
    expect(() => amplitudeSpectrum(x, 256, 500)).toThrow(/power of two/);
  });

  it('tells flat, railed, noisy and good channels apart', async () => {
    const { channelQuality } = await import('../src/core/dsp/spectrum');
    const noise = (a: number) =>
      Float64Array.from({ length: 500 }, (_, i) => a * Math.sin(i * 1.7) * Math.cos(i * 0.31));
    expect(channelQuality(new Float64Array(500).fill(3), new Float64Array(500)).quality).toBe('flat');
    expect(channelQuality(new Float64Array(500).fill(-187500), noise(1)).quality).toBe('railed');
    expect(channelQuality(noise(400), noise(400)).quality).toBe('noisy');
    expect(channelQuality(noise(10), noise(10)).quality).toBe('good');
  });
});
