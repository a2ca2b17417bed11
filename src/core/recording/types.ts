/** A labelled span of a recording, e.g. one trial ("13Hz", "rest"). Times in seconds from the recording start. */
export interface Annotation {
  onset: number;
  duration: number;
  label: string;
}

/** A recording kept in the extension's IndexedDB, as listed (the samples are stored apart). */
export interface RecordingMeta {
  id?: number;
  name: string;
  createdAt: number;
  device: string;
  channels: string[];
  sampleRate: number;
  samples: number;
  annotations: Annotation[];
  /** Still being written. */
  open: boolean;
}

export interface ChannelInfo {
  label: string;
  /** Physical unit of `data` after reading: always microvolts for EEG channels. */
  unit: string;
}

/** A whole recording in memory: per-channel samples in microvolts. */
export interface Recording {
  channels: ChannelInfo[];
  sampleRate: number;
  /** One array per channel, all the same length. */
  data: Float32Array[];
  annotations: Annotation[];
  /** ISO-like start date/time when the file carried one. */
  startTime?: string;
  /** Free text kept across conversions (BDF "recording" field). */
  description?: string;
}

/** A file that cannot be read: always names the file and the fault. */
export class RecordingError extends Error {
  constructor(
    readonly file: string,
    readonly fault: string,
  ) {
    super(`${file}: ${fault}`);
    this.name = 'RecordingError';
  }
}

export function recordingDuration(rec: Recording): number {
  return (rec.data[0]?.length ?? 0) / rec.sampleRate;
}

/** Label of the annotation that marks samples lost on the wire (filled by holding the last value). */
export const lostLabel = (samples: number) => `lost ${samples}`;
const LOST = /^lost \d+$/;

/**
 * The annotations that are trials: spans with a duration, not markers and
 * not the `lost N` gaps of a capture (those must never count as rest).
 */
export function trialsOf(annotations: Annotation[]): Annotation[] {
  return annotations.filter((a) => a.duration > 0 && !LOST.test(a.label));
}
