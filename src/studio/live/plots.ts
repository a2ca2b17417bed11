import { amplitudeSpectrum } from '../../core/dsp/spectrum';
import { type StimulusTarget, squareNames } from '../../core/protocol/layout';
import { type LiveBuffer, SECONDS } from './buffer';

/** The headset check's canvases: traces per channel, the occipital spectrum, a bar per square. */

export function drawTraces(c: HTMLCanvasElement, b: LiveBuffer): void {
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  const rowH = c.height / Math.max(1, b.names.length);
  const scale = rowH / 2 / 40; // +-40 uV per row
  g.font = '12px system-ui';
  b.names.forEach((name, i) => {
    const y0 = rowH * (i + 0.5);
    g.fillStyle = '#555';
    g.fillText(name, 4, y0 - rowH / 2 + 13);
    g.strokeStyle = '#1d4ed8';
    g.beginPath();
    const v = b.filtered[i];
    const step = (c.width - 50) / (SECONDS * b.rate);
    v.forEach((x, k) => {
      const px = 50 + k * step;
      const py = y0 - Math.max(-rowH / 2, Math.min(rowH / 2, x * scale));
      if (k === 0) g.moveTo(px, py);
      else g.lineTo(px, py);
    });
    g.stroke();
  });
}

/** The spectrum of the average of the first three (occipital) channels, the targets' frequencies marked. */
export function drawSpectrum(c: HTMLCanvasElement, b: LiveBuffer, targets: readonly StimulusTarget[]): void {
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  const n = Math.min(3, b.names.length);
  const len = b.raw[0]?.length ?? 0;
  if (len < 256) return;
  const avg = Float64Array.from({ length: len }, (_, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += b.raw[i][k];
    return s / n;
  });
  const size = len >= 1024 ? 1024 : len >= 512 ? 512 : 256;
  const { freqs, amps } = amplitudeSpectrum(avg, b.rate, size);
  const fmax = Math.min(45, b.rate / 2);
  const x = (f: number) => 40 + ((c.width - 50) * f) / fmax;
  let amax = 1e-9;
  freqs.forEach((f, i) => f >= 3 && f <= fmax && (amax = Math.max(amax, amps[i])));
  for (const t of targets) {
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

/** A bar per square, filled by the classifier's live score. */
export function drawScores(c: HTMLCanvasElement, scores: readonly number[], targets: readonly StimulusTarget[]): void {
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  g.font = '15px system-ui';
  const w = (c.width - 20) / Math.max(1, targets.length);
  const names = squareNames(targets);
  targets.forEach((t, i) => {
    const v = Math.max(0, Math.min(1, scores[i] ?? 0));
    g.fillStyle = '#e5e7eb';
    g.fillRect(10 + i * w, 10, w - 20, 40);
    g.fillStyle = t.color;
    g.fillRect(10 + i * w, 10, (w - 20) * v, 40);
    g.fillStyle = '#111';
    g.fillText(names[i], 10 + i * w, 70);
  });
}
