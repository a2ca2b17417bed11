import { bufferChunks, type ByteChunks } from './lines';
import { cellsOf, numberIn } from './text-cells';
import type { StreamedRecording } from './streamed';
import { readTextRecording, type TextLayout, type TextStats } from './text-recording';
import { collect } from './collect';
import { type Recording, RecordingError } from './types';

const TIME_COLUMN = /^(timestamp|time|t)$/i;

/** Whether a first line is an explorepy ExG CSV header. */
export function isExplorepyCsv(firstLine: string): boolean {
  return TIME_COLUMN.test(firstLine.split(',')[0].trim());
}

/**
 * Mentalab explorepy ExG CSV: `TimeStamp,ch1,ch2,...` with time stamps in
 * seconds and values in microvolts. Column names vary (`ch4,ch6,ch7`, or
 * electrode names); any first column named like a time stamp is accepted.
 */
export function explorepyLayout(firstLine: string, fileName: string): TextLayout {
  const header = firstLine.split(',').map((c) => c.trim());
  if (!TIME_COLUMN.test(header[0])) {
    throw new RecordingError(fileName, `first CSV column must be TimeStamp, found "${header[0]}"`);
  }
  if (header.length < 2) throw new RecordingError(fileName, 'CSV has no channel columns');
  const labels = header.slice(1);
  return {
    format: 'explorepy CSV',
    channels: labels.map((label) => ({ label, unit: 'uV' })),
    headerLines: 1,
    parse(line, out) {
      const cells = cellsOf(line, header.length);
      const time = numberIn(cells[0], header[0]);
      for (let c = 0; c < labels.length; c++) out[c] = numberIn(cells[c + 1], labels[c]);
      return { time };
    },
    sampleRate: (seen) => explorepyRate(seen, fileName),
  };
}

/** Devices run at round rates; time stamps carry host jitter: the median step of the first few thousand, rounded. */
function explorepyRate(seen: TextStats, fileName: string): number {
  if (seen.rows < 2) throw new RecordingError(fileName, 'CSV has fewer than two data rows');
  const steps = [...seen.firstSteps].sort((a, b) => a - b);
  const step = steps[Math.floor(steps.length / 2)];
  if (!(step > 0)) throw new RecordingError(fileName, 'time stamps do not increase');
  const measured = 1 / step;
  return measured > 20 ? Math.round(measured) : measured;
}

export function openExplorepyCsv(source: ByteChunks, firstLine: string, fileName: string): StreamedRecording {
  return readTextRecording(source, fileName, explorepyLayout(firstLine, fileName));
}

/** A whole explorepy CSV from its text (small files, tests). */
export function readCsv(textContent: string, fileName: string): Recording {
  const source = bufferChunks(new TextEncoder().encode(textContent));
  return collect(openExplorepyCsv(source, textContent.split('\n', 1)[0].replace(/\r$/, ''), fileName));
}

export function csvHeader(rec: Pick<Recording, 'channels'>): string {
  return 'TimeStamp,' + rec.channels.map((c) => c.label).join(',') + '\n';
}

/** Rows for samples `first`.. of a recording, `data` holding them (for writing in chunks). */
export function csvRows(data: ArrayLike<number>[], sampleRate: number, first: number, startSeconds = 0): string {
  const n = data[0]?.length ?? 0;
  let out = '';
  for (let i = 0; i < n; i++) {
    let line = (startSeconds + (first + i) / sampleRate).toFixed(6);
    for (const ch of data) line += ',' + Number(ch[i].toPrecision(7));
    out += line + '\n';
  }
  return out;
}

export function writeCsv(rec: Recording, startSeconds = 0): string {
  return csvHeader(rec) + csvRows(rec.data, rec.sampleRate, 0, startSeconds);
}
