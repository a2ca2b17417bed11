import { type Annotation, RecordingError } from './types';

/** BIDS-style `onset  duration  trial_type [sample]` table. */
export function readEventsTsv(content: string, fileName: string): Annotation[] {
  const lines = content.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) throw new RecordingError(fileName, 'empty events table');
  const header = lines[0].split('\t').map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const [io, id, it] = [col('onset'), col('duration'), col('trial_type')];
  if (io < 0 || id < 0 || it < 0) {
    throw new RecordingError(fileName, 'events table needs onset, duration and trial_type columns');
  }
  return lines.slice(1).map((line, i) => {
    const cells = line.split('\t');
    const onset = Number(cells[io]);
    const duration = Number(cells[id]);
    if (!Number.isFinite(onset) || !Number.isFinite(duration)) {
      throw new RecordingError(fileName, `line ${i + 2}: onset or duration is not a number`);
    }
    return { onset, duration, label: (cells[it] ?? '').trim() };
  });
}

export function writeEventsTsv(annotations: Annotation[], sampleRate: number): string {
  const rows = annotations.map(
    (a) => `${a.onset.toFixed(4)}\t${a.duration}\t${a.label}\t${Math.round(a.onset * sampleRate)}`,
  );
  return ['onset\tduration\ttrial_type\tsample', ...rows].join('\n') + '\n';
}
