import { csvHeader, csvRows } from '../core/recording/csv';
import { foldMaxAbs, planEdf } from '../core/recording/edf-writer';
import { writeEventsTsv } from '../core/recording/events-tsv';
import type { RecordingFormat } from '../core/recording/index';
import { eventsPathOf } from './files';
import { writeAtomically } from './output';
import type { RecordingFile } from './recording-file';

/**
 * Writes a recording as BDF+, EDF+ or CSV (its trials then go to a sibling
 * NAME_events.tsv) chunk by chunk: memory stays flat in file length. BDF/EDF
 * take two passes (the physical range is fitted to the data first).
 * Returns the paths written.
 */
export function writeRecordingFile(file: RecordingFile, output: string, format: RecordingFormat): string[] {
  const rate = file.sampleRate;
  if (format === 'csv') {
    writeAtomically(output, (put) => {
      put(csvHeader(file));
      let first = 0;
      for (const chunk of file.chunks()) {
        put(csvRows(chunk, rate, first));
        first += chunk[0].length;
      }
    });
    if (file.annotations.length === 0) return [output];
    const events = eventsPathOf(output);
    writeAtomically(events, (put) => put(writeEventsTsv(file.annotations, rate)));
    return [output, events];
  }
  const maxAbs: number[] = [];
  for (const chunk of file.chunks()) foldMaxAbs(maxAbs, chunk);
  const plan = planEdf(
    {
      channels: file.channels,
      sampleRate: rate,
      samples: file.samples,
      annotations: file.annotations,
      description: file.description,
      maxAbs: file.channels.map((_, c) => maxAbs[c] ?? 0),
    },
    { format: format === 'bdf' ? 'BDF' : 'EDF' },
  );
  writeAtomically(output, (put) => {
    put(plan.header);
    const spr = plan.samplesPerRecord;
    const record = file.channels.map(() => new Float32Array(spr));
    let filled = 0;
    let r = 0;
    for (const chunk of file.chunks()) {
      const n = chunk[0].length;
      for (let i = 0; i < n;) {
        const take = Math.min(spr - filled, n - i);
        chunk.forEach((ch, c) => record[c].set(ch.subarray(i, i + take), filled));
        filled += take;
        i += take;
        if (filled === spr) {
          put(plan.encodeRecord(r++, record));
          filled = 0;
        }
      }
    }
    if (filled > 0 || r === 0)
      put(
        plan.encodeRecord(
          r++,
          record.map((ch) => ch.subarray(0, filled)),
        ),
      );
  });
  return [output];
}
