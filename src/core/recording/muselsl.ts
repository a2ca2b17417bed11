import { cellsOf, LineFault, numberIn } from './text-cells';
import type { TextLayout, TextRow } from './text-recording';
import { RecordingError } from './types';

/** The Muse's EEG rate: muselsl writes LSL time stamps, not a rate. */
export const MUSE_RATE = 256;
const CHANNELS = ['TP9', 'AF7', 'AF8', 'TP10'];
/** How far the rate the time stamps give may be from 256 Hz (host clock drift stays far below). */
const RATE_TOLERANCE = 0.01;
/** A longer silence is not a few lost packets but a pause: refused rather than filled. */
const MAX_GAP_SECONDS = 5;

/** Whether a first line is a muselsl `record` CSV header (`timestamps,TP9,AF7,AF8,TP10,...`). */
export function isMuselslCsv(firstLine: string): boolean {
  const cells = firstLine.split(',').map((c) => c.trim());
  return cells[0] === 'timestamps' && CHANNELS.every((c) => cells.includes(c));
}

/**
 * muselsl CSV: `timestamps,TP9,AF7,AF8,TP10,Right AUX,Marker0...`, values in
 * microvolts, one row per sample. Markers (non-zero) become annotations;
 * a step between time stamps of more than a sample is lost samples.
 */
export function muselslLayout(firstLine: string, fileName: string): TextLayout {
  const header = firstLine.split(',').map((c) => c.trim());
  const channelColumns = header.flatMap((h, i) => (CHANNELS.includes(h) || h === 'Right AUX' ? [i] : []));
  const markerColumns = header.flatMap((h, i) => (/^Marker\d*$/.test(h) ? [i] : []));
  const unknown = header.find((h, i) => i > 0 && !channelColumns.includes(i) && !markerColumns.includes(i));
  if (unknown !== undefined) throw new RecordingError(fileName, `muselsl CSV: unknown column "${unknown}"`);
  return {
    format: 'muselsl CSV, Muse headband',
    channels: channelColumns.map((i) => ({ label: header[i], unit: 'uV' })),
    headerLines: 1,
    parse(line, out) {
      const cells = cellsOf(line, header.length);
      const row: TextRow = { time: numberIn(cells[0], 'timestamps') };
      channelColumns.forEach((col, c) => (out[c] = numberIn(cells[col], header[col])));
      for (const col of markerColumns) {
        const v = cells[col].trim();
        if (v !== '' && v !== '0' && Number(v) !== 0) row.marker = row.marker ? `${row.marker} ${v}` : v;
      }
      return row;
    },
    lostBetween(previous, row) {
      const step = row.time! - previous.time!;
      if (step > MAX_GAP_SECONDS)
        throw new LineFault(`: time stamps jump ${step.toFixed(1)} s (not lost packets: a pause)`);
      if (step < -1 / MUSE_RATE) return -1;
      return Math.max(0, Math.round(step * MUSE_RATE) - 1);
    },
    sampleRate(seen) {
      // The mean step of the first few thousand, gaps left out: losses are counted against 256 Hz,
      // so the rate must be checked on steps that are not gaps.
      const steps = seen.firstSteps;
      if (steps.length === 0) throw new RecordingError(fileName, 'muselsl CSV: fewer than two time-stamped rows');
      const typical = [...steps].sort((a, b) => a - b)[steps.length >> 1];
      const kept = steps.filter((s) => s < 2 * typical);
      const measured = kept.length / kept.reduce((a, b) => a + b, 0);
      if (Math.abs(measured / MUSE_RATE - 1) > RATE_TOLERANCE) {
        throw new RecordingError(
          fileName,
          `muselsl CSV: the time stamps give ${measured.toFixed(1)} Hz, not the Muse's ${MUSE_RATE} Hz`,
        );
      }
      return MUSE_RATE;
    },
  };
}
