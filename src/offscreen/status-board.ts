import type { PublisherMessage } from '../core/protocol/relay';
import { STATUS_OFF, type StreamStatus } from '../core/state/stream-status';
import type { Settings } from '../core/state/settings';

/**
 * The stream's status, of which every change is announced at once to the
 * service worker (which keeps it, and tells each tab only what it draws)
 * and the relay's subscribers. Setting what it already says is no change.
 */
export class StatusBoard {
  private status: StreamStatus = STATUS_OFF;

  constructor(private readonly announce: (s: StreamStatus) => void) {}

  get current(): StreamStatus {
    return this.status;
  }

  set(patch: Partial<StreamStatus>): void {
    const keys = Object.keys(patch) as (keyof StreamStatus)[];
    if (keys.every((k) => this.status[k] === patch[k])) return;
    this.status = { ...this.status, ...patch, updatedAt: Date.now() };
    this.announce(this.status);
  }
}

/** The status as relay subscribers see it, with the targets so they can label detections. */
export function relayStatus(status: StreamStatus, settings: Settings | undefined): PublisherMessage {
  return {
    type: 'status',
    state: status.state,
    device: status.deviceName ?? status.device,
    message: status.message,
    samplesLost: status.samplesLost,
    targets: settings?.layout.targets.map((t) => ({
      index: t.index,
      label: t.label,
      frequency: t.frequency,
      action: t.feedAction,
    })),
  };
}
