import type { ToPages } from '../../core/protocol/messages';
import type { Settings } from '../../core/state/settings';
import { $ } from '../../extension/dom';
import { listen, tell } from '../../extension/messaging';
import { getSettings } from '../messaging';
import { LiveBuffer } from './buffer';
import { drawScores, drawSpectrum, drawTraces } from './plots';
import { showQuality } from './quality';

/**
 * Headset check: a plain-words badge per sensor and a bar per square for the
 * carer; behind Details, band-passed traces per channel, the spectrum of the
 * occipital average with the target frequencies marked, and the link figures.
 */
const NO_DATA = 'No headset is sending data. Connect one: BrainBrowsR icon, then "Connect a headset".';

export function initLive(): void {
  let settings: Settings | undefined;
  void getSettings().then((s) => (settings = s));
  const buffer = new LiveBuffer();
  let lastDataAt = 0;
  let lastSummary = '';
  // Only a change is announced, not every frame.
  const summarise = (text: string) => {
    if (text !== lastSummary) $('live-summary').textContent = lastSummary = text;
  };

  // The offscreen document sends live data for 3 s after each subscription.
  setInterval(() => {
    void tell({ to: 'offscreen', type: 'live-subscribe' });
    if (Date.now() - lastDataAt > 3000 && $('live-summary').textContent !== NO_DATA) {
      $('live-summary').textContent = lastSummary = NO_DATA;
      $('quality').replaceChildren();
    }
  }, 1000);
  void tell({ to: 'offscreen', type: 'live-subscribe' });

  listen('pages', {
    live: (live: ToPages) => {
      lastDataAt = Date.now();
      buffer.take(live, settings?.mains ?? 50);
      const rec = live.recording
        ? ` · recording ${(live.recording.samples / buffer.rate).toFixed(1)} s${live.recording.error ? ` (${live.recording.error})` : ''}`
        : '';
      const heap = live.heapMB === undefined ? '' : ` · offscreen memory ${live.heapMB} MB`;
      $('live-info').textContent =
        `${buffer.names.length} channels at ${buffer.rate} Hz · ${buffer.lost} samples lost on the link${rec}${heap}`;
    },
  });

  const draw = () => {
    requestAnimationFrame(draw);
    if ($('panel-live').hidden || buffer.rate === 0) return;
    const targets = settings?.layout.targets ?? [];
    drawTraces($<HTMLCanvasElement>('traces'), buffer);
    drawSpectrum($<HTMLCanvasElement>('spectrum'), buffer, targets);
    drawScores($<HTMLCanvasElement>('scores'), buffer.scores, targets);
    summarise(showQuality($('quality'), buffer));
  };
  requestAnimationFrame(draw);
}
