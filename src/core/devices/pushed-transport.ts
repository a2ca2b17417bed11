import type { ByteTransport } from './byte-device';

/**
 * Chunks that arrive from elsewhere (a Bluetooth headset's notifications
 * forwarded by the page that holds it) kept until a device reads them;
 * what the device writes goes back the same way. Reading ends when the
 * sender ends the link.
 */
export class PushedTransport implements ByteTransport {
  private queue: Uint8Array[] = [];
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(
    private readonly send: (bytes: Uint8Array) => void,
    private readonly release: () => void,
    /** Chunks kept while nobody reads; older ones are dropped (the decoder counts them lost). */
    private readonly maxQueued = 4096,
  ) {}

  /** Whether the link is over: nothing more will arrive. */
  get closed(): boolean {
    return this.ended;
  }

  open(): Promise<void> {
    return this.ended ? Promise.reject(new Error('the link to the headset is closed')) : Promise.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new Error('the link to the headset is closed'));
    this.send(bytes);
    return Promise.resolve();
  }

  /** A chunk from the sender. */
  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.queue.push(chunk);
    if (this.queue.length > this.maxQueued) this.queue.shift();
    this.wake?.();
  }

  /** The sender is gone: reading ends after what is queued. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *read(): AsyncIterable<Uint8Array> {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }

  close(): Promise<void> {
    const wasOpen = !this.ended;
    this.queue = [];
    this.end();
    if (wasOpen) this.release();
    return Promise.resolve();
  }
}
