/** A labelled span of a recording, e.g. one trial ("13Hz", "rest"). Times in seconds from the recording start. */
export interface Annotation {
  onset: number;
  duration: number;
  label: string;
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
