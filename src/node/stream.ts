import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { EdfReader, type ByteSource } from '../core/recording/edf';
import type { Annotation, ChannelInfo, Recording } from '../core/recording/types';
import { loadRecording, siblingEvents } from './files';

/** A file on disk as random-access bytes, read on demand (flat memory for long files). */
export function fileSource(path: string): ByteSource & { close(): void } {
  const fd = openSync(path, 'r');
  const size = statSync(path).size;
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      readSync(fd, buf, 0, n, offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, n);
    },
    close: () => closeSync(fd),
  };
}

export interface RecordingStream {
  channels: ChannelInfo[];
  sampleRate: number;
  annotations: Annotation[];
  /** Chunks of channels x samples, in file order. */
  chunks(): Iterable<Float32Array[]>;
  close(): void;
}

/**
 * Streams a recording chunk by chunk. BDF/EDF are read a few records at a
 * time so that memory does not grow with the file; CSV is read whole.
 */
export function openRecordingStream(path: string, chunkSeconds = 4): RecordingStream {
  if (/\.(bdf|edf)$/i.test(path)) {
    let src: ReturnType<typeof fileSource>;
    try {
      src = fileSource(path);
    } catch {
      return fromRecording(loadRecording(path), chunkSeconds); // reports the error with the file name
    }
    try {
      const reader = new EdfReader(src, path);
      const inFile = reader.timelineAnnotations();
      const per = Math.max(1, Math.round(chunkSeconds / reader.header.recordDuration));
      return {
        channels: reader.channels,
        sampleRate: reader.sampleRate,
        annotations: inFile.length > 0 ? inFile : siblingEvents(path),
        *chunks() {
          for (let r = 0; r < reader.header.recordCount; r += per) {
            yield reader.readRecords(r, Math.min(per, reader.header.recordCount - r));
          }
        },
        close: () => src.close(),
      };
    } catch (e) {
      src.close();
      throw e;
    }
  }
  return fromRecording(loadRecording(path), chunkSeconds);
}

function fromRecording(rec: Recording, chunkSeconds: number): RecordingStream {
  const step = Math.max(1, Math.round(chunkSeconds * rec.sampleRate));
  return {
    channels: rec.channels,
    sampleRate: rec.sampleRate,
    annotations: rec.annotations,
    *chunks() {
      const n = rec.data[0].length;
      for (let i = 0; i < n; i += step) yield rec.data.map((c) => c.subarray(i, Math.min(n, i + step)));
    },
    close: () => {},
  };
}
