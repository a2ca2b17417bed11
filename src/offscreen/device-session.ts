import type { Clock } from '../core/devices/clock';
import { type DeviceKind, headsetSpec, streamsFromConnectPage } from '../core/devices/registry';
import type { SimulatedCytonTransport } from '../core/devices/simulated-transport';
import type { Device, DeviceInfo } from '../core/devices/types';
import type { ProfileSource } from '../core/protocol/messages';
import type { Settings } from '../core/state/settings';
import type { MessageOf } from '../core/protocol/replies';
import type { MadeDevice } from './make-device';
import type { StatusBoard } from './status-board';
import type { WorkerBridge } from './worker-bridge';

export interface DeviceSessionOptions {
  clock: Clock;
  status: StatusBoard;
  worker: WorkerBridge;
  settings: () => Settings | undefined;
  makeDevice: (kind: DeviceKind) => Promise<MadeDevice>;
  profileSource: (info: DeviceInfo) => Promise<ProfileSource>;
  /** Every block, before its buffers move to the worker (recording, live view). */
  onBlock: (data: Float32Array[]) => void;
}

/** No samples for this long while streaming: the signal is lost even if the port stays open. */
const WATCHDOG_MS = 2000;
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 15000;

// Closing a headset that already went away fails; the stream is over either way, so only the log hears of it.
const logClosing = (e: unknown) => console.warn('[BrainBrowsR] closing the headset:', e);

/** A Connect-page stream described as the table describes its kind, at the rate it reports. */
function externalInfo(m: MessageOf<'offscreen', 'external-samples'>): DeviceInfo {
  const spec = headsetSpec(m.device);
  const count = m.data.length;
  const names = spec?.channelNames(count) ?? [];
  return {
    kind: m.device,
    name: m.name,
    channelNames: names.length === count ? names : Array.from({ length: count }, (_, i) => `channel ${i + 1}`),
    sampleRate: m.sampleRate,
    units: 'uV',
  };
}

/**
 * The headset the user chose, for as long as the browser runs: opened here,
 * or streamed in from the Connect page (Bluetooth). A lost signal is retried
 * with backoff, so the user in the bed needs nobody to click.
 */
export class DeviceSession {
  private device: Device | undefined;
  private sim: SimulatedCytonTransport | undefined;
  private wanted: DeviceKind | undefined;
  /** Bumped to end the running loop: each loop checks it still owns the session. */
  private session = 0;
  private lastSampleAt = 0;
  /** The stream last opened here (kept after it stops: the live view and recorder read it). */
  info: DeviceInfo | undefined;

  constructor(private readonly o: DeviceSessionOptions) {
    setInterval(() => this.watchdog(), 500);
  }

  /** The headset saved in the settings, at start-up, unless one was asked for meanwhile. */
  resume(kind: DeviceKind | 'none'): void {
    // 'none': no headset chosen yet; the Connect page (or npm start) chooses one.
    if (this.wanted || kind === 'none') return;
    this.wanted = kind;
    void this.run(kind);
  }

  connect(kind: DeviceKind): void {
    if (!this.o.settings()) return;
    // Already on it (a playback may have been given another recording: restart that).
    const state = this.o.status.current.state;
    if (this.wanted === kind && this.device && state !== 'error' && kind !== 'playback') return;
    this.wanted = kind;
    if (streamsFromConnectPage(kind)) {
      // They stream from the Connect page (external-samples).
      void this.stop().then(() =>
        this.o.status.set({ state: 'connecting', device: kind, message: 'waiting for the Connect page' }),
      );
      return;
    }
    void this.stop().then(() => this.run(kind));
  }

  disconnect(): void {
    this.wanted = undefined;
    void this.stop().then(() => this.o.status.set({ state: 'off', device: 'none', deviceName: undefined }));
  }

  /** Where the simulated user looks (null: nowhere). */
  gaze(frequency: number | null): void {
    this.sim?.sim.setAttended(frequency);
  }

  simulateDisconnect(): void {
    this.sim?.disconnect();
  }

  /** The profile or the settings changed: the running pipeline gets its profile again. */
  reloadProfile(): void {
    const info = this.device?.info ?? (this.wanted && streamsFromConnectPage(this.wanted) ? this.info : undefined);
    if (!info) return;
    this.o
      .profileSource(info)
      .then((source) => this.o.worker.reload(source, this.o.settings()?.tuning))
      .catch((e: unknown) => this.o.status.set({ message: `The calibration could not be reloaded: ${String(e)}` }));
  }

  /**
   * A block from a Bluetooth headset streaming in the Connect page. The
   * stream is described like one opened here (channel names from the
   * headset table, the rate it reports), so recording, the live view and
   * the user's calibration work the same.
   */
  external(m: MessageOf<'offscreen', 'external-samples'>): void {
    const settings = this.o.settings();
    const { status, worker } = this.o;
    if (this.device || !settings) return;
    if (status.current.device !== m.device || status.current.state !== 'streaming' || !this.info) {
      const mine = ++this.session;
      this.wanted = m.device;
      const info = externalInfo(m);
      this.info = info;
      status.set({
        state: 'streaming',
        device: m.device,
        deviceName: m.name,
        message: 'streaming from the Connect page',
      });
      // Until the profile is read the worker has none, and selects nothing.
      this.o
        .profileSource(info)
        .then((source) => {
          if (mine === this.session) worker.start(source, settings.tuning);
        })
        .catch((e: unknown) => status.set({ state: 'error', message: `No profile for the headset: ${String(e)}` }));
    }
    this.lastSampleAt = performance.now();
    if (m.lost > 0) status.set({ samplesLost: status.current.samplesLost + m.lost });
    this.deliver(m.data.map((c) => Float32Array.from(c)));
  }

  /** Runs `kind` until told otherwise, reconnecting after losses with backoff. */
  private async run(kind: DeviceKind): Promise<void> {
    const { status, worker, clock } = this.o;
    const mine = ++this.session;
    let backoff = FIRST_BACKOFF_MS;
    let lost = 0;
    while (mine === this.session) {
      status.set({ state: 'connecting', device: kind, message: undefined });
      try {
        const made = await this.o.makeDevice(kind);
        const d = made.device;
        this.device = d;
        this.sim = made.sim;
        d.on((e) => {
          if (e.type === 'samples-lost') {
            lost += e.count;
            status.set({ samplesLost: lost });
          }
        });
        await d.open();
        await d.start();
        status.set({ deviceName: d.info.name });
        this.info = d.info;
        worker.start(await this.o.profileSource(d.info), this.o.settings()?.tuning);
        this.lastSampleAt = performance.now();
        for await (const block of d.samples()) {
          if (mine !== this.session) break;
          this.lastSampleAt = performance.now();
          if (status.current.state !== 'streaming') {
            status.set({ state: 'streaming', message: undefined });
            backoff = FIRST_BACKOFF_MS;
          }
          this.deliver(block.data);
        }
        await d.close().catch(logClosing);
        if (mine !== this.session) return;
        status.set({ state: 'signal-lost', message: 'the headset stopped sending' });
      } catch (e) {
        if (mine !== this.session) return;
        status.set({ state: 'signal-lost', message: e instanceof Error ? e.message : String(e) });
      }
      await clock.sleep(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  private deliver(data: Float32Array[]): void {
    this.o.onBlock(data);
    this.o.worker.samples(data);
  }

  private async stop(): Promise<void> {
    this.session++;
    const d = this.device;
    this.device = undefined;
    this.sim = undefined;
    if (d) {
      await d.stop().catch(logClosing);
      await d.close().catch(logClosing);
    }
  }

  private watchdog(): void {
    const { status } = this.o;
    if (status.current.state === 'streaming' && performance.now() - this.lastSampleAt > WATCHDOG_MS) {
      status.set({ state: 'signal-lost', message: 'no data for 2 s' });
    }
  }
}
