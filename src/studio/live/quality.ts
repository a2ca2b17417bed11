import { channelQuality, type ChannelQuality } from '../../core/dsp/spectrum';
import type { LiveBuffer } from './buffer';

// White text on each of these is at least 4.5:1.
const COLORS: Record<ChannelQuality, string> = {
  good: '#166534',
  flat: '#4b5563',
  railed: '#b91c1c',
  noisy: '#92400e',
};
const WORDS: Record<ChannelQuality, string> = {
  good: 'good',
  flat: 'no signal: is the sensor touching the skin?',
  railed: 'overloaded: check the ear clip (reference) and the ground',
  noisy: 'noisy: press the sensor on, and relax the neck',
};

/**
 * A badge per sensor in plain words (the last 2 s) into `badges`; returns
 * the one-sentence summary naming the sensors that need attention.
 */
export function showQuality(badges: HTMLElement, b: LiveBuffer): string {
  const last = 2 * b.rate;
  const qualities = b.names.map((_, i) => channelQuality(b.raw[i].slice(-last), b.filtered[i].slice(-last)));
  badges.replaceChildren(
    ...b.names.map((name, i) => {
      const q = qualities[i];
      const span = document.createElement('span');
      span.style.background = COLORS[q.quality];
      span.textContent = `${name}: ${WORDS[q.quality]}`;
      span.title = `${q.quality}, ${q.rms.toFixed(1)} µV RMS`;
      return span;
    }),
  );
  const bad = b.names.filter((_, i) => qualities[i].quality !== 'good');
  return bad.length === 0
    ? `The headset is sending data and all ${b.names.length} sensors look good.`
    : `The headset is sending data. ${bad.length} of ${b.names.length} sensors need attention: ${bad.join(', ')}.`;
}
