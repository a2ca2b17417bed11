import { existsSync, readFileSync } from 'node:fs';
import { type Annotation, readEventsTsv, readRecording, type Recording, RecordingError } from '../core/recording/index';

/** Reads a recording from disk; a sibling `_events.tsv` replaces missing annotations. */
export function loadRecording(path: string): Recording {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RecordingError(
      path,
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message),
    );
  }
  const rec = readRecording(bytes, path);
  if (rec.annotations.length === 0) rec.annotations = siblingEvents(path);
  return rec;
}

/** Trials from `NAME_events.tsv` beside `NAME.bdf|edf|csv`, if there is one. */
export function siblingEvents(path: string): Annotation[] {
  const events = path.replace(/\.(bdf|edf|csv)$/i, '_events.tsv');
  if (events === path || !existsSync(events)) return [];
  return readEventsTsv(readFileSync(events, 'utf8'), events);
}
