import type { DeviceInfo } from '../core/devices/types';
import type { ToPages } from '../core/protocol/messages';
import { heapMB } from './heap-report';

export interface LiveFeedSources {
  info: () => DeviceInfo | undefined;
  scores: () => number[];
  samplesLost: () => number;
  recording: () => ToPages['recording'];
  send: (m: ToPages) => void;
}

/** How long one subscription lasts: pages renew it while they show the signal. */
const SUBSCRIPTION_MS = 3000;
const PERIOD_MS = 100;

/**
 * Raw samples for extension pages (headset check, studio), ten times a
 * second while one listens; nothing is copied while nobody does.
 */
export class LiveFeed {
  private until = 0;
  private parts: Float32Array[][] = [];

  constructor(private readonly from: LiveFeedSources) {
    setInterval(() => this.flush(), PERIOD_MS);
  }

  subscribe(): void {
    this.until = performance.now() + SUBSCRIPTION_MS;
  }

  /** Copies the block: its buffers move to the worker next. */
  push(data: Float32Array[]): void {
    if (performance.now() < this.until) this.parts.push(data.map((c) => c.slice()));
  }

  private flush(): void {
    const info = this.from.info();
    if (performance.now() > this.until || this.parts.length === 0 || !info) {
      this.parts = [];
      return;
    }
    const parts = this.parts;
    this.parts = [];
    this.from.send({
      to: 'pages',
      type: 'live',
      sampleRate: info.sampleRate,
      channels: info.channelNames,
      data: info.channelNames.map((_, c) => parts.flatMap((p) => Array.from(p[c] ?? []))),
      scores: this.from.scores(),
      samplesLost: this.from.samplesLost(),
      recording: this.from.recording(),
      heapMB: heapMB(),
    });
  }
}
