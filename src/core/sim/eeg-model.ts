/**
 * A deterministic model of occipital EEG with SSVEP responses, for the
 * simulated headset, demos and tests:
 * - background: 1/f ("pink") noise per channel, partly shared across
 *   channels (volume conduction);
 * - alpha: a 9-11 Hz rhythm in waxing and waning bursts;
 * - mains hum at 50 or 60 Hz, different per channel;
 * - white amplifier noise per channel;
 * - artefacts: occasional blinks (slow, large, frontal-weighted) and muscle
 *   bursts (broadband, 20-100 Hz);
 * - SSVEP: at the attended frequency, fundamental and harmonics with a
 *   visual latency, an onset ramp and a per-subject strength; nothing when
 *   no target is attended.
 * Same seed, same inputs -> same samples.
 */
export interface EegModelOptions {
  channels: number;
  sampleRate: number;
  /** Noise realisation. */
  seed?: number;
  /** Who is simulated: alpha frequency, channel gains, mains pick-up. */
  subject?: number;
  mains?: 50 | 60;
  /** SSVEP amplitude of the fundamental in microvolts (per-subject strength). */
  ssvepAmplitude?: number;
  /** Peak RMS of the alpha rhythm in microvolts (eyes open, attending a screen). */
  alphaLevel?: number;
  /** 1/f background level in microvolts RMS. */
  backgroundLevel?: number;
  /** Blinks and muscle bursts on/off. */
  artefacts?: boolean;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal numbers from a uniform source (Box-Muller, cached pair). */
export function gaussian(rand: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Paul Kellet's economy pink-noise filter over white noise. */
class PinkNoise {
  private b0 = 0;
  private b1 = 0;
  private b2 = 0;
  next(white: number): number {
    this.b0 = 0.99765 * this.b0 + white * 0.099046;
    this.b1 = 0.963 * this.b1 + white * 0.2965164;
    this.b2 = 0.57 * this.b2 + white * 1.0526913;
    return (this.b0 + this.b1 + this.b2 + white * 0.1848) * 0.22;
  }
}

export class EegModel {
  readonly channels: number;
  readonly sampleRate: number;
  private readonly rand: () => number;
  private readonly normal: () => number;
  private readonly pink: PinkNoise[];
  private readonly sharedPink = new PinkNoise();
  private readonly mainsPhase: number[];
  private readonly mainsAmp: number[];
  private readonly ssvepGain: number[];
  private readonly ssvepPhase: number[];
  private readonly alphaFreq: number;
  private readonly mains: number;
  private readonly ssvepAmplitude: number;
  private readonly alphaLevel: number;
  private readonly background: number;
  private readonly artefacts: boolean;
  private n = 0;
  private attended: number | null = null;
  private attendedSince = 0;
  private lastAttended: number | null = null;
  private releasedAt = -Infinity;
  private alphaEnvelope = 0.5;
  // Alpha as a noise-driven resonator: narrow-band, with drifting phase and
  // frequency like the real rhythm (a fixed sinusoid would look like an SSVEP).
  private alpha1 = 0;
  private alpha2 = 0;
  private blinkLeft = 0;
  private muscleLeft = 0;

  constructor(opts: EegModelOptions) {
    this.channels = opts.channels;
    this.sampleRate = opts.sampleRate;
    const who = mulberry32(1000003 * (opts.subject ?? 1));
    this.mainsPhase = Array.from({ length: opts.channels }, () => who() * 2 * Math.PI);
    this.mainsAmp = Array.from({ length: opts.channels }, () => 2 + 6 * who());
    // Occipital channels (first ones by convention) carry the strongest SSVEP.
    this.ssvepGain = Array.from({ length: opts.channels }, (_, c) => (c < 3 ? 1 : 0.6) * (0.8 + 0.4 * who()));
    this.ssvepPhase = Array.from({ length: opts.channels }, () => (who() - 0.5) * 0.6);
    this.alphaFreq = 9 + 2 * who();
    this.rand = mulberry32(opts.seed ?? 1);
    this.normal = gaussian(this.rand);
    this.pink = Array.from({ length: opts.channels }, () => new PinkNoise());
    this.mains = opts.mains ?? 50;
    this.ssvepAmplitude = opts.ssvepAmplitude ?? 2.5;
    this.alphaLevel = opts.alphaLevel ?? 3;
    this.background = opts.backgroundLevel ?? 6;
    this.artefacts = opts.artefacts ?? true;
  }

  /** The frequency the user attends (Hz), or null when looking at no target. */
  setAttended(frequency: number | null): void {
    if (frequency === this.attended) return;
    if (this.attended !== null) {
      this.lastAttended = this.attended;
      this.releasedAt = this.n;
    }
    this.attended = frequency;
    this.attendedSince = this.n;
  }

  /** Time of the next sample, in seconds. */
  get time(): number {
    return this.n / this.sampleRate;
  }

  /** Generates `count` samples per channel in microvolts. */
  generate(count: number): Float32Array[] {
    const out = Array.from({ length: this.channels }, () => new Float32Array(count));
    const fs = this.sampleRate;
    const latency = 0.14 * fs;
    const ramp = 0.5 * fs;
    for (let i = 0; i < count; i++) {
      const t = this.n / fs;
      // Alpha envelope: slow random walk in [0, 1].
      this.alphaEnvelope = Math.min(1, Math.max(0, this.alphaEnvelope + this.normal() * 0.01));
      const r = Math.exp((-Math.PI * 1.5) / fs); // ~1.5 Hz bandwidth
      const a1 = 2 * r * Math.cos((2 * Math.PI * this.alphaFreq) / fs);
      const drive = this.normal();
      const a0 = a1 * this.alpha1 - r * r * this.alpha2 + drive;
      this.alpha2 = this.alpha1;
      this.alpha1 = a0;
      // Stationary variance of this AR(2) process, to scale it to unit RMS.
      const b2 = -r * r;
      const variance = (1 - b2) / ((1 + b2) * ((1 - b2) ** 2 - a1 * a1));
      const alpha = this.alphaLevel * this.alphaEnvelope * (a0 / Math.sqrt(variance));
      const shared = this.sharedPink.next(this.normal());
      // SSVEP envelope: visual latency then a linear ramp; a short decay after looking away.
      let ssvep = 0;
      const since = this.n - this.attendedSince - latency;
      if (this.attended !== null && since > 0) {
        ssvep = this.response(this.attended, t) * Math.min(1, since / ramp);
      }
      const after = this.n - this.releasedAt;
      if (this.lastAttended !== null && after < latency + ramp) {
        ssvep += this.response(this.lastAttended, t) * Math.max(0, 1 - Math.max(0, after - latency) / ramp);
      }
      let artefact = 0;
      if (this.artefacts) {
        if (this.blinkLeft <= 0 && this.rand() < 0.2 / fs) this.blinkLeft = Math.round(0.3 * fs);
        if (this.blinkLeft > 0) {
          const phase = 1 - this.blinkLeft / (0.3 * fs);
          artefact += 60 * Math.sin(Math.PI * phase);
          this.blinkLeft--;
        }
        if (this.muscleLeft <= 0 && this.rand() < 0.05 / fs) this.muscleLeft = Math.round(0.5 * fs);
        if (this.muscleLeft > 0) this.muscleLeft--;
      }
      for (let c = 0; c < this.channels; c++) {
        const own = this.pink[c].next(this.normal());
        let v = this.background * (0.6 * own + 0.4 * shared);
        v += alpha * (c < 3 ? 1 : 0.7);
        v += this.mainsAmp[c] * Math.sin(2 * Math.PI * this.mains * t + this.mainsPhase[c]);
        v += 0.7 * this.normal();
        v += ssvep * this.ssvepGain[c] * Math.cos(this.ssvepPhase[c]);
        // Blinks are strongest frontally: weaker on occipital channels.
        v += artefact * (c < 3 ? 0.15 : 0.3);
        if (this.muscleLeft > 0) v += 8 * this.normal();
        out[c][i] = v;
      }
      this.n++;
    }
    return out;
  }

  private response(f: number, t: number): number {
    const a = this.ssvepAmplitude;
    return (
      a * Math.sin(2 * Math.PI * f * t) +
      0.5 * a * Math.sin(4 * Math.PI * f * t + 0.4) +
      0.2 * a * Math.sin(6 * Math.PI * f * t + 1.1)
    );
  }
}
