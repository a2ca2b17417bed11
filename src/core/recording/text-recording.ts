import { type ByteChunks, type TextLine, textLines } from './lines';
import { LineFault } from './text-cells';
import type { StreamedRecording } from './streamed';
import { type Annotation, type ChannelInfo, lostLabel, RecordingError } from './types';

/** What one data line holds besides the channel values. */
export interface TextRow {
  /** The device's sample counter (OpenBCI's sample index). */
  counter?: number;
  /** Time stamp in seconds. */
  time?: number;
  /** A marker set on this sample (non-empty, not "0"). */
  marker?: string;
}

/** What a text format's header says, and how to read its data lines. */
export interface TextLayout {
  /** What wrote the file, e.g. "OpenBCI GUI Raw v6, Cyton (8 channels)". */
  format: string;
  channels: ChannelInfo[];
  /** Lines before the first data line. */
  headerLines: number;
  /** Writes the channel values (microvolts) into `out`; throws a LineFault for a bad line. */
  parse(line: TextLine, out: Float32Array): TextRow;
  /** A data line to pass over (OpenBCI GUI v5 writes a row of zeros first). */
  ignore?(line: TextLine): boolean;
  /** Samples lost on the wire between two consecutive rows (0: none; below 0: time went backwards). */
  lostBetween?(previous: TextRow, row: TextRow): number;
  /** The sampling rate from the header, or from what the whole file showed. */
  sampleRate(seen: TextStats): number;
}

/** What a pass over the data lines saw. */
export interface TextStats {
  rows: number;
  lost: number;
  firstTime?: number;
  lastTime?: number;
  /** Steps between the first rows' time stamps (a few thousand at most). */
  firstSteps: number[];
}

const STEPS_KEPT = 4096;

/**
 * Reads a text recording in two passes over its bytes, never holding more
 * than a chunk of them: the first counts samples, losses and markers, the
 * second (each call of `chunks`) yields the samples.
 */
export function readTextRecording(source: ByteChunks, fileName: string, layout: TextLayout): StreamedRecording {
  const nCh = layout.channels.length;
  const fail = (line: TextLine, fault: string): never => {
    const cut = line.ended ? '' : ' (the file ends inside this line: truncated?)';
    throw new RecordingError(fileName, `line ${line.number}${fault}${cut}`);
  };

  /** Every data row, with the samples lost just before it; `values` is reused from row to row. */
  function* rows(): Generator<{ values: Float32Array; row: TextRow; lost: number }> {
    const values = new Float32Array(nCh);
    let previous: TextRow | undefined;
    for (const line of textLines(source, fileName)) {
      if (line.number <= layout.headerLines || line.text.trim() === '') continue;
      let row: TextRow;
      let lost = 0;
      try {
        if (previous === undefined && layout.ignore?.(line)) continue;
        row = layout.parse(line, values);
        if (previous && layout.lostBetween) lost = layout.lostBetween(previous, row);
      } catch (e) {
        if (!(e instanceof LineFault)) throw e;
        return fail(line, e.message);
      }
      if (lost < 0) fail(line, ': time stamps go backwards');
      yield { values, row, lost };
      previous = row;
    }
  }

  const stats: TextStats = { rows: 0, lost: 0, firstSteps: [] };
  const markers: { sample: number; label: string }[] = [];
  const gaps: { sample: number; lost: number }[] = [];
  for (const { row, lost } of rows()) {
    if (lost > 0) {
      gaps.push({ sample: stats.rows + stats.lost, lost });
      stats.lost += lost;
    }
    if (row.time !== undefined) {
      if (stats.lastTime !== undefined && stats.firstSteps.length < STEPS_KEPT) {
        stats.firstSteps.push(row.time - stats.lastTime);
      }
      stats.firstTime ??= row.time;
      stats.lastTime = row.time;
    }
    if (row.marker !== undefined) markers.push({ sample: stats.rows + stats.lost, label: row.marker });
    stats.rows++;
  }
  if (stats.rows === 0) throw new RecordingError(fileName, `no data lines after the ${layout.format} header`);
  const sampleRate = layout.sampleRate(stats);
  const annotations: Annotation[] = [
    ...markers.map((m) => ({ onset: m.sample / sampleRate, duration: 0, label: m.label })),
    ...gaps.map((g) => ({ onset: g.sample / sampleRate, duration: g.lost / sampleRate, label: lostLabel(g.lost) })),
  ].sort((a, b) => a.onset - b.onset);
  const samples = stats.rows + stats.lost;

  return {
    format: layout.format,
    channels: layout.channels,
    sampleRate,
    samples,
    annotations,
    lost: stats.lost,
    *chunks(size) {
      const fresh = () => layout.channels.map(() => new Float32Array(size));
      let chunk = fresh();
      let filled = 0;
      const held = new Float32Array(nCh);
      for (const { values, lost } of rows()) {
        for (let i = 0; i <= lost; i++) {
          const from = i < lost ? held : values;
          for (let c = 0; c < nCh; c++) chunk[c][filled] = from[c];
          if (++filled === size) {
            yield chunk;
            chunk = fresh();
            filled = 0;
          }
        }
        held.set(values);
      }
      if (filled > 0) yield chunk.map((c) => c.subarray(0, filled));
    },
  };
}
