import type { ByteChunks } from './lines';

/**
 * Reads a file front to back from its chunks, `n` bytes at a time, holding
 * only what the current read needs. `offset` is where the next read starts.
 */
export class ByteReader {
  offset = 0;
  private readonly chunks: Iterator<Uint8Array>;
  private buffer: Uint8Array = new Uint8Array(0);
  private at = 0;

  constructor(source: ByteChunks) {
    this.chunks = source.chunks()[Symbol.iterator]();
  }

  /** The next `n` bytes, or fewer at the end of the file (none: the file ended). */
  read(n: number): Uint8Array {
    if (this.buffer.length - this.at < n) {
      const parts = [this.buffer.subarray(this.at)];
      let have = parts[0].length;
      while (have < n) {
        const next = this.chunks.next();
        if (next.done) break;
        parts.push(next.value);
        have += next.value.length;
      }
      this.buffer = parts.length === 1 ? parts[0] : concat(parts, have);
      this.at = 0;
    }
    const out = this.buffer.subarray(this.at, this.at + n);
    this.at += out.length;
    this.offset += out.length;
    return out;
  }

  /** Stops reading (a Node host closes the file). */
  close(): void {
    this.chunks.return?.();
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let p = 0;
  for (const part of parts) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}
