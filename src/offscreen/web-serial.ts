import type { ByteTransport } from '../core/devices/byte-device';

/**
 * Web Serial as a byte transport: opens with the device's settings, writes
 * its commands, reads until the port closes or the device is unplugged, and
 * always releases the reader and writer locks so the port can be reopened.
 */
export class WebSerialTransport implements ByteTransport {
  private reader?: ReadableStreamDefaultReader<Uint8Array>;
  private closing = false;
  private unplugged = false;
  private readonly onDisconnect = () => {
    this.unplugged = true;
    // The read loop reports the unplugging; a reader already errored by it cannot be cancelled, and need not be.
    void this.reader?.cancel().catch(() => undefined);
  };

  constructor(
    private readonly port: SerialPort,
    private readonly baudRate: number,
  ) {}

  async open(): Promise<void> {
    this.closing = false;
    this.unplugged = false;
    if (!this.port.readable)
      await this.port.open({
        baudRate: this.baudRate,
        dataBits: 8,
        stopBits: 1,
        parity: 'none',
        bufferSize: 64 * 1024,
      });
    this.port.addEventListener('disconnect', this.onDisconnect);
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.port.writable) throw new Error('the serial port is not writable');
    const writer = this.port.writable.getWriter();
    try {
      await writer.write(bytes);
    } finally {
      writer.releaseLock();
    }
    // The Cyton needs a moment between commands.
    await new Promise((r) => setTimeout(r, 50));
  }

  async *read(): AsyncIterable<Uint8Array> {
    while (this.port.readable && !this.closing) {
      this.reader = this.port.readable.getReader();
      try {
        for (;;) {
          const { value, done } = await this.reader.read();
          if (done) break;
          if (value) yield value;
        }
      } catch (e) {
        // A framing or buffer-overrun error is recoverable: take a new reader.
        if (
          this.unplugged ||
          this.closing ||
          !(e instanceof DOMException && /Framing|Parity|BufferOverrun|Break/.test(e.name))
        ) {
          if (!this.closing)
            throw new Error(this.unplugged ? 'the headset was unplugged' : String((e as Error).message ?? e));
        }
      } finally {
        this.reader.releaseLock();
        this.reader = undefined;
      }
      if (this.unplugged) throw new Error('the headset was unplugged');
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.port.removeEventListener('disconnect', this.onDisconnect);
    // Closing is best effort: a reader already errored and a port already closed (unplugged) reject, and are closed.
    await this.reader?.cancel().catch(() => undefined);
    await this.port.close().catch(() => undefined);
  }
}

export const serialAvailable = () => typeof navigator !== 'undefined' && 'serial' in navigator;
