import type { Clock } from './clock';
import type { ByteTransport } from './byte-device';
import { SimulatedCyton, type SimulatedCytonOptions } from './simulated-cyton';

/**
 * The simulated headset as a serial port: understands the Cyton start/stop
 * commands and delivers bytes at 250 samples/s in 40 ms chunks, paced by the
 * host's clock. `disconnect()` simulates a pulled dongle.
 */
export class SimulatedCytonTransport implements ByteTransport {
  readonly sim: SimulatedCyton;
  private streaming = false;
  private closed = false;
  private broken = false;
  private sent = 0;
  private startedAt = 0;

  constructor(
    private readonly clock: Clock,
    options: SimulatedCytonOptions = {},
    private readonly chunkMs = 40,
    /** Faster than real time, for soak benchmarks (1 = real time). */
    private readonly speed = 1,
  ) {
    this.sim = new SimulatedCyton(options);
  }

  open(): Promise<void> {
    this.closed = false;
    this.broken = false;
    return Promise.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    const text = new TextDecoder().decode(bytes);
    if (text.includes('b')) {
      this.streaming = true;
      this.startedAt = this.clock.now();
      this.sent = 0;
    }
    if (text.includes('s')) this.streaming = false;
    return Promise.resolve();
  }

  async *read(): AsyncIterable<Uint8Array> {
    while (!this.closed) {
      if (this.broken) throw new Error('the simulated headset was disconnected');
      await this.clock.sleep(this.chunkMs);
      if (!this.streaming || this.closed || this.broken) continue;
      // Catch up with the clock: the number of samples due since start.
      const due = Math.floor(((this.clock.now() - this.startedAt) / 1000) * 250 * this.speed);
      const cap = 250 * Math.max(1, this.speed);
      const n = Math.min(due - this.sent, cap);
      if (n <= 0) continue;
      this.sent = n === cap ? due : this.sent + n;
      yield this.sim.read(n);
    }
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Makes the next read fail as a pulled USB dongle does. */
  disconnect(): void {
    this.broken = true;
  }
}
