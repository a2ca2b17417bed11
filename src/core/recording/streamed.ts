import type { Annotation, ChannelInfo } from './types';

/**
 * A recording read once through without keeping its samples: what it holds
 * is known, and `chunks` reads the samples again from the file each time.
 */
export interface StreamedRecording {
  /** What wrote the file, e.g. "OpenBCI GUI Raw v6, Cyton (8 channels)". */
  format: string;
  channels: ChannelInfo[];
  sampleRate: number;
  /** Samples per channel, lost ones (held at the last value) included. */
  samples: number;
  /** Markers and `lost N` spans, on the sample time line. */
  annotations: Annotation[];
  /** Samples lost on the wire, held at the last value. */
  lost: number;
  description?: string;
  /** What else the file holds, a line each (an XDF's streams). */
  notes?: string[];
  /** The samples, `size` per chunk (the last one shorter), in file order. */
  chunks(size: number): Iterable<Float32Array[]>;
}
