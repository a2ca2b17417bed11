import { designIir, designNotch } from '../core/dsp/design';
import { SosFilter } from '../core/dsp/sos-filter';
import { amplitudeSpectrum, channelQuality, type ChannelQuality } from '../core/dsp/spectrum';
import type { Settings, ToPages } from '../core/protocol/messages';
import { listen, tell } from '../extension/messaging';
import { $ } from '../extension/dom';
import { getSettings } from './messaging';

/**
 * Headset check: a plain-words badge per sensor and a bar per square for the
 * carer; behind Details, band-passed traces per channel, the spectrum of the
 * occipital average with the target frequencies marked, and the link figures.
 */
const SECONDS = 5;
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

export function initLive(): void {
  let settings: Settings | undefined;
  void getSettings().then((s) => (settings = s));
  let rate = 0;
  let names: string[] = [];
  let raw: number[][] = [];
  let filtered: number[][] = [];
  let filter: SosFilter | undefined;
  let scores: number[] = [];
  let lost = 0;

  let lastDataAt = 0;
  let lastSummary = '';
  setInterval(() => {
    void tell({ to: 'offscreen', type: 'live-subscribe' });
    const none = 'No headset is sending data. Connect one: BrainBrowsR icon, then "Connect a headset".';
    if (Date.now() - lastDataAt > 3000 && $('live-summary').textContent !== none) {
      $('live-summary').textContent = lastSummary = none;
      $('quality').replaceChildren();
    }
  }, 1000);
  void tell({ to: 'offscreen', type: 'live-subscribe' });

  listen('pages', { live: (live) => showLive(live) });

  function showLive(live: ToPages): void {
    lastDataAt = Date.now();
    if (live.sampleRate !== rate || live.channels.length !== names.length) {
      rate = live.sampleRate;
      names = live.channels;
      raw = names.map(() => []);
      filtered = names.map(() => []);
      const mains = settings?.mains ?? 50;
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
      filter = new SosFilter(sos, names.length);
    }
    const out = live.data.map((c) => new Float64Array(c.length));
    filter!.process(live.data, out);
    const keep = SECONDS * rate;
    live.data.forEach((c, i) => {
      raw[i].push(...c);
      filtered[i].push(...out[i]);
      if (raw[i].length > keep) raw[i].splice(0, raw[i].length - keep);
      if (filtered[i].length > keep) filtered[i].splice(0, filtered[i].length - keep);
    });
    scores = live.scores;
    lost = live.samplesLost;
    const rec = live.recording
      ? ` · recording ${(live.recording.samples / rate).toFixed(1)} s${live.recording.error ? ` (${live.recording.error})` : ''}`
      : '';
    const heap = live.heapMB === undefined ? '' : ` · offscreen memory ${live.heapMB} MB`;
    $('live-info').textContent =
      `${names.length} channels at ${rate} Hz · ${lost} samples lost on the link${rec}${heap}`;
  }

  const draw = () => {
    requestAnimationFrame(draw);
    if ($('panel-live').hidden || rate === 0) return;
    drawTraces();
    drawSpectrum();
    drawScores();
    drawQuality();
  };
  requestAnimationFrame(draw);

  function drawTraces(): void {
    const c = $<HTMLCanvasElement>('traces');
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    const rowH = c.height / Math.max(1, names.length);
    const scale = rowH / 2 / 40; // +-40 uV per row
    g.font = '12px system-ui';
    names.forEach((name, i) => {
      const y0 = rowH * (i + 0.5);
      g.fillStyle = '#555';
      g.fillText(name, 4, y0 - rowH / 2 + 13);
      g.strokeStyle = '#1d4ed8';
      g.beginPath();
      const v = filtered[i];
      const step = (c.width - 50) / (SECONDS * rate);
      v.forEach((x, k) => {
        const px = 50 + k * step;
        const py = y0 - Math.max(-rowH / 2, Math.min(rowH / 2, x * scale));
        if (k === 0) g.moveTo(px, py);
        else g.lineTo(px, py);
      });
      g.stroke();
    });
  }

  function drawSpectrum(): void {
    const c = $<HTMLCanvasElement>('spectrum');
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    const n = Math.min(3, names.length);
    const len = raw[0]?.length ?? 0;
    if (len < 256) return;
    const avg = Float64Array.from({ length: len }, (_, k) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += raw[i][k];
      return s / n;
    });
    const size = len >= 1024 ? 1024 : len >= 512 ? 512 : 256;
    const { freqs, amps } = amplitudeSpectrum(avg, rate, size);
    const fmax = Math.min(45, rate / 2);
    const x = (f: number) => 40 + ((c.width - 50) * f) / fmax;
    let amax = 1e-9;
    freqs.forEach((f, i) => f >= 3 && f <= fmax && (amax = Math.max(amax, amps[i])));
    for (const t of settings?.layout.targets ?? []) {
      g.fillStyle = t.color;
      g.fillRect(x(t.frequency) - 1, 0, 2, c.height - 20);
      g.fillText(`${t.frequency} Hz`, x(t.frequency) + 3, 12);
    }
    g.strokeStyle = '#111';
    g.beginPath();
    freqs.forEach((f, i) => {
      if (f > fmax) return;
      const y = c.height - 20 - ((c.height - 30) * amps[i]) / amax;
      if (i === 0) g.moveTo(x(f), y);
      else g.lineTo(x(f), y);
    });
    g.stroke();
    g.fillStyle = '#555';
    for (let f = 0; f <= fmax; f += 5) g.fillText(String(f), x(f) - 4, c.height - 5);
  }

  function drawScores(): void {
    const c = $<HTMLCanvasElement>('scores');
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    const targets = settings?.layout.targets ?? [];
    g.font = '15px system-ui';
    const w = (c.width - 20) / Math.max(1, targets.length);
    targets.forEach((t, i) => {
      const v = Math.max(0, Math.min(1, scores[i] ?? 0));
      g.fillStyle = '#e5e7eb';
      g.fillRect(10 + i * w, 10, w - 20, 40);
      g.fillStyle = t.color;
      g.fillRect(10 + i * w, 10, (w - 20) * v, 40);
      g.fillStyle = '#111';
      g.fillText(t.label, 10 + i * w, 70);
    });
  }

  function drawQuality(): void {
    const el = $('quality');
    const qualities = names.map((_, i) => channelQuality(raw[i].slice(-2 * rate), filtered[i].slice(-2 * rate)));
    el.replaceChildren(
      ...names.map((name, i) => {
        const q = qualities[i];
        const span = document.createElement('span');
        span.style.background = COLORS[q.quality];
        span.textContent = `${name}: ${WORDS[q.quality]}`;
        span.title = `${q.quality}, ${q.rms.toFixed(1)} µV RMS`;
        return span;
      }),
    );
    const bad = names.filter((_, i) => qualities[i].quality !== 'good');
    const summary =
      bad.length === 0
        ? `The headset is sending data and all ${names.length} sensors look good.`
        : `The headset is sending data. ${bad.length} of ${names.length} sensors need attention: ${bad.join(', ')}.`;
    // Only a change is announced, not every frame.
    if (summary !== lastSummary) $('live-summary').textContent = lastSummary = summary;
  }
}
