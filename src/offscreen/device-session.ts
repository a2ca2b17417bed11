import type { Clock } from '../core/devices/clock';
import { type DeviceKind, streamsFromConnectPage } from '../core/devices/registry';
import type { SimulatedCytonTransport } from '../core/devices/simulated-transport';
import type { Device, DeviceInfo } from '../core/devices/types';
import type { ProfileSource } from '../core/protocol/messages';
import type { Settings } from '../core/state/settings';
import type { StreamStatus } from '../core/state/stream-status';
import type { MadeDevice } from './make-device';
import type { StatusBoard } from './status-board';
import type { WorkerBridge } from './worker-bridge';

export interface DeviceSessionOptions {
  clock: Clock;
  status: StatusBoard;
  worker: WorkerBridge;
  settings: () => Settings | undefined;
  makeDevice: (kind: DeviceKind) => Promise<MadeDevice>;
  /** Whether the Connect page holds an open link to a Bluetooth headset of this kind. */
  hasLink: (kind: DeviceKind) => boolean;
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

const waitingForConnectPage = (kind: DeviceKind) =>
  ({
    state: 'connecting',
    device: kind,
    deviceName: undefined,
    samplesLost: 0,
    message: 'waiting for the Connect page',
  }) as const;

/**
 * The headset the user chose, for as long as the browser runs, whatever
 * carries its bytes (a serial port, the simulator, the Connect page's link
 * for a Bluetooth headset): one lifecycle, one decoder, one watchdog and
 * one loss count. A lost signal is retried with backoff, so the user in the
 * bed needs nobody to click; a Bluetooth headset can only be reached again
 * from the Connect page, so when its link closes the headset is closed.
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
    if (streamsFromConnectPage(kind) && !this.o.hasLink(kind)) this.o.status.set(waitingForConnectPage(kind));
    else void this.run(kind);
  }

  connect(kind: DeviceKind): void {
    if (!this.o.settings()) return;
    // Already on it (a playback may have been given another recording: restart that).
    const state = this.o.status.current.state;
    if (this.wanted === kind && this.device && state !== 'error' && kind !== 'playback') return;
    this.wanted = kind;
    if (streamsFromConnectPage(kind) && !this.o.hasLink(kind)) {
      // The Connect page opens its link once the headset is chosen in the browser's list (linkOpened).
      void this.stop().then(() => this.o.status.set(waitingForConnectPage(kind)));
      return;
    }
    void this.stop().then(() => this.run(kind));
  }

  /** The Connect page opened a link to a Bluetooth headset: that headset is the one. */
  linkOpened(kind: DeviceKind): void {
    if (!this.o.settings()) return;
    this.wanted = kind;
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
    const info = this.device?.info;
    if (!info) return;
    this.o
      .profileSource(info)
      .then((source) => this.o.worker.reload(source, this.o.settings()?.tuning))
      .catch((e: unknown) => this.o.status.set({ message: `The calibration could not be reloaded: ${String(e)}` }));
  }

  /** Runs `kind` until told otherwise, reconnecting after losses with backoff. */
  private async run(kind: DeviceKind): Promise<void> {
    const { status, worker, clock } = this.o;
    const mine = ++this.session;
    let backoff = FIRST_BACKOFF_MS;
    let lost = 0;
    const fromConnectPage = streamsFromConnectPage(kind);
    status.set({ samplesLost: 0 });
    while (mine === this.session) {
      status.set({ state: 'connecting', device: kind, message: undefined });
      let device: Device | undefined;
      try {
        const made = await this.o.makeDevice(kind);
        const d = made.device;
        device = d;
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
        if (fromConnectPage) {
          this.linkEnded({
            state: 'off',
            device: 'none',
            deviceName: undefined,
            message: 'the Connect page closed the link to the headset',
          });
          return;
        }
        status.set({ state: 'signal-lost', message: 'the headset stopped sending' });
      } catch (e) {
        if (mine !== this.session) return;
        const message = e instanceof Error ? e.message : String(e);
        if (fromConnectPage) {
          // Closing the device closes the link: the Connect page says to connect again.
          await device?.close().catch(logClosing);
          this.linkEnded({ state: 'error', message });
          return;
        }
        status.set({ state: 'signal-lost', message });
      }
      await clock.sleep(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  /** A Bluetooth headset's link is over: nothing to retry from here. */
  private linkEnded(patch: Partial<StreamStatus>): void {
    this.device = undefined;
    this.wanted = undefined;
    this.o.status.set(patch);
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
