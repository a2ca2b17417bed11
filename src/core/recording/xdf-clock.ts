/**
 * LSL clock synchronisation as pyxdf does it: the recorder measured each
 * stream's clock offset every few seconds; a time stamp t becomes
 * t + a + b*t with (a, b) fitted to the offsets of its clock segment. A
 * clock reset (the sending computer restarted) starts a new segment: both
 * the measurement times and the offset values jump.
 */
export interface ClockFit {
  intercept: number;
  slope: number;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Where the offsets jump: pyxdf's thresholds (5 MADs and 5 s in time; 10 MADs and 1 s in value). */
function resetsAt(times: number[], values: number[]): number[] {
  const dt = times.slice(1).map((t, i) => t - times[i]);
  const dv = values.slice(1).map((v, i) => Math.abs(v - values[i]));
  const glitches = (d: number[], stds: number, seconds: number, backwards: boolean) => {
    const mid = median(d);
    const mad = median(d.map((x) => Math.abs(x - mid))) + Number.EPSILON;
    return d.map((x) => (backwards && x < 0) || ((x - mid) / mad > stds && x - mid > seconds));
  };
  const inTime = glitches(dt, 5, 5, true);
  const inValue = glitches(dv, 10, 1, false);
  return inTime.flatMap((g, i) => (g && inValue[i] ? [i] : []));
}

function fit(times: number[], values: number[]): ClockFit {
  if (times.length === 1) return { intercept: values[0], slope: 0 };
  const n = times.length;
  const mt = times.reduce((a, b) => a + b, 0) / n;
  const mv = values.reduce((a, b) => a + b, 0) / n;
  let cov = 0;
  let varT = 0;
  for (let i = 0; i < n; i++) {
    cov += (times[i] - mt) * (values[i] - mv);
    varT += (times[i] - mt) ** 2;
  }
  const slope = varT > 0 ? cov / varT : 0;
  return { intercept: mv - slope * mt, slope };
}

/** One fit per clock segment, in order; none when the stream has no offsets (its clock is the recorder's). */
export function clockFits(times: number[], values: number[]): ClockFit[] {
  if (times.length === 0) return [];
  const cuts = times.length > 1 ? resetsAt(times, values) : [];
  const bounds = [-1, ...cuts, times.length - 1];
  return bounds
    .slice(1)
    .map((end, k) => fit(times.slice(bounds[k] + 1, end + 1), values.slice(bounds[k] + 1, end + 1)));
}

/** A time stamp of clock segment `segment` on the recorder's clock. */
export function onRecorderClock(fits: ClockFit[], segment: number, t: number): number {
  if (fits.length === 0) return t;
  const f = fits[Math.min(segment, fits.length - 1)];
  return t + f.intercept + f.slope * t;
}

/** A stream's own time stamps jump back this far only when its clock was reset. */
export const RESET_SECONDS = 1;
