import { describe, expect, it } from 'vitest';
import { analyseInUse } from '../src/core/eval/self-paced';
import { mulberry32 } from '../src/core/sim/eeg-model';
import { parseGaze, simulateRecording } from '../src/core/sim/session';
import { analyseRecording } from '../src/core/ssvep/calibration';
import { CcaSolver, covarianceBlocks } from '../src/core/ssvep/cca';
import { SpatialPrototype } from '../src/core/ssvep/spatial-prototype';
import { trainingFreeProfile } from '../src/core/ssvep/training-free';

const TARGETS = [13, 17, 21].map((f) => ({ label: `${f}Hz`, frequency: f }));

/** Eight channels: a 13 Hz source with mixing `pattern`, plus independent noise; sine/cosine references. */
function mixed(pattern: number[], seed: number, n = 500) {
  const rand = mulberry32(seed);
  const fs = 250;
  const source = Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * 13 * i) / fs + 0.4));
  const x = pattern.map((a) => Float64Array.from(source, (s) => a * s + 2 * (rand() - 0.5)));
  const y = [Math.sin, Math.cos].map((f) => Float64Array.from({ length: n }, (_, i) => f((2 * Math.PI * 13 * i) / fs)));
  return { x, y };
}

function solved(x: Float64Array[], y: Float64Array[]) {
  const { cxx, cyy, cxy } = covarianceBlocks(x, y);
  const solver = new CcaSolver(x.length, y.length);
  solver.setX(cxx);
  const ly = new Float64Array(y.length * y.length);
  solver.factorY(cyy, ly);
  return { solver, cxx, cxy, ly };
}

describe('the prototype spatial filter (online adaptive CCA)', () => {
  it("CCA's channel weights give, as a fixed filter, exactly the largest canonical correlation; other filters give less", () => {
    const { x, y } = mixed([1, 0.8, 0.5, 0.2, 0, 0, 0.1, 0.3], 1);
    const { solver, cxx, cxy, ly } = solved(x, y);
    const weights = new Float64Array(8);
    const largest = solver.largestWeights(ly, cxy, weights);
    expect(largest).toBeCloseTo(solver.largest(ly, Float64Array.from(cxy)), 12);
    expect(Math.hypot(...weights)).toBeCloseTo(1, 12);
    expect(solver.alongFilter(weights, cxx, ly, cxy)).toBeCloseTo(largest, 10);
    const oneChannel = Float64Array.from({ length: 8 }, (_, i) => (i === 5 ? 1 : 0));
    expect(solver.alongFilter(oneChannel, cxx, ly, cxy)).toBeLessThan(0.5 * largest);
  });

  it('finds the direction most windows point to, whatever sign or size CCA gave each', () => {
    const rand = mulberry32(7);
    const direction = [0.6, 0.5, 0.4, 0.3, 0.2, 0.2, 0.2, 0.1];
    const unit = direction.map((d) => d / Math.hypot(...direction));
    const prototype = new SpatialPrototype(8, 4);
    for (let i = 0; i < 30; i++) {
      const sign = i % 2 ? -1 : 1;
      const size = 0.1 + 10 * rand();
      // A third of the windows fitted noise and point anywhere.
      const w = unit.map((u) => (i % 3 === 0 ? rand() - 0.5 : sign * size * (u + 0.1 * (rand() - 0.5))));
      prototype.add(Float64Array.from(w));
    }
    expect(prototype.ready).toBe(true);
    const cosine = Math.abs(unit.reduce((s, u, i) => s + u * prototype.filter[i], 0));
    expect(cosine).toBeGreaterThan(0.98);
  });

  it('is not used before it has learnt enough windows, and ignores an empty or broken weight vector', () => {
    const prototype = new SpatialPrototype(4, 2);
    prototype.add(new Float64Array(4));
    prototype.add(Float64Array.from([NaN, 1, 0, 0]));
    expect(prototype.windows).toBe(0);
    prototype.add(Float64Array.from([1, 0, 0, 0]));
    expect(prototype.ready).toBe(false);
    prototype.add(Float64Array.from([-2, 0, 0, 0]));
    expect(prototype.ready).toBe(true);
    expect(Math.abs(prototype.filter[0])).toBeCloseTo(1, 12);
  });

  it('learns during use from the windows where a look stood above rest, and then changes what the detector sees', () => {
    const rec = simulateRecording(60, parseGaze('13@25-35,17@40-50'), { seed: 3, channels: 8, ssvepAmplitude: 4 });
    const plain = trainingFreeProfile(TARGETS, rec.sampleRate, 8, 50, { prototype: false });
    const learning = trainingFreeProfile(TARGETS, rec.sampleRate, 8, 50, { prototype: true });
    const before = analyseInUse(rec, plain);
    const after = analyseInUse(rec, learning);
    expect(after).toHaveLength(before.length);
    // Identical until the filter has learnt (nothing stands above rest during the 20 s warm-up) ...
    const firstChange = after.findIndex((w, i) => w.rho.some((r, j) => r !== before[i].rho[j]));
    expect(firstChange).toBeGreaterThan(0);
    expect(after[firstChange].endSample / rec.sampleRate).toBeGreaterThan(25);
    // ... then every window is scored along the learnt filter too (never above what CCA alone finds).
    const last = after.length - 1;
    expect(after[last].rho.some((r, j) => r !== before[last].rho[j])).toBe(true);
    after[last].rho.forEach((r, j) => expect(r).toBeLessThanOrEqual(before[last].rho[j] + 1e-12));
  });

  it('is refused where nothing decides what it learns from', () => {
    const rec = simulateRecording(5, [], { seed: 1, channels: 8 });
    const signal = trainingFreeProfile(TARGETS, rec.sampleRate, 8, 50, { prototype: true }).signal;
    expect(() => analyseRecording(rec, signal)).toThrow(/needs a detector/);
  });
});
