import { Listeners } from './listeners';
import type { Decoder, Device, DeviceEvent, DeviceInfo, SampleBlock } from './types';

/** The thin part a host provides: bytes in, bytes out (Web Serial, a Node stream, the simulator). */
export interface ByteTransport {
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  /** Chunks until the transport closes; throws on a transport error. */
  read(): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/**
 * A device made of a byte transport and a streaming decoder, with the
 * device's start/stop commands. Losses and disconnects become events.
 */
export class ByteStreamDevice implements Device {
  private readonly listeners = new Listeners<DeviceEvent>();
  private running = false;

  constructor(
    readonly info: DeviceInfo,
    private readonly transport: ByteTransport,
    private readonly decoder: Decoder,
    private readonly commands: { start?: Uint8Array[]; stop?: Uint8Array[] } = {},
  ) {}

  on(listener: (e: DeviceEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  async open(): Promise<void> {
    await this.transport.open();
    this.listeners.emit({ type: 'connected', info: this.info });
  }

  async start(): Promise<void> {
    for (const c of this.commands.start ?? []) await this.transport.write(c);
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const c of this.commands.stop ?? []) await this.transport.write(c);
  }

  async close(): Promise<void> {
    this.running = false;
    await this.transport.close();
  }

  async *samples(): AsyncIterable<SampleBlock> {
    try {
      for await (const bytes of this.transport.read()) {
        const { block, lost } = this.decoder.push(bytes);
        if (lost > 0) this.listeners.emit({ type: 'samples-lost', count: lost });
        if (block.timestamps.length > 0) yield block;
      }
      this.listeners.emit({ type: 'disconnected', reason: this.running ? 'the device stopped sending' : 'closed' });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.listeners.emit({ type: 'error', message });
      this.listeners.emit({ type: 'disconnected', reason: message });
    }
  }
}
