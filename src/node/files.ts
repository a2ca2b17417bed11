import { existsSync, readFileSync } from 'node:fs';
import { fsFault } from './fs-fault';
import { type Annotation, readEventsTsv, readRecording, type Recording, RecordingError } from '../core/recording/index';

/** Reads a whole recording from disk; a sibling `_events.tsv` replaces missing annotations. */
export function loadRecording(path: string): Recording {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RecordingError(path, fsFault(e, 'a recording'));
  }
  const rec = readRecording(bytes, path);
  if (rec.annotations.length === 0) rec.annotations = siblingEvents(path);
  return rec;
}

/** Trials from `NAME_events.tsv` beside `NAME.bdf|edf|csv`, if there is one. */
export function siblingEvents(path: string): Annotation[] {
  const events = eventsPathOf(path);
  if (events === path || !existsSync(events)) return [];
  let text: string;
  try {
    text = readFileSync(events, 'utf8');
  } catch (e) {
    throw new RecordingError(events, (e as Error).message);
  }
  return readEventsTsv(text, events);
}

/** `NAME_events.tsv` for `NAME.bdf|edf|csv` (the path itself for other names). */
export function eventsPathOf(path: string): string {
  return path.replace(/\.(bdf|edf|csv)$/i, '_events.tsv');
}
