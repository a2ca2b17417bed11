import { type Recording, RecordingError } from './types';

/**
 * Mentalab explorepy ExG CSV: `TimeStamp,ch1,ch2,...` with time stamps in
 * seconds and values in microvolts. Column names vary (`ch4,ch6,ch7`, or
 * electrode names); any first column named like a time stamp is accepted.
 */
export function readCsv(textContent: string, fileName: string): Recording {
  const lines = textContent.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length < 3) throw new RecordingError(fileName, 'CSV has fewer than two data rows');
  const header = lines[0].split(',').map((c) => c.trim());
  if (!/^(timestamp|time|t)$/i.test(header[0])) {
    throw new RecordingError(fileName, `first CSV column must be TimeStamp, found "${header[0]}"`);
  }
  if (header.length < 2) throw new RecordingError(fileName, 'CSV has no channel columns');
  const nCh = header.length - 1;
  const rows = lines.length - 1;
  const times = new Float64Array(rows);
  const data = Array.from({ length: nCh }, () => new Float32Array(rows));
  for (let r = 0; r < rows; r++) {
    const cells = lines[r + 1].split(',');
    if (cells.length !== header.length) {
      throw new RecordingError(fileName, `line ${r + 2} has ${cells.length} columns, the header ${header.length}`);
    }
    const t = Number(cells[0]);
    if (!Number.isFinite(t))
      throw new RecordingError(fileName, `line ${r + 2}: time stamp "${cells[0]}" is not a number`);
    times[r] = t;
    for (let c = 0; c < nCh; c++) {
      const v = Number(cells[c + 1]);
      if (!Number.isFinite(v)) {
        throw new RecordingError(fileName, `line ${r + 2}, column ${header[c + 1]}: "${cells[c + 1]}" is not a number`);
      }
      data[c][r] = v;
    }
  }
  const steps = Array.from({ length: rows - 1 }, (_, i) => times[i + 1] - times[i]).sort((a, b) => a - b);
  const step = steps[Math.floor(steps.length / 2)];
  if (!(step > 0)) throw new RecordingError(fileName, 'time stamps do not increase');
  // Devices run at round rates; time stamps carry host jitter.
  const measured = 1 / step;
  const sampleRate = measured > 20 ? Math.round(measured) : measured;
  return {
    channels: header.slice(1).map((label) => ({ label, unit: 'uV' })),
    sampleRate,
    data,
    annotations: [],
  };
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
