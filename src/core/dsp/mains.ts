import { goertzelPower } from './goertzel';

/**
 * Which mains frequency a recording carries, from the signal: the power at
 * 50 and 60 Hz against the bins 3 Hz either side. A line-powered amplifier
 * in a home always picks some up; which one depends on the country, and a
 * notch at the wrong one leaves the hum in every sub-band. Returns 0 when
 * neither stands out (a battery headset far from cables), in which case no
 * notch is needed.
 */
export function detectMains(channels: ArrayLike<number>[], sampleRate: number): 0 | 50 | 60 {
  const ratio = (f: number) => {
    if (f + 3 >= sampleRate / 2) return 0;
    let peak = 0;
    let side = 0;
    for (const c of channels) {
      peak += goertzelPower(c, f, sampleRate);
      side += (goertzelPower(c, f - 3, sampleRate) + goertzelPower(c, f + 3, sampleRate)) / 2;
    }
    return side > 0 ? peak / side : 0;
  };
  const r50 = ratio(50);
  const r60 = ratio(60);
  // A clear line is 10-1000x its neighbours; 4x keeps 1/f slopes out.
  if (Math.max(r50, r60) < 4) return 0;
  return r50 >= r60 ? 50 : 60;
}
