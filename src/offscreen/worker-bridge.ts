import type {
  DetectionInfo,
  FromWorker,
  LongerLook,
  ProfileSource,
  ToBackground,
  ToWorker,
} from '../core/protocol/messages';
import type { Tuning } from '../core/ssvep/tuning';
import { saysNoResponse } from '../core/online/hold';
import type { RelayPublisher } from './relay-publisher';
import type { StatusBoard } from './status-board';

export interface WorkerBridgeOptions {
  status: StatusBoard;
  relay: RelayPublisher;
  toBackground: (m: ToBackground) => void;
  /** The electrode a contact warning names (channel index in the stream). */
  channelName: (channel: number) => string;
}

/**
 * The pipeline Worker's two ends: samples, profile and visible targets in;
 * heartbeats and selections out to the service worker and the relay. The
 * visible targets are kept so that a restarted pipeline gets them again.
 */
export class WorkerBridge {
  private readonly worker = new Worker(new URL('../extension/pipeline.worker.ts', import.meta.url), { type: 'module' });
  private visible: number[] = [];
  private longerLook: LongerLook | undefined;
  /** The newest scores, for the live view. */
  lastScores: number[] = [];

  constructor(private readonly o: WorkerBridgeOptions) {
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.received(e.data);
  }

  /** A (re)started pipeline: its profile, then the targets on screen. */
  start(source: ProfileSource, tuning?: Tuning): void {
    this.post({ type: 'init', source, tuning });
    this.post({ type: 'visible-targets', targets: this.visible, longerLook: this.longerLook });
  }

  /** A new profile for the running pipeline (the targets on screen are unchanged). */
  reload(source: ProfileSource, tuning?: Tuning): void {
    this.post({ type: 'init', source, tuning });
  }

  setVisible(targets: number[], longerLook: LongerLook | undefined): void {
    this.visible = targets;
    this.longerLook = longerLook;
    this.post({ type: 'visible-targets', targets, longerLook });
  }

  /** Hands the block's buffers over to the worker: `data` is unusable afterwards. */
  samples(data: Float32Array[]): void {
    this.post(
      { type: 'samples', data, decodedAt: performance.timeOrigin + performance.now() },
      data.map((c) => c.buffer),
    );
  }

  private post(m: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  private received(m: FromWorker): void {
    const { status, relay, toBackground } = this.o;
    switch (m.type) {
      case 'ready':
        status.set({ calibrated: m.calibrated });
        break;
      case 'heartbeat': {
        const { scores, t, candidate, progress, warmingUp, contact, held, rearming, state } = m.heartbeat;
        // Status changes only when these do: they reach every tab.
        const learning = warmingUp === true;
        const poorContact = contact ? this.o.channelName(contact.channel) : undefined;
        const noResponse = saysNoResponse(held);
        const now = status.current;
        if (
          learning !== (now.learning ?? false) ||
          poorContact !== now.poorContact ||
          noResponse !== (now.noResponse ?? false)
        ) {
          status.set({ learning, poorContact, noResponse });
        }
        this.lastScores = scores;
        toBackground({ to: 'background', type: 'heartbeat', scores, t, candidate, progress, rearming, state });
        relay.publish({ type: 'heartbeat', time: t, scores });
        break;
      }
      case 'selection': {
        const s = m.selection;
        const detection: DetectionInfo = {
          target: s.target,
          label: s.label,
          frequency: s.frequency,
          confidence: s.confidence,
          t: s.t,
          decidedAt: m.decidedAt,
          decodedAt: m.decodedAt,
        };
        toBackground({ to: 'background', type: 'detection', detection });
        relay.publish({
          type: 'detection',
          target: s.target,
          label: s.label,
          frequency: s.frequency,
          time: s.t,
          confidence: s.confidence,
        });
        break;
      }
      case 'error':
        status.set({ state: 'error', message: `classifier: ${m.message}` });
        break;
    }
  }
}
