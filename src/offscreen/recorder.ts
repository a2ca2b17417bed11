import type { Annotation } from '../core/recording/types';
import type { DeviceInfo } from '../core/devices/types';
import type { RecordingMeta } from '../core/recording/types';
import { RecordingWriter } from '../extension/recordings-db';
import type { StatusBoard } from './status-board';

/** At most one recording at a time, of the stream as decoded, before the worker takes the samples. */
export class Recorder {
  private writer: RecordingWriter | undefined;

  constructor(private readonly status: StatusBoard) {}

  /** Starts a new recording (closing any running one); fails when no headset streams. */
  async start(name: string, info: DeviceInfo | undefined): Promise<{ id: number }> {
    if (!info || this.status.current.state !== 'streaming') {
      throw new Error('no headset data to record: connect a headset first');
    }
    await this.writer?.close();
    this.writer = await RecordingWriter.create({
      name,
      device: info.kind,
      channels: info.channelNames,
      sampleRate: info.sampleRate,
    });
    return { id: this.writer.id };
  }

  /** The finished recording, or nothing when none ran. */
  async stop(): Promise<RecordingMeta | undefined> {
    const w = this.writer;
    this.writer = undefined;
    return w ? await w.close() : undefined;
  }

  annotate(label: string, duration: number): Annotation | undefined {
    return this.writer?.annotate(label, duration);
  }

  append(data: Float32Array[]): void {
    const w = this.writer;
    if (!w || w.error) return;
    w.append(data);
    // A failed write stopped the recording: said once in the status; the live view keeps showing it.
    if (w.error) this.status.set({ message: w.error });
  }

  /** What the live view shows of the running recording. */
  get progress(): { id: number; samples: number; error?: string } | undefined {
    const w = this.writer;
    return w ? { id: w.id, samples: w.samples, error: w.error } : undefined;
  }
}
