/**
 * Frame-accurate flicker timing. A display shows whole frames, so every
 * frame's luminance is the sampled waveform at that frame's time:
 * L = 0.5 (1 + sin(2 pi f n / R + phase)) for frame n at refresh rate R.
 * The frame index comes from elapsed time (not from counting callbacks), so a
 * dropped frame skips a sample instead of shifting the phase of all later
 * ones. No CSS animation is involved.
 */
const KNOWN_RATES = [24, 25, 30, 48, 50, 60, 72, 75, 85, 90, 100, 120, 144, 160, 165, 180, 200, 240, 360];

export function snapRefreshRate(measured: number): number {
  let best = KNOWN_RATES[0];
  for (const r of KNOWN_RATES) if (Math.abs(r - measured) < Math.abs(best - measured)) best = r;
  // Trust the snap only when it is close; otherwise keep the measurement.
  return Math.abs(best - measured) / best < 0.03 ? best : measured;
}

export function luminance(frequency: number, frame: number, refreshRate: number, phase = 0): number {
  return 0.5 * (1 + Math.sin((2 * Math.PI * frequency * frame) / refreshRate + phase));
}

/** Frequencies a display at `refreshRate` can render as a sampled sinusoid. */
export function renderable(frequency: number, refreshRate: number): boolean {
  return frequency > 0 && frequency < refreshRate / 2;
}

export interface FrameInfo {
  frame: number;
  dropped: number;
}

/** Turns rAF time stamps into frame indices and counts dropped frames. */
export class FrameClock {
  private t0: number | undefined;
  private lastTs: number | undefined;
  private lastFrame = -1;
  dropped = 0;

  constructor(readonly refreshRate: number) {}

  next(ts: number): FrameInfo {
    const period = 1000 / this.refreshRate;
    this.t0 ??= ts;
    if (this.lastTs !== undefined && ts - this.lastTs > 1.5 * period) {
      this.dropped += Math.round((ts - this.lastTs) / period) - 1;
    }
    this.lastTs = ts;
    let frame = Math.round((ts - this.t0) / period);
    if (frame <= this.lastFrame) frame = this.lastFrame + 1;
    this.lastFrame = frame;
    return { frame, dropped: this.dropped };
  }

  /** Restart the time line (after a pause the phase is allowed to restart). */
  reset(): void {
    this.t0 = undefined;
    this.lastTs = undefined;
    this.lastFrame = -1;
  }
}

/** Measures the refresh rate from the median interval of `frames` rAF callbacks. */
export function measureRefreshRate(frames = 40): Promise<number> {
  return new Promise((resolve) => {
    const stamps: number[] = [];
    const tick = (ts: number) => {
      stamps.push(ts);
      if (stamps.length <= frames) requestAnimationFrame(tick);
      else {
        const d = stamps
          .slice(1)
          .map((t, i) => t - stamps[i])
          .sort((a, b) => a - b);
        resolve(snapRefreshRate(1000 / d[Math.floor(d.length / 2)]));
      }
    };
    requestAnimationFrame(tick);
  });
}
