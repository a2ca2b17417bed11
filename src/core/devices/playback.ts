import type { Annotation, Recording } from '../recording/types';
import type { Clock } from './clock';
import { Listeners } from './listeners';
import type { Device, DeviceEvent, DeviceInfo, SampleBlock } from './types';

/**
 * Plays a recording as if it were a headset, in real time or `speed` times
 * faster, in `chunkMs` blocks. Annotations stay available (`annotationsUntil`)
 * so tests and researchers can see what the user was asked to look at.
 */
export class PlaybackDevice implements Device {
  readonly info: DeviceInfo;
  private readonly listeners = new Listeners<DeviceEvent>();
  private running = false;
  private position = 0;

  constructor(
    private readonly recording: Recording,
    private readonly clock: Clock,
    private readonly options: { speed?: number; chunkMs?: number; name?: string; loop?: boolean } = {},
  ) {
    this.info = {
      kind: 'playback',
      name: options.name ?? 'recording',
      channelNames: recording.channels.map((c) => c.label),
      sampleRate: recording.sampleRate,
      units: 'uV',
    };
  }

  get annotations(): Annotation[] {
    return this.recording.annotations;
  }

  /** Seconds of the recording played so far. */
  get time(): number {
    return this.position / this.recording.sampleRate;
  }

  on(listener: (e: DeviceEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  open(): Promise<void> {
    this.listeners.emit({ type: 'connected', info: this.info });
    return Promise.resolve();
  }

  start(): Promise<void> {
    this.running = true;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.running = false;
    return Promise.resolve();
  }

  async *samples(): AsyncIterable<SampleBlock> {
    const fs = this.recording.sampleRate;
    const total = this.recording.data[0]?.length ?? 0;
    const speed = this.options.speed ?? 1;
    const chunkMs = this.options.chunkMs ?? 40;
    const started = this.clock.now();
    const startPos = this.position;
    while (this.running) {
      if (this.position >= total) {
        if (!this.options.loop) break;
        this.position = 0;
      }
      await this.clock.sleep(chunkMs);
      const due = startPos + Math.floor((((this.clock.now() - started) * speed) / 1000) * fs);
      const end = Math.min(total, Math.max(this.position, due));
      if (end <= this.position) continue;
      const from = this.position;
      this.position = end;
      const n = end - from;
      yield {
        data: this.recording.data.map((c) => c.slice(from, end)),
        timestamps: Float64Array.from({ length: n }, (_, i) => (from + i) / fs),
        counters: Int32Array.from({ length: n }, (_, i) => from + i),
      };
    }
    this.listeners.emit({ type: 'disconnected', reason: this.position >= total ? 'end of recording' : 'stopped' });
  }
}
