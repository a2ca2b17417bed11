import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { detectFormat, KNOWN_FORMATS, openStreamed, type OpenOptions } from '../core/recording/detect';
import { EdfReader, type ByteSource } from '../core/recording/edf';
import { headLines } from '../core/recording/lines';
import { type Annotation, type ChannelInfo, type Recording, RecordingError } from '../core/recording/types';
import { siblingEvents } from './files';
import { fsFault } from './fs-fault';
import { fileChunks } from './file-chunks';
import { fromStreamed } from './streamed-file';

/**
 * A recording on disk, opened by its header: channels, rate, length and
 * trials are known without reading the samples, which are read on demand.
 * No format comes into memory whole (memory stays flat in file length):
 * BDF/EDF are read by record; text and XDF files are read through once for
 * what they hold, then again for the samples.
 */
export interface RecordingFile {
  path: string;
  channels: ChannelInfo[];
  sampleRate: number;
  /** Samples per channel. */
  samples: number;
  /** Trials from the file, or from a sibling NAME_events.tsv. */
  annotations: Annotation[];
  description?: string;
  startTime?: string;
  /** What wrote the file, e.g. "BDF+" or "OpenBCI GUI Raw v6, Cyton (8 channels)". */
  format?: string;
  /** Samples lost on the wire (held at the last value, annotated "lost N"). */
  lost?: number;
  /** What else the file holds, a line each (an XDF's streams). */
  notes?: string[];
  /** Samples in file order, about `seconds` at a time. */
  chunks(seconds?: number): Iterable<Float32Array[]>;
  /**
   * The file as a Recording whose channels read their samples when sliced
   * (`length` and `subarray` only, front to back: how the evaluation and
   * calibration walk a recording), optionally cut after `seconds`.
   */
  lazyRecording(seconds?: number): Recording;
}

/** What stat says about `path`, as a RecordingError naming it. */
export function checkReadable(path: string): number {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new RecordingError(path, 'is a directory, not a recording');
    size = st.size;
  } catch (e) {
    if (e instanceof RecordingError) throw e;
    throw new RecordingError(path, fsFault(e, 'a recording'));
  }
  return size;
}

/** Random-access bytes of a file; each read opens it, so nothing is left open. */
function fileBytes(path: string, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      let fd: number | undefined;
      try {
        fd = openSync(path, 'r');
        let got = 0;
        while (got < n) {
          const k = readSync(fd, buf, got, n - got, offset + got);
          if (k === 0) break;
          got += k;
        }
        return new Uint8Array(buf.buffer, buf.byteOffset, got);
      } catch (e) {
        throw new RecordingError(path, fsFault(e, 'a recording'));
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
  };
}

/** Opens a recording of any supported format, chosen by content; `options.stream` picks an XDF stream. */
export function openRecordingFile(path: string, options: OpenOptions = {}): RecordingFile {
  const size = checkReadable(path);
  if (size === 0) throw new RecordingError(path, 'empty file');
  const bytes = fileBytes(path, size);
  const source = fileChunks(path);
  const format = detectFormat(bytes.read(0, 8), () => headLines(source, path, 1));
  if (format === undefined) throw new RecordingError(path, `unknown format (expected ${KNOWN_FORMATS})`);
  if (format !== 'edf') return fromStreamed(path, openStreamed(source, format, path, options));
  const reader = new EdfReader(bytes, path);
  const inFile = reader.timelineAnnotations();
  const spr = reader.eegSignals[0].samplesPerRecord;
  const recordCount = reader.header.recordCount;
  const channels = reader.channels;
  const file: RecordingFile = {
    path,
    channels,
    sampleRate: reader.sampleRate,
    samples: reader.sampleCount,
    annotations: inFile.length > 0 ? inFile : siblingEvents(path),
    description: reader.header.recording,
    startTime: reader.header.startTime,
    format: `${reader.header.format}${reader.header.variant === 'plain' ? '' : '+'}`,
    *chunks(seconds = 4) {
      const per = Math.max(1, Math.round(seconds / reader.header.recordDuration));
      for (let r = 0; r < recordCount; r += per) yield reader.readRecords(r, Math.min(per, recordCount - r));
    },
    lazyRecording(seconds) {
      const length =
        seconds === undefined ? file.samples : Math.min(file.samples, Math.ceil(seconds * file.sampleRate));
      // About 1 MB of samples per read, shared by all channels.
      const ahead = Math.max(spr, Math.ceil(2 ** 18 / channels.length));
      let first = 0;
      let cached: Float32Array[] = channels.map(() => new Float32Array(0));
      const slice = (c: number, from: number, to: number): Float32Array => {
        if (from < first || to > first + cached[0].length) {
          const r0 = Math.floor(from / spr);
          const r1 = Math.min(recordCount, Math.ceil(Math.max(to, from + ahead) / spr));
          cached = reader.readRecords(r0, Math.max(0, r1 - r0));
          first = r0 * spr;
        }
        return cached[c].subarray(from - first, to - first);
      };
      const data = channels.map(
        (_, c) => ({ length, subarray: (from: number, to: number) => slice(c, from, to) }) as Float32Array,
      );
      return {
        channels,
        sampleRate: file.sampleRate,
        data,
        annotations: file.annotations,
        startTime: file.startTime,
        description: file.description,
      };
    },
  };
  return file;
}

/** A recording already in memory, seen as a file (decoded captures). */
export function fromRecording(path: string, rec: Recording): RecordingFile {
  if (rec.annotations.length === 0) rec.annotations = siblingEvents(path);
  return {
    path,
    channels: rec.channels,
    sampleRate: rec.sampleRate,
    samples: rec.data[0]?.length ?? 0,
    annotations: rec.annotations,
    description: rec.description,
    startTime: rec.startTime,
    *chunks(seconds = 4) {
      const step = Math.max(1, Math.round(seconds * rec.sampleRate));
      const n = rec.data[0].length;
      for (let i = 0; i < n; i += step) yield rec.data.map((c) => c.subarray(i, Math.min(n, i + step)));
    },
    lazyRecording: (seconds) =>
      seconds === undefined
        ? rec
        : { ...rec, data: rec.data.map((c) => c.subarray(0, Math.ceil(seconds * rec.sampleRate))) },
  };
}
