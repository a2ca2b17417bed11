import { designIir, designNotch } from '../../core/dsp/design';
import { SosFilter } from '../../core/dsp/sos-filter';
import type { ToPages } from '../../core/protocol/messages';

/** Seconds of signal the headset check keeps and draws. */
export const SECONDS = 5;

/**
 * The last seconds of the live stream as the headset check draws them: raw,
 * and band-passed 1-45 Hz with the mains removed; the scores and the link's
 * losses as last told. A new rate or channel count starts it afresh.
 */
export class LiveBuffer {
  rate = 0;
  names: string[] = [];
  raw: number[][] = [];
  filtered: number[][] = [];
  scores: number[] = [];
  lost = 0;
  private filter: SosFilter | undefined;

  /** Takes one live message; `mains` is the mains frequency to remove (50 or 60). */
  take(live: ToPages, mains: number): void {
    if (live.sampleRate !== this.rate || live.channels.length !== this.names.length) this.restart(live, mains);
    const out = live.data.map((c) => new Float64Array(c.length));
    this.filter!.process(live.data, out);
    const keep = SECONDS * this.rate;
    live.data.forEach((c, i) => {
      this.raw[i].push(...c);
      this.filtered[i].push(...out[i]);
      if (this.raw[i].length > keep) this.raw[i].splice(0, this.raw[i].length - keep);
      if (this.filtered[i].length > keep) this.filtered[i].splice(0, this.filtered[i].length - keep);
    });
    this.scores = live.scores;
    this.lost = live.samplesLost;
  }

  private restart(live: ToPages, mains: number): void {
    const rate = live.sampleRate;
    this.rate = rate;
    this.names = live.channels;
    this.raw = this.names.map(() => []);
    this.filtered = this.names.map(() => []);
    const sos = [
      ...designIir({
        family: 'butter',
        order: 2,
        type: 'bandpass',
        cutoff: [1, Math.min(45, rate / 2 - 5)],
        sampleRate: rate,
      }),
    ];
    if (mains < rate / 2) sos.push(...designNotch(mains, 30, rate));
    this.filter = new SosFilter(sos, this.names.length);
  }
}
