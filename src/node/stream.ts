import type { Annotation, ChannelInfo } from '../core/recording/types';
import { openRecordingFile } from './recording-file';

export interface RecordingStream {
  channels: ChannelInfo[];
  sampleRate: number;
  annotations: Annotation[];
  /** Chunks of channels x samples, in file order. */
  chunks(): Iterable<Float32Array[]>;
  close(): void;
}

/**
 * Streams a recording chunk by chunk, a few seconds at a time, so that
 * memory does not grow with the file (any format; `stream`: an XDF's stream).
 */
export function openRecordingStream(path: string, chunkSeconds = 4, stream?: string): RecordingStream {
  const file = openRecordingFile(path, { stream });
  return {
    channels: file.channels,
    sampleRate: file.sampleRate,
    annotations: file.annotations,
    chunks: () => file.chunks(chunkSeconds),
    close: () => undefined, // every read opens and closes the file
  };
}
