import type { WindowFeatures } from '../ssvep/window-analyzer';

/**
 * Electrode contact from the analysed window: a channel whose signal in the
 * first sub-band is over 100 uV RMS is not EEG (a loose or dry electrode, a
 * cable moving), and one under 0.05 uV is not connected. Either way the
 * detector's scores mean nothing, and on a consumer headband a dead
 * electrode made it pick targets at random: nothing is selected until the
 * contact is back, and the heartbeat says which channel to fix.
 */
export type ContactProblem = 'noisy' | 'flat';

export const NOISY_RMS = 100;
export const FLAT_RMS = 0.05;

export function contactProblem(w: WindowFeatures): { channel: number; problem: ContactProblem } | undefined {
  const rms = w.channelRms;
  for (let c = 0; c < rms.length; c++) {
    if (rms[c] > NOISY_RMS) return { channel: c, problem: 'noisy' };
    if (rms[c] < FLAT_RMS) return { channel: c, problem: 'flat' };
  }
  return undefined;
}
