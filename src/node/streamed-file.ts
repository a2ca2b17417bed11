import type { StreamedRecording } from '../core/recording/streamed';
import { siblingEvents } from './files';
import type { RecordingFile } from './recording-file';

/** A text or XDF recording as a file: its samples are read from disk again whenever they are walked. */
export function fromStreamed(path: string, rec: StreamedRecording): RecordingFile {
  const annotations = rec.annotations.length > 0 ? rec.annotations : siblingEvents(path);
  const file: RecordingFile = {
    path,
    channels: rec.channels,
    sampleRate: rec.sampleRate,
    samples: rec.samples,
    annotations,
    description: rec.description ?? rec.format,
    format: rec.format,
    lost: rec.lost,
    notes: rec.notes,
    chunks: (seconds = 4) => rec.chunks(Math.max(1, Math.round(seconds * rec.sampleRate))),
    lazyRecording(seconds) {
      const length = seconds === undefined ? rec.samples : Math.min(rec.samples, Math.ceil(seconds * rec.sampleRate));
      const window = slidingWindow(rec, Math.max(1, Math.round(4 * rec.sampleRate)));
      const data = rec.channels.map(
        (_, c) => ({ length, subarray: (from: number, to: number) => window(c, from, to) }) as Float32Array,
      );
      return { channels: rec.channels, sampleRate: rec.sampleRate, data, annotations, description: file.description };
    },
  };
  return file;
}

/**
 * Slices of a streamed recording asked for front to back (how evaluation
 * and calibration walk one): keeps the samples from the earliest slice
 * still wanted to the latest read, and starts the file over if asked to go back.
 */
function slidingWindow(
  rec: StreamedRecording,
  chunkSize: number,
): (c: number, from: number, to: number) => Float32Array {
  let chunks: Iterator<Float32Array[]> | undefined;
  let first = 0;
  let held: Float32Array[] = rec.channels.map(() => new Float32Array(0));
  const restart = () => {
    chunks?.return?.();
    chunks = rec.chunks(chunkSize)[Symbol.iterator]();
    first = 0;
    held = rec.channels.map(() => new Float32Array(0));
  };
  return (c, from, to) => {
    if (!chunks || from < first) restart();
    while (first + held[0].length < to) {
      const next = chunks!.next();
      if (next.done) break;
      const keepFrom = Math.max(0, Math.min(from, first + held[0].length) - first);
      held = held.map((h, i) => {
        const kept = h.subarray(keepFrom);
        const out = new Float32Array(kept.length + next.value[i].length);
        out.set(kept);
        out.set(next.value[i], kept.length);
        return out;
      });
      first += keepFrom;
    }
    return held[c].subarray(from - first, to - first);
  };
}
